"""One unit of work per request: the session commits once, after the view, unless the request failed.

Views and services only flush; the commit happens here (the auto-commit-after-request pattern of MHCLG's
funding-service), so a request's writes land together or not at all. A response under 400 (a page, a redirect)
commits; anything else (a refused form, a 404, an error page) rolls back, so a failed request leaves nothing
half-written. A commit that itself fails raises into Flask's error handlers, so the browser never sees a success
for work that was not stored. The response is only sent after the commit, so the page a redirect leads to, read on
another connection, always sees it.

Jobs and CLI commands have no request and commit themselves. The few writes that must outlast a refusal (a wrong
password or join code counted towards a lockout, then refused with a 400) are kept by ``keep_refused_writes``.
"""

from __future__ import annotations

from flask import Flask, Response, g

from app.extensions import db

FAILED = 400
"""Responses from this status up roll back instead of committing."""
SERVER_ERROR = 500
_KEEP = "unit_of_work_keeps_refused_writes"


def init_unit_of_work(app: Flask) -> None:
    app.after_request(finish_request)


def keep_refused_writes() -> None:
    """Commit this request's writes although its response refuses the request (4xx, never 5xx): for a refusal that
    is itself worth recording, such as a failed sign-in counted towards the lockout."""
    setattr(g, _KEEP, True)


def finish_request(response: Response) -> Response:
    status = response.status_code
    keep_refused = bool(g.pop(_KEEP, False))
    if status < FAILED or (status < SERVER_ERROR and keep_refused):
        db.session.commit()
    else:
        db.session.rollback()
    return response
