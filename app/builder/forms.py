"""Builder forms. They check what one form can see; the survey engine checks the survey as a whole."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.builder.editing import fields_for
from app.surveys.engine import QuestionType

T = QuestionType
QUESTION_TYPES: list[tuple[str, str, str]] = [
    (T.SINGLE_CHOICE, "Single choice", "Pick one answer from a list (radio buttons)"),
    (
        T.MULTIPLE_CHOICE,
        "Multiple choice",
        "Pick any number of answers, optionally with \u201cOther \u2014 please specify\u201d",
    ),
    (T.GRID, "Grid (Likert)", "The same scale for several rows, for example how safe you feel by day and after dark"),
    (T.RANKING, "Ranking", "Pick and order the top choices, for example the three most important priorities"),
    (T.SHORT_TEXT, "Short text", "One line of text"),
    (T.LONG_TEXT, "Long text", "A free-text answer with a character count"),
    (T.NUMBER, "Number", "A whole number, optionally within a range"),
    (T.DATE, "Date", "Day, month and year"),
    (T.WARD, "Ward", "One of the 19 Milton Keynes wards"),
    (T.POSTCODE, "Postcode", "A UK postcode, keeping only part of it"),
    (T.CONSENT, "Consent", "A statement the respondent must agree to"),
    (T.INFORMATION, "Information", "Text for respondents to read, with no answer"),
    (T.FACE_SCALE, "Face scale", "Faces paired with words, for pupils"),
]
AUDIENCES = [
    ("public", "Residents and the public"),
    ("stakeholder", "Invited stakeholder organisations"),
    ("schools", "Pupils in class sessions"),
]
MAX_DEFINITION_BYTES = 512 * 1024


class SurveyCreateForm(FlaskForm):
    title = StringField("Survey title", validators=[DataRequired("Enter a survey title"), Length(max=200)])
    audience = RadioField(
        "Who is this survey for?", choices=AUDIENCES, validators=[InputRequired("Select who the survey is for")]
    )
    introduction = TextAreaField(
        "Introduction",
        validators=[DataRequired("Enter an introduction"), Length(max=2000)],
        description="Shown on the first page: what the survey is about and how the answers will be used.",
    )


class SurveyDetailsForm(FlaskForm):
    title = StringField("Survey title", validators=[DataRequired("Enter a survey title"), Length(max=200)])
    description = TextAreaField("Description (optional)", validators=[Optional(), Length(max=2000)])


class PageForm(FlaskForm):
    title = StringField("Page title", validators=[DataRequired("Enter a page title"), Length(max=300)])
    description = TextAreaField("Page description (optional)", validators=[Optional(), Length(max=2000)])


class QuestionTypeForm(FlaskForm):
    question_type = RadioField(
        "What type of question?",
        choices=[(value, label) for value, label, _ in QUESTION_TYPES],
        validators=[InputRequired("Select a type of question")],
    )


def _lines_max(limit: int) -> Any:
    def check(_form: FlaskForm, field: TextAreaField) -> None:
        if len([line for line in (field.data or "").splitlines() if line.strip()]) > limit:
            raise ValidationError(f"Enter no more than {limit} lines")

    return check


class QuestionForm(FlaskForm):
    """Every field any question type uses; `fields_for(type)` picks the ones a type shows and checks."""

    page_title = StringField("Title of the new page", validators=[Length(max=300)])
    label = StringField("Question", validators=[Length(max=500)])
    hint = StringField(
        "Hint (optional)",
        validators=[Optional(), Length(max=500)],
        description="Help shown under the question, for example \u201cSelect all that apply\u201d.",
    )
    required = BooleanField("Respondents must answer this question")
    options = TextAreaField("Options", validators=[_lines_max(60)], description="One option on each line.")
    rows = TextAreaField("Rows", validators=[_lines_max(40)], description="One row on each line.")
    other = BooleanField("Add \u201cOther \u2014 please specify\u201d with a text box")
    other_label = StringField("Label for \u201cOther\u201d (optional)", validators=[Optional(), Length(max=200)])
    exclusive = TextAreaField(
        "Options that cannot be combined with any other (optional)",
        validators=[Optional()],
        description="For example \u201cPrefer not to say\u201d. One on each line, exactly as written in the options.",
    )
    max_choices = IntegerField(
        "Most options a respondent may select (optional)",
        validators=[Optional(), NumberRange(min=1, message="Enter 1 or more")],
    )
    pick = IntegerField(
        "How many to rank",
        validators=[Optional(), NumberRange(min=1, message="Enter 1 or more")],
        description="Leave blank for 3.",
    )
    max_length = IntegerField(
        "Character limit (optional)", validators=[Optional(), NumberRange(min=1, max=10000, message="Enter 1 to 10000")]
    )
    min = IntegerField("Smallest number allowed (optional)", validators=[Optional()])
    max = IntegerField("Largest number allowed (optional)", validators=[Optional()])
    not_in_future = BooleanField("The date must not be in the future")
    store = SelectField(
        "How much of the postcode to keep",
        choices=[
            ("", "The first part and the next number (for example MK6 2)"),
            ("outward", "Only the first part (MK6)"),
            ("full", "The full postcode"),
        ],
        validators=[Optional()],
    )
    body = TextAreaField("Text", validators=[Length(max=5000)], description="Leave a blank line between paragraphs.")
    equality = BooleanField(
        "This is an equality monitoring question",
        description="It must be optional and offer \u201cPrefer not to say\u201d.",
    )

    def __init__(self, qtype: QuestionType, *args: Any, new_page: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.qtype = qtype
        self.new_page = new_page
        self.shown = fields_for(qtype)
        self.type_label = next(label for value, label, _ in QUESTION_TYPES if value == qtype).lower()
        if qtype is T.INFORMATION:
            self.label.label.text = "Heading (optional)"
        if qtype is T.CONSENT:
            self.label.label.text = "What the respondent agrees to"
        if qtype is T.GRID:
            self.options.label.text = "Answer scale (columns)"

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        needs = [
            (self.new_page, self.page_title, "Enter a title for the new page"),
            (self.qtype is not T.INFORMATION, self.label, "Enter the question"),
            ("options" in self.shown, self.options, "Enter at least one option"),
            (self.qtype is T.GRID, self.rows, "Enter at least one row"),
            (self.qtype is T.INFORMATION, self.body, "Enter the text"),
        ]
        for needed, field, message in needs:
            if needed and not (field.data or "").strip():
                field.errors = [*field.errors, message]
                ok = False
        return ok

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name).data for name in self.shown}


class MoveForm(FlaskForm):
    direction = RadioField("Direction", choices=[("up", "Up"), ("down", "Down")], validators=[InputRequired()])


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token, for actions confirmed by pressing a button."""


class ConditionSourceForm(FlaskForm):
    source = RadioField(
        "Show this only if the respondent\u2019s answer to\u2026",
        validators=[InputRequired("Select a question, or \u201cAlways show\u201d")],
    )


class ConditionValuesForm(FlaskForm):
    values = SelectMultipleField("Is any of", validators=[Optional()])


class DefinitionUploadForm(FlaskForm):
    definition = FileField(
        "Survey definition file (JSON or YAML)", validators=[FileRequired("Select a JSON or YAML file")]
    )


class CopySurveyForm(FlaskForm):
    source = RadioField("Survey to copy", coerce=int, validators=[InputRequired("Select a survey to copy")])


class PublishDraftForm(FlaskForm):
    """The publish confirmation: `stamp` is the digest of the draft shown, so only what the officer saw goes live."""

    stamp = HiddenField(validators=[DataRequired()])
