"""Domain errors shared across features, and the error pages."""

from __future__ import annotations

from flask import Flask, render_template
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
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
            response.headers["Retry-After"] = response.headers.get("Retry-After", "5")
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeoutError)
    def database_unavailable(_error: Exception):  # type: ignore[no-untyped-def]
        from app.extensions import db

        db.session.rollback()
        response = app.make_response((render_template("errors/503.html"), 503))
        response.headers["Retry-After"] = "30"
        return response
