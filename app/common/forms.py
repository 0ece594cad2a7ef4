"""Helpers shared by form pages: the error-summary list GOV.UK pages show above a form, and rendering a form page
with the right status."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

Errors = list[dict[str, str]]


def error_list(form: FlaskForm) -> Errors:
    return [{"text": field.errors[0], "href": f"#{field.id}"} for field in form if field.errors]


def form_page(template: str, form: FlaskForm, errors: Errors | None = None, **context: object) -> ResponseReturnValue:
    """A form page showing ``errors`` (a service's refusal), else the form's own; 400 whenever any are shown."""
    shown = errors or error_list(form)
    return render_template(template, form=form, errors=shown, **context), 400 if shown else 200
