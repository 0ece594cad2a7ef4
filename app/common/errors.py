"""Domain errors shared across features, and the error pages."""

from __future__ import annotations

from flask import Flask, render_template
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, NotFound


class DomainError(Exception):
    """Base of errors that services raise and views turn into messages."""


class NotFoundError(DomainError):
    """A service's ``get_*`` found no such row (or none this user may see). Views let it propagate: the one handler in
    ``register_error_handlers`` turns it into the 404 page, so no view needs its own ``or_404`` wrapper."""


MAX_LISTED_PROBLEMS = 20
"""Problems a page lists from one uploaded file; a file of thousands of bad rows must not become a huge page."""


def listed_problems(problems: list[str], limit: int = MAX_LISTED_PROBLEMS) -> list[str]:
    """The first ``limit`` problems, then one line saying how many more there are."""
    if len(problems) <= limit:
        return problems
    more = len(problems) - limit
    return [
        *problems[:limit],
        f"There {'is' if more == 1 else 'are'} {more:,} more "
        f"{'problem' if more == 1 else 'problems'} not listed here. "
        "Fix these and upload the file again to see them",
    ]


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        template = "errors/429.html" if code == 429 else "errors/http.html"
        response = app.make_response((render_template(template, error=error), code))
        if code == 429:
            response.headers["Retry-After"] = response.headers.get("Retry-After", "5")
        return response

    @app.errorhandler(NotFoundError)
    def not_found(_error: NotFoundError):
        return http_error(NotFound())

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeoutError)
    def database_unavailable(_error: Exception):
        from app.extensions import db

        db.session.rollback()
        response = app.make_response((render_template("errors/503.html"), 503))
        response.headers["Retry-After"] = "30"
        return response
