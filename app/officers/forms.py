"""Officer forms. Dates come in as GOV.UK date inputs (day, month, year) plus a time box, read in Europe/London."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.officers.dates import DateEntryError, DateParts, london_to_utc, parse_date, parse_time, utc_to_parts

REASON_HINT = "This is kept in the audit log with your name, so others can see why it changed."


def _add_error(field: Field, message: str) -> None:
    field.errors = [*field.errors, message]


def _read_date(form: FlaskForm, prefix: str, name: str) -> date | None:
    parts = DateParts(*(form[f"{prefix}_{part}"].data or "" for part in ("day", "month", "year")))
    try:
        return parse_date(parts, name)
    except DateEntryError as error:
        _add_error(form[f"{prefix}_day"], str(error))
        return None


def _read_datetime(form: FlaskForm, prefix: str, name: str) -> datetime | None:
    day = _read_date(form, prefix, f"{name} date")
    try:
        at = parse_time(form[f"{prefix}_time"].data or "", f"{name} time")
    except DateEntryError as error:
        _add_error(form[f"{prefix}_time"], str(error))
        return None
    return london_to_utc(day, at) if day else None


def _fill_datetime(form: FlaskForm, prefix: str, value: datetime) -> None:
    parts, at = utc_to_parts(value)
    form[f"{prefix}_day"].data, form[f"{prefix}_month"].data, form[f"{prefix}_year"].data = (
        parts.day,
        parts.month,
        parts.year,
    )
    form[f"{prefix}_time"].data = at


def _date_boxes() -> tuple[StringField, StringField, StringField]:
    return StringField("Day"), StringField("Month"), StringField("Year")


class ConsultationDetailsForm(FlaskForm):
    title = StringField(
        "Title",
        validators=[DataRequired("Enter a title"), Length(max=200, message="Title must be 200 characters or fewer")],
    )
    summary = TextAreaField(
        "Summary",
        validators=[
            DataRequired("Enter a summary"),
            Length(max=5000, message="Summary must be 5000 characters or fewer"),
        ],
    )


class ConsultationForm(ConsultationDetailsForm):
    open_day, open_month, open_year = _date_boxes()
    open_time = StringField("Opening time")
    close_day, close_month, close_year = _date_boxes()
    close_time = StringField("Closing time")

    open_at_utc: datetime | None = None
    close_at_utc: datetime | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        self.open_at_utc = _read_datetime(self, "open", "Opening")
        self.close_at_utc = _read_datetime(self, "close", "Closing")
        if self.open_at_utc and self.close_at_utc and self.close_at_utc <= self.open_at_utc:
            _add_error(self.close_day, "The closing date must be after the opening date")
        return valid and not any(field.errors for field in self)

    def fill_dates(self, open_at_utc: datetime, close_at_utc: datetime) -> None:
        _fill_datetime(self, "open", open_at_utc)
        _fill_datetime(self, "close", close_at_utc)


class StatusChangeForm(FlaskForm):
    reason = TextAreaField(
        "Reason for the change",
        validators=[
            DataRequired("Enter the reason for the change"),
            Length(max=500, message="Reason must be 500 characters or fewer"),
        ],
    )


class ExtendForm(StatusChangeForm):
    close_day, close_month, close_year = _date_boxes()
    close_time = StringField("New closing time")

    close_at_utc: datetime | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        self.close_at_utc = _read_datetime(self, "close", "New closing")
        return valid and self.close_at_utc is not None


class DocumentForm(FlaskForm):
    title = StringField(
        "Document title",
        validators=[
            DataRequired("Enter the document title"),
            Length(max=200, message="Title must be 200 characters or fewer"),
        ],
    )
    file = FileField("Upload a PDF", validators=[FileRequired("Select a PDF file to upload")])


class MilestoneForm(FlaskForm):
    due_day, due_month, due_year = _date_boxes()
    label = StringField(
        "What happens",
        validators=[
            DataRequired("Enter what happens at this step"),
            Length(max=200, message="What happens must be 200 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "More detail (optional)",
        validators=[Optional(), Length(max=2000, message="More detail must be 2000 characters or fewer")],
    )

    due_on: date | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        self.due_on = _read_date(self, "due", "Date")
        return valid and self.due_on is not None

    def fill_date(self, value: date) -> None:
        self.due_day.data, self.due_month.data, self.due_year.data = str(value.day), str(value.month), str(value.year)


class ResultsForm(FlaskForm):
    we_asked = TextAreaField(
        "We asked", validators=[Optional(), Length(max=10000, message="We asked must be 10000 characters or fewer")]
    )
    you_said = TextAreaField(
        "You said", validators=[Optional(), Length(max=10000, message="You said must be 10000 characters or fewer")]
    )
    we_did = TextAreaField(
        "We did", validators=[Optional(), Length(max=10000, message="We did must be 10000 characters or fewer")]
    )
