"""Helpers shared by forms: the error-summary list GOV.UK pages show above a form."""

from __future__ import annotations

from flask_wtf import FlaskForm


def error_list(form: FlaskForm) -> list[dict[str, str]]:
    return [{"text": field.errors[0], "href": f"#{field.id}"} for field in form if field.errors]
