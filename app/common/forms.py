"""Helpers shared by form pages: the error-summary list GOV.UK pages show above a form, and rendering a form page
with the right status."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms.validators import Length, Regexp

Errors = list[dict[str, str]]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def email_checks() -> list[Length | Regexp]:
    """What every email field checks: at most 254 characters (the longest address mail servers accept), and an
    address in the usual form. Whether it may be left blank is each form's own choice."""
    return [
        Length(max=254, message="Email address must be 254 characters or less"),
        Regexp(EMAIL_PATTERN, message="Enter an email address in the correct format, like name@example.org"),
    ]


def error_list(form: FlaskForm) -> Errors:
    return [{"text": field.errors[0], "href": f"#{field.id}"} for field in form if field.errors]


def form_page(template: str, form: FlaskForm, errors: Errors | None = None, **context: object) -> ResponseReturnValue:
    """A form page showing ``errors`` (a service's refusal), else the form's own; 400 whenever any are shown."""
    shown = errors or error_list(form)
    return render_template(template, form=form, errors=shown, **context), 400 if shown else 200
