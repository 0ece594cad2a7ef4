from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from app.analysis.engine.safeguarding import CATEGORY_LABELS
from app.models import SafeguardingFlag
from app.safeguarding.services import Judgement

NO_CATEGORY = "none"
LEVEL_CHOICES = [("urgent", "Urgent"), ("concern", "Concern"), ("watch", "Watch"), ("none", "Not a concern")]
CATEGORY_CHOICES = [*CATEGORY_LABELS.items(), (NO_CATEGORY, "None")]


class FlagReviewForm(FlaskForm):
    decision = RadioField("What should happen to this answer?", choices=[
        ("close", "Close the flag and keep the answer out of reports"),
        ("clear", "Clear the flag and release the answer to reports (it is not a safeguarding concern)"),
    ], validators=[DataRequired("Choose what should happen to this answer")])
    reviewed_level = RadioField("In your judgement, what level is this answer?", choices=LEVEL_CHOICES,
                                validate_choice=False, validators=[
                                    AnyOf([value for value, _label in LEVEL_CHOICES],
                                          "Choose the level you judge this answer to be")])
    reviewed_category = SelectField("Which area?", choices=CATEGORY_CHOICES, validate_choice=False, validators=[
        AnyOf([value for value, _label in CATEGORY_CHOICES], "Choose the area this answer is about, or None")])
    action_taken = TextAreaField("Action taken", validators=[
        DataRequired("Record the action taken, for example who you spoke to and when"), Length(max=4000)])

    @classmethod
    def for_flag(cls, flag: SafeguardingFlag) -> FlagReviewForm:
        """The form with the reviewer's questions starting from what the screen said."""
        return cls(data={"reviewed_level": flag.level, "reviewed_category": flag.category or NO_CATEGORY})

    def judgement(self) -> Judgement:
        category = self.reviewed_category.data
        return Judgement(self.reviewed_level.data or "", None if category == NO_CATEGORY else category)
