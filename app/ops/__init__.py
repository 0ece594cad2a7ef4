"""Operations (``/healthz``): what load balancers and deploy checks call. It belongs to no feature.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.ops import health

    bp = Blueprint("ops", __name__)
    bp.add_url_rule("/healthz", view_func=health.check_health)
    return bp
