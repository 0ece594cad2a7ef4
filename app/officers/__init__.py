"""Consultation management for officers (URLs under ``/officers``): the list of consultations, each consultation's
overview, its details and lifecycle, its documents, milestones and published results, and the pupil-comment review
setting. ``consultations`` holds the lifecycle rules; finding a consultation is ``app.consultations.services``.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.officers import manage_consultations as manage
    from app.officers import manage_content as content
    from app.officers import set_pupil_comment_review as pupil_comments

    bp = Blueprint("officers", __name__, url_prefix="/officers")
    one = "/consultations/<int:consultation_id>"
    bp.add_url_rule("/consultations", view_func=manage.list_consultations)
    bp.add_url_rule("/consultations/new", view_func=manage.create_consultation, methods=["GET", "POST"])
    bp.add_url_rule(one, view_func=manage.show_consultation)
    bp.add_url_rule(f"{one}/edit", view_func=manage.update_consultation, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/status/<action>", view_func=manage.change_status, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/documents/new", view_func=content.upload_document, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/documents/<int:document_id>", view_func=content.download_document)
    bp.add_url_rule(f"{one}/documents/<int:document_id>/delete", view_func=content.delete_document, methods=["POST"])
    bp.add_url_rule(f"{one}/milestones/new", view_func=content.create_milestone, methods=["GET", "POST"])
    bp.add_url_rule(
        f"{one}/milestones/<int:milestone_id>/edit", view_func=content.update_milestone, methods=["GET", "POST"]
    )
    bp.add_url_rule(f"{one}/milestones/<int:milestone_id>/delete", view_func=content.delete_milestone, methods=["POST"])
    bp.add_url_rule(f"{one}/results", view_func=content.update_results, methods=["GET", "POST"])
    bp.add_url_rule(
        f"{one}/pupil-comments", view_func=pupil_comments.update_pupil_comment_review, methods=["GET", "POST"]
    )
    return bp
