"""Forms for a school's safeguarding lead: confirming their address (and setting a password), acknowledging alerts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from app.auth.services import MIN_PASSWORD_LENGTH

PASSWORD_RULE = f"Password must be {MIN_PASSWORD_LENGTH} characters or more"


class DslConfirmForm(FlaskForm):
    name = StringField(
        "Your full name",
        validators=[
            DataRequired("Enter your full name"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Create a password",
        validators=[DataRequired("Create a password"), Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_RULE)],
    )
    password_again = PasswordField(
        "Type the password again",
        validators=[DataRequired("Type the password again"), EqualTo("password", message="The passwords do not match")],
    )


class AcknowledgeForm(FlaskForm):
    """A button-only form: CSRF protection for "I have seen this alert"."""
