"""An officer invites organisations' contacts to a stakeholder survey, resends an invite and sends reminders; each
invite is a private link to the organisation's one response."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required
from app.common.errors import DomainError
from app.common.forms import form_page
from app.models import Role
from app.models.types import utcnow
from app.stakeholders import invitations
from app.stakeholders.forms import ConfirmForm, InvitesCreateForm


@roles_required(Role.OFFICER)
def list_invites(survey_id: int) -> ResponseReturnValue:
    survey = invitations.get_stakeholder_survey(survey_id)
    return render_template(
        "stakeholders/list_invites.html",
        survey=survey,
        rows=invitations.invite_rows(survey),
        form=ConfirmForm(),
        now=utcnow(),
    )


@roles_required(Role.OFFICER)
def create_invites(survey_id: int) -> ResponseReturnValue:
    survey = invitations.get_stakeholder_survey(survey_id)
    uninvited = [row for row in invitations.invite_rows(survey) if row.invite is None]
    form = InvitesCreateForm()
    form.organisations.choices = [(row.organisation.id, row.organisation.name) for row in uninvited]
    if form.validate_on_submit():
        chosen = form.organisations.data if form.scope.data == "selected" else None
        try:
            outcome = invitations.create_invites(
                current_actor(), survey, chosen, survey.consultation.close_at_utc, utcnow()
            )
        except DomainError as error:
            form.scope.errors = [str(error)]
        else:
            _flash_outcome(outcome)
            return redirect(url_for(".list_invites", survey_id=survey.id))
    return form_page("stakeholders/create_invites.html", form, survey=survey, uninvited=uninvited)


def _flash_outcome(outcome: invitations.InviteOutcome) -> None:
    count = len(outcome.created)
    flash(f"{count} {'organisation' if count == 1 else 'organisations'} invited and emailed.", "success")
    if outcome.without_contacts:
        names = ", ".join(organisation.name for organisation in outcome.without_contacts)
        flash(f"Not invited, because they have no contacts: {names}. Add a contact, then invite them.", "warning")


@roles_required(Role.OFFICER)
def resend_invite(survey_id: int, invite_id: int) -> ResponseReturnValue:
    survey = invitations.get_stakeholder_survey(survey_id)
    invite = invitations.get_invite(survey, invite_id)
    if ConfirmForm().validate_on_submit():
        sent = invitations.resend_invite(current_actor(), invite, utcnow())
        flash(
            f"A new invitation link was sent to {sent} {'contact' if sent == 1 else 'contacts'}."
            if sent
            else "This organisation has no contacts. Add one, then send the invitation again.",
            "success" if sent else "warning",
        )
    return redirect(url_for(".list_invites", survey_id=survey.id))


@roles_required(Role.OFFICER)
def send_reminders(survey_id: int) -> ResponseReturnValue:
    survey = invitations.get_stakeholder_survey(survey_id)
    if ConfirmForm().validate_on_submit():
        reminded = invitations.send_reminders(current_actor(), survey, utcnow())
        flash(
            f"Reminders sent to {len(reminded)} {'organisation' if len(reminded) == 1 else 'organisations'}.", "success"
        )
    return redirect(url_for(".list_invites", survey_id=survey.id))
