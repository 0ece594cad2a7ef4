"""The reviewed access table: every endpoint of the app by name, with who may use it, and helpers to request every
route. No patterns: a route added anywhere fails the matrix until someone writes its line here, on purpose.

Values: a set of roles (a signed-in, active staff user with one of them); ``PUBLIC`` (anyone); ``TOKEN`` (anyone
holding a private link, whose token the service checks).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import Rule

PUBLIC, TOKEN = "public", "token"
ROLES = ("officer", "admin", "teacher", "reviewer", "dsl")
STAFF = frozenset(ROLES)
OFFICE = frozenset({"officer", "admin"})
ADMIN = frozenset({"admin"})
TEACHER = frozenset({"teacher"})
DSL = frozenset({"dsl"})
Expected = frozenset[str] | str

ACCESS: dict[str, Expected] = {
    "admin.create_user": ADMIN,
    "admin.deactivate_user": ADMIN,
    "admin.list_audit_events": ADMIN,
    "admin.list_outbox": ADMIN,
    "admin.list_users": ADMIN,
    "admin.reactivate_user": ADMIN,
    "admin.reset_password": ADMIN,
    "admin.show_outbox_message": ADMIN,
    "admin.show_user": ADMIN,
    "admin.update_user_role": ADMIN,
    "analysis.add_theme": OFFICE,
    "analysis.apply_recompute": OFFICE,
    "analysis.bulk_code": OFFICE,
    "analysis.edit_coding": OFFICE,
    "analysis.edit_theme": OFFICE,
    "analysis.keep_coding": OFFICE,
    "analysis.list_answers": OFFICE,
    "analysis.list_emerging": OFFICE,
    "analysis.merge_themes": OFFICE,
    "analysis.retire_theme": OFFICE,
    "analysis.send_to_safeguarding": OFFICE,
    "analysis.show_codebook": OFFICE,
    "analysis.show_job": OFFICE,
    "analysis.show_overview": OFFICE,
    "analysis.start_recompute": OFFICE,
    "auth.home": STAFF,
    "auth.sign_in": PUBLIC,
    "auth.sign_out": PUBLIC,
    "auth.sign_out_confirm": STAFF,
    "builder.add_question": OFFICE,
    "builder.choose_condition": OFFICE,
    "builder.choose_question_type": OFFICE,
    "builder.copy_survey": OFFICE,
    "builder.create_survey": OFFICE,
    "builder.discard_draft": OFFICE,
    "builder.edit_condition": OFFICE,
    "builder.edit_page": OFFICE,
    "builder.edit_question": OFFICE,
    "builder.edit_survey": OFFICE,
    "builder.export_definition": OFFICE,
    "builder.import_survey": OFFICE,
    "builder.import_version": OFFICE,
    "builder.list_surveys": OFFICE,
    "builder.list_versions": OFFICE,
    "builder.move_item": OFFICE,
    "builder.preview_check": OFFICE,
    "builder.preview_page": OFFICE,
    "builder.preview_survey": OFFICE,
    "builder.publish_draft": OFFICE,
    "builder.remove_item": OFFICE,
    "builder.show_response": OFFICE,
    "builder.show_survey": OFFICE,
    "builder.show_version": OFFICE,
    "channels.download_import_template": OFFICE,
    "channels.enter_keyed_form": OFFICE,
    "channels.import_responses": OFFICE,
    "channels.show_import": OFFICE,
    "channels.show_keyed_response": OFFICE,
    "channels.start_keyed_response": OFFICE,
    "dsl.acknowledge_contact_request": frozenset({"admin", "dsl", "reviewer"}),
    "dsl.acknowledge_flag": frozenset({"admin", "dsl", "reviewer"}),
    "dsl.confirm_address": TOKEN,
    "dsl.list_school_flags": DSL,
    "dsl.show_school_flag": DSL,
    "officers.change_status": OFFICE,
    "officers.create_consultation": OFFICE,
    "officers.create_milestone": OFFICE,
    "officers.delete_document": OFFICE,
    "officers.delete_milestone": OFFICE,
    "officers.download_document": OFFICE,
    "officers.list_consultations": OFFICE,
    "officers.show_consultation": OFFICE,
    "officers.update_consultation": OFFICE,
    "officers.update_milestone": OFFICE,
    "officers.update_pupil_comment_review": OFFICE,
    "officers.update_results": OFFICE,
    "officers.upload_document": OFFICE,
    "pupils.adult_request_sent": PUBLIC,
    "pupils.answer_page": PUBLIC,
    "pupils.check_answers": PUBLIC,
    "pupils.finish": PUBLIC,
    "pupils.get_help": PUBLIC,
    "pupils.join": PUBLIC,
    "pupils.no_thanks": PUBLIC,
    "pupils.request_adult": PUBLIC,
    "pupils.stop": PUBLIC,
    "pupils.submit_answers": PUBLIC,
    "pupils.take_part": PUBLIC,
    "pupils.thank_you": PUBLIC,
    "pupils.your_answers": PUBLIC,
    "reports.download_export": OFFICE,
    "reports.show_dashboard": OFFICE,
    "reports.show_export": OFFICE,
    "reports.show_report": OFFICE,
    "reports.start_export": OFFICE,
    "reports.upload_profile": OFFICE,
    "reports.create_action": OFFICE,
    "reports.create_priority": OFFICE,
    "reports.delete_action": OFFICE,
    "reports.delete_priority": OFFICE,
    "reports.list_priorities": OFFICE,
    "reports.list_report_themes": OFFICE,
    "reports.pin_quote": OFFICE,
    "reports.unpin_quote": OFFICE,
    "reports.update_action": OFFICE,
    "reports.update_priority": OFFICE,
    "reports.update_report_theme": OFFICE,
    "reports.update_summary": OFFICE,
    "safeguarding.list_comments": frozenset({"admin", "reviewer"}),
    "safeguarding.list_flags": frozenset({"admin", "reviewer"}),
    "safeguarding.review_flag": frozenset({"admin", "reviewer"}),
    "schools.close_session": TEACHER,
    "schools.create_school": OFFICE,
    "schools.create_session": TEACHER,
    "schools.create_teacher": OFFICE,
    "schools.list_schools": OFFICE,
    "schools.list_sessions": TEACHER,
    "schools.open_session": TEACHER,
    "schools.resend_dsl_confirmation": TEACHER,
    "schools.show_counts": TEACHER,
    "schools.show_projector": TEACHER,
    "schools.show_school": OFFICE,
    "schools.show_school_summary": frozenset({"admin", "officer", "teacher"}),
    "schools.show_session": frozenset({"admin", "officer", "teacher"}),
    "schools.show_summary": frozenset({"admin", "officer", "teacher"}),
    "stakeholders.add_contact": OFFICE,
    "stakeholders.create_invites": OFFICE,
    "stakeholders.create_organisation": OFFICE,
    "stakeholders.list_invites": OFFICE,
    "stakeholders.list_organisations": OFFICE,
    "stakeholders.remove_contact": OFFICE,
    "stakeholders.remove_organisation": OFFICE,
    "stakeholders.resend_invite": OFFICE,
    "stakeholders.send_reminders": OFFICE,
    "stakeholders.show_organisation": OFFICE,
    "stakeholders.update_contact": OFFICE,
    "stakeholders.update_organisation": OFFICE,
    "surveys.answer_page": PUBLIC,
    "surveys.check_answers": PUBLIC,
    "ops.check_health": PUBLIC,
    "surveys.download_document": PUBLIC,
    "surveys.email_resume_link": PUBLIC,
    "surveys.list_consultations": PUBLIC,
    "surveys.open_invite": TOKEN,
    "surveys.resume_response": TOKEN,
    "surveys.show_accessibility": PUBLIC,
    "surveys.show_confirmation": PUBLIC,
    "surveys.show_consultation": PUBLIC,
    "surveys.show_privacy": PUBLIC,
    "surveys.show_saved": PUBLIC,
    "surveys.start_survey": PUBLIC,
    "surveys.submit_response": PUBLIC,
}
"""Endpoint name -> who may use it. ``static`` (the app's own CSS and JavaScript) is the one route left out."""

UNCHECKED = {"static"}
DUMMY = {"IntegerConverter": "999999", "default": "x"}
NAMED = {"fmt": "json", "qtype": "single_choice", "kind": "page", "action": "close", "key": "x"}
"""Plausible values for path parts whose converter alone would not reach the view (``<fmt>`` is one of a few)."""


def rules(app: Flask) -> list[Rule]:
    """Every route of the app in the table, in a stable order, signing out last (the table test names the rest)."""
    found = [rule for rule in app.url_map.iter_rules() if rule.endpoint in ACCESS]
    return sorted(found, key=lambda rule: (rule.endpoint == "auth.sign_out", rule.rule, rule.endpoint))


def methods(rule: Rule) -> list[str]:
    return [method for method in ("GET", "POST") if method in (rule.methods or set())]


def url_of(rule: Rule, **values: str) -> str:
    """The rule's path with a made-up value for each part (ids that exist nowhere unless ``values`` says)."""
    parts = {}
    for name in rule._converters:  # noqa: SLF001 - path parts only (a rule's defaults are arguments too)
        converter = type(rule._converters[name]).__name__  # noqa: SLF001 - the converter says what fits the part
        parts[name] = values.get(name) or NAMED.get(name) or DUMMY.get(converter, DUMMY["default"])
    return rule.build(parts)[1]  # type: ignore[index]
