"""Responses that arrive by other channels (URLs under ``/officers/responses``): officers key in paper and email
responses and import CSV files. The keying, import and received-date services they use belong to
``app.stakeholders``.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.channels import import_responses as imports
    from app.channels import key_responses as keyed

    bp = Blueprint("channels", __name__, url_prefix="/officers/responses")
    bp.add_url_rule("/new", view_func=keyed.start_keyed_response, methods=["GET", "POST"])
    bp.add_url_rule("/<int:response_id>/form", view_func=keyed.enter_keyed_form, methods=["GET", "POST"])
    bp.add_url_rule("/<int:response_id>/confirmation", view_func=keyed.show_keyed_response)
    bp.add_url_rule("/surveys/<int:survey_id>/import", view_func=imports.import_responses, methods=["GET", "POST"])
    bp.add_url_rule("/surveys/<int:survey_id>/import-template.csv", view_func=imports.download_import_template)
    bp.add_url_rule("/imports/<int:batch_id>", view_func=imports.show_import)
    return bp
