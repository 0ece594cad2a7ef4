"""The health check load balancers and deploy scripts call: it belongs to no feature."""

from __future__ import annotations

from flask.typing import ResponseReturnValue
from sqlalchemy import select

from app.common.access import public
from app.extensions import db


@public
def check_health() -> ResponseReturnValue:
    """For load balancers and deploy checks: 200 only when the database answers."""
    db.session.execute(select(1))
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
