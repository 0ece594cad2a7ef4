from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from app.analysis.engine.safeguarding import CATEGORY_LABELS
from app.models import SafeguardingFlag
from app.safeguarding.services import Judgement

NO_CATEGORY = "none"
LEVEL_CHOICES = [("urgent", "Urgent"), ("concern", "Concern"), ("watch", "Watch"), ("none", "Not a concern")]
CATEGORY_CHOICES = [*CATEGORY_LABELS.items(), (NO_CATEGORY, "None")]


class FlagReviewForm(FlaskForm):
    decision = RadioField(
        "What should happen to this answer?",
        choices=[
            ("close", "Close the flag and keep the answer out of reports"),
            ("clear", "Clear the flag and release the answer to reports (it is not a safeguarding concern)"),
        ],
        validators=[DataRequired("Choose what should happen to this answer")],
    )
    reviewed_level = RadioField(
        "In your judgement, what level is this answer?",
        choices=LEVEL_CHOICES,
        validate_choice=False,
        validators=[AnyOf([value for value, _label in LEVEL_CHOICES], "Choose the level you judge this answer to be")],
    )
    reviewed_category = SelectField(
        "Which area?",
        choices=CATEGORY_CHOICES,
        validate_choice=False,
        validators=[
            AnyOf([value for value, _label in CATEGORY_CHOICES], "Choose the area this answer is about, or None")
        ],
    )
    escalated_to = StringField(
        "Escalated to (optional)",
        validators=[Optional(), Length(max=200, message="Escalated to must be 200 characters or fewer")],
    )
    action_taken = TextAreaField(
        "Action taken",
        validators=[DataRequired("Record the action taken, for example who you spoke to and when"), Length(max=4000)],
    )

    @classmethod
    def for_flag(cls, flag: SafeguardingFlag) -> FlagReviewForm:
        """The form with the reviewer's questions starting from what the screen said."""
        return cls(data={"reviewed_level": flag.level, "reviewed_category": flag.category or NO_CATEGORY})

    def judgement(self) -> Judgement:
        category = self.reviewed_category.data
        return Judgement(self.reviewed_level.data or "", None if category == NO_CATEGORY else category)


class ReleaseCommentsForm(FlaskForm):
    """Bulk "Nothing of concern — release": the ticked comments the screen passed (choices set from the queue)."""

    flag_ids = SelectMultipleField(
        "Comments you have read and found nothing of concern in",
        coerce=int,
        validate_choice=False,
        validators=[DataRequired("Tick the comments you have read and want to release")],
    )


class SendToSafeguardingForm(FlaskForm):
    """An officer's "Send to safeguarding" on an answer they are reading."""

    reason = TextAreaField(
        "Why does this answer worry you?",
        validators=[
            DataRequired("Say briefly why this answer worries you"),
            Length(max=500, message="The reason must be 500 characters or fewer"),
        ],
    )
    level = RadioField(
        "How soon should a safeguarding reviewer look at it?",
        default="concern",
        choices=[("concern", "Concern: within one working day"), ("urgent", "Urgent: someone may be at risk now")],
        validators=[DataRequired("Choose concern or urgent")],
    )
