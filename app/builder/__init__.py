"""The survey builder for officers (URLs under ``/officers/surveys``): building a survey's pages and questions and
their show-if conditions, publishing drafts, versions with export, import and copy, and the preview.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.builder import edit_conditions as conditions
    from app.builder import edit_survey as edit
    from app.builder import manage_versions as versions
    from app.builder import preview_survey as preview
    from app.builder import publish_draft as drafts

    bp = Blueprint("builder", __name__, url_prefix="/officers/surveys")
    both = ["GET", "POST"]
    survey, item = "/<int:survey_id>", "/<int:survey_id>/<kind>/<target_id>"
    bp.add_url_rule("/consultations/<int:consultation_id>", view_func=edit.list_surveys)
    bp.add_url_rule("/consultations/<int:consultation_id>/new", view_func=edit.create_survey, methods=both)
    bp.add_url_rule(survey, view_func=edit.show_survey)
    bp.add_url_rule(f"{survey}/details", view_func=edit.edit_survey, methods=both)
    bp.add_url_rule(f"{survey}/pages/<page_id>/edit", view_func=edit.edit_page, methods=both)
    bp.add_url_rule(f"{item}/move", view_func=edit.move_item, methods=["POST"])
    bp.add_url_rule(f"{item}/remove", view_func=edit.remove_item, methods=both)
    bp.add_url_rule(f"{survey}/questions/new", view_func=edit.choose_question_type, methods=both)
    bp.add_url_rule(f"{survey}/questions/new/<qtype>", view_func=edit.add_question, methods=both)
    bp.add_url_rule(f"{survey}/questions/<question_id>/edit", view_func=edit.edit_question, methods=both)
    bp.add_url_rule(f"{item}/condition", view_func=conditions.choose_condition, methods=both)
    bp.add_url_rule(f"{item}/condition/<source_id>", view_func=conditions.edit_condition, methods=both)
    bp.add_url_rule(f"{survey}/draft/publish", view_func=drafts.publish_draft, methods=both)
    bp.add_url_rule(f"{survey}/draft/discard", view_func=drafts.discard_draft, methods=both)
    bp.add_url_rule(f"{survey}/versions", view_func=versions.list_versions)
    bp.add_url_rule(f"{survey}/versions/<int:number>", view_func=versions.show_version)
    bp.add_url_rule(f"{survey}/versions/<int:number>/export.<fmt>", view_func=versions.export_definition)
    bp.add_url_rule("/consultations/<int:consultation_id>/import", view_func=versions.import_survey, methods=both)
    bp.add_url_rule(f"{survey}/import", view_func=versions.import_version, methods=both)
    bp.add_url_rule("/consultations/<int:consultation_id>/copy", view_func=versions.copy_survey, methods=both)
    bp.add_url_rule("/responses/<int:response_id>", view_func=versions.show_response)
    draft, version = f"{survey}/draft/preview", f"{survey}/versions/<int:number>/preview"
    bp.add_url_rule(draft, view_func=preview.preview_survey, defaults={"number": None})
    bp.add_url_rule(version, view_func=preview.preview_survey)
    bp.add_url_rule(f"{draft}/pages/<page_id>", view_func=preview.preview_page, methods=both, defaults={"number": None})
    bp.add_url_rule(f"{version}/pages/<page_id>", view_func=preview.preview_page, methods=both)
    bp.add_url_rule(f"{draft}/check", view_func=preview.preview_check, methods=both, defaults={"number": None})
    bp.add_url_rule(f"{version}/check", view_func=preview.preview_check, methods=both)
    return bp
