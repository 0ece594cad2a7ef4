"""Forms for organisations, contacts, invites, keyed-in responses and CSV imports."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.common.forms import email_checks
from app.stakeholders.imports import MAX_BYTES
from app.stakeholders.services import SECTORS


class OrganisationDetailsForm(FlaskForm):
    name = StringField(
        "Organisation name",
        validators=[
            DataRequired("Enter the organisation's name"),
            Length(max=200, message="Name must be 200 characters or less"),
        ],
    )
    sector = RadioField("Sector", choices=list(SECTORS), validators=[InputRequired("Select the sector")])


class ContactDetailsForm(FlaskForm):
    name = StringField(
        "Full name",
        validators=[
            DataRequired("Enter the contact's name"),
            Length(max=120, message="Name must be 120 characters or less"),
        ],
    )
    email = EmailField("Email address", validators=[DataRequired("Enter the contact's email address"), *email_checks()])
    role = StringField(
        "Role (optional)", validators=[Optional(), Length(max=120, message="Role must be 120 characters or less")]
    )


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


class InvitesCreateForm(FlaskForm):
    scope = RadioField(
        "Which organisations do you want to invite?",
        choices=[("all", "All organisations not yet invited"), ("selected", "Only the organisations I select")],
        default="all",
        validators=[InputRequired("Select which organisations to invite")],
    )
    organisations = SelectMultipleField("Organisations", coerce=int, choices=[], validate_choice=False)

    def validate_organisations(self, field: SelectMultipleField) -> None:
        if self.scope.data == "selected" and not field.data:
            raise ValidationError("Select at least one organisation to invite")


class KeyedResponseStartForm(FlaskForm):
    survey = RadioField(
        "Which survey is the response for?",
        coerce=int,
        choices=[],
        validators=[InputRequired("Select the survey the response is for")],
    )
    channel = RadioField(
        "How did the response arrive?",
        choices=[("paper", "On paper"), ("email", "By email")],
        validators=[InputRequired("Select how the response arrived")],
    )
    organisation = SelectField("Which organisation sent it?", coerce=int, choices=[], default=0)
    received_on_time = BooleanField("The response arrived before the consultation closed")


class ResponsesImportForm(FlaskForm):
    file = FileField("Upload a CSV file", validators=[FileRequired("Select a CSV file")])
    received_on_time = BooleanField("These responses arrived before the consultation closed")

    def validate_file(self, field: FileField) -> None:
        upload = field.data
        filename = (getattr(upload, "filename", "") or "").lower()
        if not filename.endswith(".csv"):
            raise ValidationError("The selected file must be a CSV")
        upload.stream.seek(0, 2)
        size = upload.stream.tell()
        upload.stream.seek(0)
        if size > MAX_BYTES:
            raise ValidationError(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
        if size == 0:
            raise ValidationError("The selected file is empty")
