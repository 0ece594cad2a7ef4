"""Domain errors shared across features, and the error pages."""

from __future__ import annotations

from flask import Flask, render_template
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """Base of errors that services raise and views turn into messages."""


class NotFoundError(DomainError):
    pass


class PermissionDeniedError(DomainError):
    pass


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        template = "errors/429.html" if code == 429 else "errors/http.html"
        response = app.make_response((render_template(template, error=error), code))
        if code == 429:
            response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(OperationalError)
    def database_unavailable(_error: OperationalError):  # type: ignore[no-untyped-def]
        response = app.make_response((render_template("errors/503.html"), 503))
        response.headers["Retry-After"] = "30"
        return response
