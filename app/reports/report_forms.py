"""Forms of the report workspace: the executive summary, strategy priorities, "You said, we did" actions and a
theme's links. Select choices are filled by the view from the consultation's own priorities and actions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

NONE = ""


def _optional_id(value: str | None) -> int | None:
    return int(value) if value else None


class SummaryForm(FlaskForm):
    text = TextAreaField(
        "Executive summary",
        validators=[
            DataRequired("Write the executive summary, or start from the suggested key findings"),
            Length(max=6000, message="The executive summary must be 6000 characters or fewer (about one page)"),
        ],
    )


class PriorityForm(FlaskForm):
    label = StringField(
        "Priority",
        validators=[
            DataRequired("Enter the priority, for example Serious violence, including knife crime"),
            Length(max=200, message="The priority must be 200 characters or fewer"),
        ],
    )
    rating_key = SelectField("Which survey row asks people to rate it?", choices=[], validate_choice=False)


class ActionForm(FlaskForm):
    priority_id = SelectField("Priority", choices=[], validate_choice=False)
    you_said = TextAreaField(
        "You said",
        validators=[
            DataRequired("Enter what people said"),
            Length(max=4000, message="You said must be 4000 characters or fewer"),
        ],
    )
    we_did = TextAreaField(
        "We did",
        validators=[
            DataRequired("Enter what the partnership will do or has changed"),
            Length(max=4000, message="We did must be 4000 characters or fewer"),
        ],
    )

    @property
    def priority(self) -> int | None:
        return _optional_id(self.priority_id.data)


class ThemeLinkForm(FlaskForm):
    priority_id = SelectField("Strategy priority this theme bears on", choices=[], validate_choice=False)
    action_id = SelectField("“You said, we did” action that answers it", choices=[], validate_choice=False)

    @property
    def priority(self) -> int | None:
        return _optional_id(self.priority_id.data)

    @property
    def action(self) -> int | None:
        return _optional_id(self.action_id.data)


class PinForm(FlaskForm):
    """Only the CSRF token: the answer is in the URL."""
