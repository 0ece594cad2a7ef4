"""Admin forms for staff accounts. School choices are filled from the database by the view."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from app.auth.services import MIN_PASSWORD_LENGTH
from app.models import Role

ROLE_CHOICES = [
    (Role.OFFICER.value, "Officer"),
    (Role.REVIEWER.value, "Safeguarding reviewer"),
    (Role.TEACHER.value, "Teacher"),
    (Role.DSL.value, "School safeguarding lead"),
    (Role.ADMIN.value, "Admin"),
]
ROLE_HINTS = {
    Role.OFFICER.value: "Runs consultations, surveys, stakeholders and analysis",
    Role.REVIEWER.value: "Reviews pupil answers flagged by the safeguarding screen",
    Role.TEACHER.value: "Runs class sessions for one school and sees only aggregate results",
    Role.DSL.value: "A school\u2019s Designated Safeguarding Lead: reads only their own school\u2019s alerts",
    Role.ADMIN.value: "Everything an officer can do, plus users and the audit log",
}
PASSWORD_RULE = f"Password must be {MIN_PASSWORD_LENGTH} characters or more"


def _school_id(value: object) -> int | None:
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None


def _role_field() -> RadioField:
    return RadioField("Role", choices=ROLE_CHOICES, validators=[DataRequired("Select a role")])


def _school_field() -> SelectField:
    return SelectField("School", coerce=_school_id, validate_choice=False)


class SchoolChoices:
    school_id: SelectField

    def set_schools(self, schools: list[tuple[int, str]]) -> None:
        self.school_id.choices = [("", "No school"), *schools]


class UserCreateForm(SchoolChoices, FlaskForm):
    name = StringField(
        "Full name",
        validators=[
            DataRequired("Enter the person\u2019s full name"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    email = EmailField("Email address", validators=[DataRequired("Enter an email address"), Length(max=254)])
    role = _role_field()
    school_id = _school_field()
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter a password"), Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_RULE)],
    )


class UserRoleForm(SchoolChoices, FlaskForm):
    role = _role_field()
    school_id = _school_field()


class PasswordResetForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[
            DataRequired("Enter a new password"),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_RULE),
        ],
    )
