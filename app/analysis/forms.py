"""Forms for coding answers and editing the codebook."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

SENTIMENTS = [("negative", "Negative"), ("neutral", "Neutral"), ("positive", "Positive")]


class AnswerCodingForm(FlaskForm):
    themes = SelectMultipleField("Themes", choices=[], validate_choice=True)
    sentiment = RadioField("Sentiment", choices=SENTIMENTS, validators=[InputRequired("Select a sentiment")])


class BulkCodingForm(FlaskForm):
    answer_ids = SelectMultipleField(
        "Answers",
        coerce=int,
        choices=[],
        validate_choice=False,
        validators=[DataRequired("Select at least one answer")],
    )
    theme = SelectField("Theme to add", choices=[], validators=[DataRequired("Select a theme to add")])


class ThemeForm(FlaskForm):
    label = StringField("Theme name", validators=[DataRequired("Enter a name for the theme"), Length(max=120)])
    description = TextAreaField(
        "What the theme covers", validators=[Length(max=500, message="Description must be 500 characters or less")]
    )
    phrases = TextAreaField(
        "Words and phrases, one per line",
        validators=[Length(max=10000, message="Phrases must be 10,000 characters or less")],
    )
    examples = TextAreaField(
        "Example answers, one per line",
        validators=[Length(max=16000, message="Examples must be 16,000 characters or less")],
    )


class MergeForm(FlaskForm):
    target = SelectField("Merge into", choices=[], validators=[DataRequired("Select the theme to merge into")])


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change something."""


def phrase_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
