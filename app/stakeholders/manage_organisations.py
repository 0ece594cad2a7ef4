"""Stakeholder organisations, contacts, invites and reminders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.common.access import roles_required
from app.common.errors import DomainError, NotFoundError
from app.common.forms import form_page
from app.extensions import db
from app.models import Role
from app.models.types import utcnow
from app.stakeholders import invitations, services
from app.stakeholders.errors import NotStakeholderSurveyError
from app.stakeholders.forms import ConfirmForm, ContactDetailsForm, InvitesCreateForm, OrganisationDetailsForm

bp = Blueprint("stakeholders", __name__, url_prefix="/officers/stakeholders")
T = TypeVar("T")


def _or_404(finder: Callable[..., T], *args: Any) -> T:
    try:
        return finder(*args)
    except (NotFoundError, NotStakeholderSurveyError):
        abort(404)


@bp.route("/")
@roles_required(Role.OFFICER)
def list_organisations() -> ResponseReturnValue:
    return render_template("stakeholders/list_organisations.html", rows=services.list_organisations(),
                           surveys=invitations.list_stakeholder_surveys(), sector_label=services.sector_label)


@bp.route("/organisations/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def create_organisation() -> ResponseReturnValue:
    form = OrganisationDetailsForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(current_user, form.name.data or "", form.sector.data or "")
        except DomainError as error:
            form.name.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"{organisation.name} added. Now add a contact.", "success")
            return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return form_page("stakeholders/create_organisation.html", form)


@bp.route("/organisations/<int:organisation_id>")
@roles_required(Role.OFFICER)
def show_organisation(organisation_id: int) -> ResponseReturnValue:
    organisation = _or_404(services.get_organisation, organisation_id)
    return render_template("stakeholders/show_organisation.html", organisation=organisation,
                           contacts=services.list_contacts(organisation),
                           surveys=invitations.organisation_surveys(organisation),
                           sector=services.sector_label(organisation.sector))


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def update_organisation(organisation_id: int) -> ResponseReturnValue:
    organisation = _or_404(services.get_organisation, organisation_id)
    form = OrganisationDetailsForm(obj=organisation)
    if form.validate_on_submit():
        try:
            services.update_organisation(current_user, organisation, form.name.data or "", form.sector.data or "")
        except DomainError as error:
            db.session.rollback()
            form.name.errors = [str(error)]
        else:
            db.session.commit()
            flash("Organisation details saved.", "success")
            return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return form_page("stakeholders/update_organisation.html", form, organisation=organisation)


@bp.route("/organisations/<int:organisation_id>/remove", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def remove_organisation(organisation_id: int) -> ResponseReturnValue:
    organisation = _or_404(services.get_organisation, organisation_id)
    form, problem = ConfirmForm(), None
    if form.validate_on_submit():
        name = organisation.name
        try:
            services.remove_organisation(current_user, organisation)
        except DomainError as error:
            problem = str(error)
        else:
            db.session.commit()
            flash(f"{name} removed.", "success")
            return redirect(url_for(".list_organisations"))
    return form_page("stakeholders/remove_organisation.html", form,
                     [{"text": problem, "href": "#remove"}] if problem else None, organisation=organisation)


@bp.route("/organisations/<int:organisation_id>/contacts/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def add_contact(organisation_id: int) -> ResponseReturnValue:
    organisation = _or_404(services.get_organisation, organisation_id)
    form = ContactDetailsForm()
    if form.validate_on_submit():
        services.add_contact(current_user, organisation, form.name.data or "", form.email.data or "",
                             form.role.data or "")
        db.session.commit()
        flash("Contact added.", "success")
        return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return form_page("stakeholders/add_contact.html", form, organisation=organisation)


@bp.route("/organisations/<int:organisation_id>/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def update_contact(organisation_id: int, contact_id: int) -> ResponseReturnValue:
    organisation = _or_404(services.get_organisation, organisation_id)
    contact = _or_404(services.get_contact, organisation, contact_id)
    form = ContactDetailsForm(obj=contact)
    if form.validate_on_submit():
        services.update_contact(current_user, contact, form.name.data or "", form.email.data or "",
                                form.role.data or "")
        db.session.commit()
        flash("Contact details saved.", "success")
        return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return form_page("stakeholders/update_contact.html", form, organisation=organisation, contact=contact)


@bp.route("/organisations/<int:organisation_id>/contacts/<int:contact_id>/remove", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def remove_contact(organisation_id: int, contact_id: int) -> ResponseReturnValue:
    organisation = _or_404(services.get_organisation, organisation_id)
    contact = _or_404(services.get_contact, organisation, contact_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.remove_contact(current_user, contact)
        db.session.commit()
        flash("Contact removed.", "success")
        return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return render_template("stakeholders/remove_contact.html", form=form, organisation=organisation, contact=contact)


@bp.route("/surveys/<int:survey_id>/invites")
@roles_required(Role.OFFICER)
def list_invites(survey_id: int) -> ResponseReturnValue:
    survey = _or_404(invitations.get_stakeholder_survey, survey_id)
    return render_template("stakeholders/list_invites.html", survey=survey, rows=invitations.invite_rows(survey),
                           form=ConfirmForm(), now=utcnow())


@bp.route("/surveys/<int:survey_id>/invites/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def create_invites(survey_id: int) -> ResponseReturnValue:
    survey = _or_404(invitations.get_stakeholder_survey, survey_id)
    uninvited = [row for row in invitations.invite_rows(survey) if row.invite is None]
    form = InvitesCreateForm()
    form.organisations.choices = [(row.organisation.id, row.organisation.name) for row in uninvited]
    if form.validate_on_submit():
        chosen = form.organisations.data if form.scope.data == "selected" else None
        try:
            outcome = invitations.create_invites(current_user, survey, chosen, survey.consultation.close_at_utc,
                                                 utcnow())
        except DomainError as error:
            db.session.rollback()
            form.scope.errors = [str(error)]
        else:
            db.session.commit()
            _flash_outcome(outcome)
            return redirect(url_for(".list_invites", survey_id=survey.id))
    return form_page("stakeholders/create_invites.html", form, survey=survey, uninvited=uninvited)


def _flash_outcome(outcome: invitations.InviteOutcome) -> None:
    count = len(outcome.created)
    flash(f"{count} {'organisation' if count == 1 else 'organisations'} invited and emailed.", "success")
    if outcome.without_contacts:
        names = ", ".join(organisation.name for organisation in outcome.without_contacts)
        flash(f"Not invited, because they have no contacts: {names}. Add a contact, then invite them.", "warning")


@bp.route("/surveys/<int:survey_id>/invites/<int:invite_id>/resend", methods=["POST"])
@roles_required(Role.OFFICER)
def resend_invite(survey_id: int, invite_id: int) -> ResponseReturnValue:
    survey = _or_404(invitations.get_stakeholder_survey, survey_id)
    invite = _or_404(invitations.get_invite, survey, invite_id)
    if ConfirmForm().validate_on_submit():
        sent = invitations.resend_invite(current_user, invite, utcnow())
        db.session.commit()
        flash(f"A new invitation link was sent to {sent} {'contact' if sent == 1 else 'contacts'}."
              if sent else "This organisation has no contacts. Add one, then send the invitation again.",
              "success" if sent else "warning")
    return redirect(url_for(".list_invites", survey_id=survey.id))


@bp.route("/surveys/<int:survey_id>/reminders", methods=["POST"])
@roles_required(Role.OFFICER)
def send_reminders(survey_id: int) -> ResponseReturnValue:
    survey = _or_404(invitations.get_stakeholder_survey, survey_id)
    if ConfirmForm().validate_on_submit():
        reminded = invitations.send_reminders(current_user, survey, utcnow())
        db.session.commit()
        flash(f"Reminders sent to {len(reminded)} {'organisation' if len(reminded) == 1 else 'organisations'}.",
              "success")
    return redirect(url_for(".list_invites", survey_id=survey.id))
