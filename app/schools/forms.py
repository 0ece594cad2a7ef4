"""Forms for officers (schools, teacher accounts), teachers (class sessions) and pupils (join code, assent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.common.forms import email_checks
from app.schools.services import YEAR_GROUPS


class SchoolCreateForm(FlaskForm):
    name = StringField("School name", validators=[DataRequired("Enter the school's name"), Length(max=200)])


class TeacherCreateForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired("Enter the teacher's name"), Length(max=120)])
    email = EmailField("Email address", validators=[DataRequired("Enter the teacher's email address"), *email_checks()])
    password = PasswordField(
        "Temporary password",
        validators=[
            DataRequired("Enter a temporary password"),
            Length(min=12, max=200, message="The password must be 12 characters or more"),
        ],
    )


class ClassSessionCreateForm(FlaskForm):
    survey_id = SelectField("Survey", coerce=int, validate_choice=False)
    year_group = SelectField(
        "Class",
        choices=[("", "Choose a year group")] + [(y, y) for y in YEAR_GROUPS],
        validators=[DataRequired("Choose the class's year group")],
    )
    day = StringField("Day")
    month = StringField("Month")
    year = StringField("Year")

    def planned_date(self) -> date | None:
        try:
            return date(int(self.year.data or ""), int(self.month.data or ""), int(self.day.data or ""))
        except ValueError:
            return None

    def validate_day(self, _field: Any) -> None:
        if self.planned_date() is None:
            raise ValidationError("Enter the date of the session, for example 27 3 2026")

    def validate_survey_id(self, field: Any) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError("Choose the survey your class will answer")


class OpenSessionForm(FlaskForm):
    dsl_name = StringField(
        "Name of the Designated Safeguarding Lead",
        validators=[DataRequired("Enter the name of your school's safeguarding lead"), Length(max=120)],
    )
    dsl_email = EmailField(
        "Their email address", validators=[DataRequired("Enter the safeguarding lead's email address"), *email_checks()]
    )
    dsl_informed = BooleanField(
        "The safeguarding lead knows this session is happening today",
        validators=[DataRequired("Tell the safeguarding lead before you open the session")],
    )
    parents_notified = BooleanField(
        "Parents and carers were told in advance and could opt their child out",
        validators=[DataRequired("Parents and carers must be told first, with an opt-out")],
    )
    alternative_ready = BooleanField(
        "An alternative activity is ready for pupils who do not take part",
        validators=[DataRequired("Have an alternative activity ready")],
    )


class ConfirmForm(FlaskForm):
    """A button-only form: CSRF protection for actions such as closing a session."""


class JoinForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Type the code from the board")])
