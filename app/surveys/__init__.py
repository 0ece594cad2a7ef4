"""Public pages and the resident's journey (URLs from ``/``): the consultation hub and pages, answering a survey,
saving and resuming, and invites. ``engine`` is the pure survey library (no Flask, no database); ``journey_step``
is the one question-page step that residents, pupils, keying and the builder's preview share.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Blueprint


def create_blueprint() -> Blueprint:
    """Flask is imported here, not at the top, so that importing the pure ``app.surveys.engine`` loads no Flask."""
    from flask import Blueprint

    from app.surveys import browse_consultations as browse
    from app.surveys import respond

    bp = Blueprint("surveys", __name__)
    bp.add_url_rule("/", view_func=browse.list_consultations)
    bp.add_url_rule("/privacy", view_func=browse.show_privacy)
    bp.add_url_rule("/accessibility", view_func=browse.show_accessibility)
    bp.add_url_rule("/consultations/<slug>", view_func=browse.show_consultation)
    bp.add_url_rule("/consultations/<slug>/documents/<int:document_id>", view_func=browse.download_document)
    survey = "/consultations/<slug>/<survey_slug>"
    bp.add_url_rule(survey, view_func=respond.start_survey)
    bp.add_url_rule(f"{survey}/questions/<page_id>", view_func=respond.answer_page, methods=["GET", "POST"])
    bp.add_url_rule(f"{survey}/check-answers", view_func=respond.check_answers)
    bp.add_url_rule(f"{survey}/submit", view_func=respond.submit_response, methods=["POST"])
    bp.add_url_rule(f"{survey}/confirmation", view_func=respond.show_confirmation)
    bp.add_url_rule(f"{survey}/saved", view_func=respond.show_saved)
    bp.add_url_rule(f"{survey}/saved/email", view_func=respond.email_resume_link, methods=["POST"])
    bp.add_url_rule("/resume/<token>", view_func=respond.resume_response)
    bp.add_url_rule("/invites/<token>", view_func=respond.open_invite)
    return bp
