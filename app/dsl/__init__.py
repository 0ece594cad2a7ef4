"""A school's designated safeguarding lead (URLs under ``/safeguarding-lead``): confirming their address from the
emailed link, then reading and acknowledging their own school's alerts and adult-contact requests. The services they
use (``app.safeguarding.dsl``, ``school_alerts``) belong to the safeguarding package.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.dsl import review_school_alerts as alerts

    bp = Blueprint("dsl", __name__, url_prefix="/safeguarding-lead")
    bp.add_url_rule("/confirm/<token>", view_func=alerts.confirm_address, methods=["GET", "POST"])
    bp.add_url_rule("/", view_func=alerts.list_school_flags)
    bp.add_url_rule("/flags/<int:flag_id>", view_func=alerts.show_school_flag)
    bp.add_url_rule("/flags/<int:flag_id>/acknowledge", view_func=alerts.acknowledge_flag, methods=["POST"])
    bp.add_url_rule(
        "/contact-requests/<int:request_id>/acknowledge", view_func=alerts.acknowledge_contact_request, methods=["POST"]
    )
    return bp
