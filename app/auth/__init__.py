"""Staff sign-in (URLs under ``/staff``): signing in and out, and each role's landing page.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.auth import sign_in

    bp = Blueprint("auth", __name__, url_prefix="/staff")
    bp.add_url_rule("/sign-in", view_func=sign_in.sign_in, methods=["GET", "POST"])
    bp.add_url_rule("/", view_func=sign_in.home)
    bp.add_url_rule("/sign-out", view_func=sign_in.sign_out_confirm, methods=["GET"])
    bp.add_url_rule("/sign-out", view_func=sign_in.sign_out, methods=["POST"])
    return bp
