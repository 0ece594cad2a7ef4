"""Stakeholder organisations (URLs under ``/officers/stakeholders``): organisations, their contacts, and invites and
reminders to stakeholder surveys. The keying, import and received-date services here serve ``app.channels``.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.stakeholders import invite_organisations as invites
    from app.stakeholders import manage_organisations as manage

    bp = Blueprint("stakeholders", __name__, url_prefix="/officers/stakeholders")
    one = "/organisations/<int:organisation_id>"
    bp.add_url_rule("/", view_func=manage.list_organisations)
    bp.add_url_rule("/organisations/new", view_func=manage.create_organisation, methods=["GET", "POST"])
    bp.add_url_rule(one, view_func=manage.show_organisation)
    bp.add_url_rule(f"{one}/edit", view_func=manage.update_organisation, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/remove", view_func=manage.remove_organisation, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/contacts/new", view_func=manage.add_contact, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/contacts/<int:contact_id>/edit", view_func=manage.update_contact, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/contacts/<int:contact_id>/remove", view_func=manage.remove_contact, methods=["GET", "POST"])
    survey = "/surveys/<int:survey_id>"
    bp.add_url_rule(f"{survey}/invites", view_func=invites.list_invites)
    bp.add_url_rule(f"{survey}/invites/new", view_func=invites.create_invites, methods=["GET", "POST"])
    bp.add_url_rule(f"{survey}/invites/<int:invite_id>/resend", view_func=invites.resend_invite, methods=["POST"])
    bp.add_url_rule(f"{survey}/reminders", view_func=invites.send_reminders, methods=["POST"])
    return bp
