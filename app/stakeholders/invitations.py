"""Inviting stakeholder organisations to a survey, seeing who has responded, and reminding those who have not.

Only a hash of each invite token is stored, so a link can be emailed only when its token is made. Sending again
(a resend or a reminder) therefore issues a fresh token: the new link replaces the old one, and still opens the
organisation's single response, because the response belongs to the invite, not to the token.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.common.filters import london
from app.common.mail import send_email
from app.extensions import db
from app.models import (
    Consultation,
    Invite,
    Organisation,
    OrganisationContact,
    Response,
    ResponseStatus,
    Survey,
    SurveyAudience,
    SurveyVersion,
    User,
)
from app.stakeholders.errors import NotStakeholderSurveyError
from app.surveys.invites import create_invite
from app.surveys.responses import token_hash


class InviteStatus(enum.StrEnum):
    NOT_INVITED = "not_invited"
    NO_RESPONSE = "no_response"
    STARTED = "started"
    SENT = "sent"
    SENT_OTHERWISE = "sent_otherwise"


STATUS_LABELS = {
    InviteStatus.NOT_INVITED: "Not invited",
    InviteStatus.NO_RESPONSE: "No response",
    InviteStatus.STARTED: "Started",
    InviteStatus.SENT: "Response sent",
    InviteStatus.SENT_OTHERWISE: "Response sent on paper or by email",
}


@dataclass(frozen=True)
class InviteRow:
    organisation: Organisation
    invite: Invite | None
    status: InviteStatus
    contact_count: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class InviteOutcome:
    created: list[Invite]
    without_contacts: list[Organisation]


def list_stakeholder_surveys() -> list[Survey]:
    return list(
        db.session.scalars(
            select(Survey)
            .join(Consultation, Survey.consultation_id == Consultation.id)
            .where(Survey.audience == SurveyAudience.STAKEHOLDER)
            .order_by(Consultation.close_at_utc.desc(), Survey.id.desc())
        )
    )


def get_stakeholder_survey(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise NotFoundError(f"survey {survey_id}")
    if survey.audience != SurveyAudience.STAKEHOLDER:
        raise NotStakeholderSurveyError("Invites are only for stakeholder surveys")
    return survey


def get_invite(survey: Survey, invite_id: int) -> Invite:
    invite = db.session.get(Invite, invite_id)
    if invite is None or invite.survey_id != survey.id:
        raise NotFoundError(f"invite {invite_id}")
    return invite


def invite_rows(survey: Survey) -> list[InviteRow]:
    """Every organisation with its invite to this survey (if any) and how far its response has got."""
    invites = {
        invite.organisation_id: invite
        for invite in db.session.scalars(select(Invite).where(Invite.survey_id == survey.id).order_by(Invite.id))
    }
    statuses = dict(
        db.session.execute(
            select(Response.invite_id, Response.status).where(
                Response.invite_id.in_([invite.id for invite in invites.values()])
            )
        )
        .tuples()
        .all()
    )
    keyed = set(
        db.session.scalars(
            select(Response.organisation_id)
            .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
            .where(
                SurveyVersion.survey_id == survey.id,
                Response.invite_id.is_(None),
                Response.organisation_id.is_not(None),
                Response.status == ResponseStatus.SUBMITTED,
            )
        )
    )
    contacts = _contacts_by_organisation()
    rows = []
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.name, Organisation.id)):
        invite = invites.get(organisation.id)
        status = _status(invite, statuses, sent_otherwise=organisation.id in keyed)
        rows.append(InviteRow(organisation, invite, status, len(contacts.get(organisation.id, []))))
    return rows


def organisation_surveys(organisation: Organisation) -> list[tuple[Survey, InviteRow]]:
    """The organisation's invite and response status for every stakeholder survey, newest consultation first, as the
    invite tracker shows them, so its own page agrees with the tracker."""
    return [
        (survey, row)
        for survey in list_stakeholder_surveys()
        for row in invite_rows(survey)
        if row.organisation.id == organisation.id
    ]


def _status(invite: Invite | None, statuses: dict[int, ResponseStatus], *, sent_otherwise: bool) -> InviteStatus:
    """Sent through the invite wins; else a paper or email response keyed in for the organisation counts as sent."""
    if invite is not None and statuses.get(invite.id) == ResponseStatus.SUBMITTED:
        return InviteStatus.SENT
    if sent_otherwise:
        return InviteStatus.SENT_OTHERWISE
    if invite is None:
        return InviteStatus.NOT_INVITED
    return InviteStatus.NO_RESPONSE if invite.id not in statuses else InviteStatus.STARTED


def _contacts_by_organisation(organisation_ids: Iterable[int] | None = None) -> dict[int, list[OrganisationContact]]:
    query = select(OrganisationContact).order_by(OrganisationContact.id)
    if organisation_ids is not None:
        query = query.where(OrganisationContact.organisation_id.in_(list(organisation_ids)))
    grouped: dict[int, list[OrganisationContact]] = {}
    for contact in db.session.scalars(query):
        grouped.setdefault(contact.organisation_id, []).append(contact)
    return grouped


def create_invites(
    actor: User, survey: Survey, organisation_ids: Iterable[int] | None, expires_at: datetime, now: datetime
) -> InviteOutcome:
    """Invite the chosen organisations (None: all not yet invited) and email each one's contacts the link.

    An organisation already invited is left alone (one invite per organisation per survey); one with no contacts
    is not invited, because its link could not be sent to anyone.
    """
    invited = set(db.session.scalars(select(Invite.organisation_id).where(Invite.survey_id == survey.id)))
    query = select(Organisation).order_by(Organisation.name, Organisation.id)
    if organisation_ids is not None:
        query = query.where(Organisation.id.in_(list(organisation_ids)))
    candidates = [organisation for organisation in db.session.scalars(query) if organisation.id not in invited]
    contacts = _contacts_by_organisation(organisation.id for organisation in candidates)
    outcome = InviteOutcome([], [o for o in candidates if o.id not in contacts])
    try:
        with db.session.begin_nested():
            for organisation in candidates:
                if organisation.id in contacts:
                    invite, token = create_invite(survey, organisation, "", expires_at)
                    _send(survey, invite, token, contacts[organisation.id], now, reminder=False)
                    outcome.created.append(invite)
    except IntegrityError as error:
        raise DomainError("Another officer was inviting organisations at the same time. Try again.") from error
    record_event(
        "invites_created",
        actor,
        survey,
        count=len(outcome.created),
        invite_ids=[invite.id for invite in outcome.created],
    )
    return outcome


def resend_invite(actor: User, invite: Invite, now: datetime) -> int:
    """Email the organisation's contacts a fresh link; returns how many contacts were emailed."""
    contacts = _contacts_by_organisation([invite.organisation_id]).get(invite.organisation_id, [])
    if contacts:
        _send(_survey_of(invite), invite, _new_token(invite), contacts, now, reminder=False)
    record_event("invite_resent", actor, invite, contacts=len(contacts))
    return len(contacts)


def send_reminders(actor: User, survey: Survey, now: datetime) -> list[Invite]:
    """Remind every invited organisation that has not sent its response and whose invite is still valid."""
    reminded = []
    rows = [
        row
        for row in invite_rows(survey)
        if row.invite is not None
        and row.status in (InviteStatus.NO_RESPONSE, InviteStatus.STARTED)
        and row.invite.expires_at_utc > now
        and row.contact_count
    ]
    contacts = _contacts_by_organisation(row.organisation.id for row in rows)
    for row in rows:
        assert row.invite is not None
        _send(survey, row.invite, _new_token(row.invite), contacts[row.organisation.id], now, reminder=True)
        reminded.append(row.invite)
    record_event(
        "invite_reminders_sent", actor, survey, count=len(reminded), invite_ids=[invite.id for invite in reminded]
    )
    return reminded


def _survey_of(invite: Invite) -> Survey:
    survey = db.session.get(Survey, invite.survey_id)
    if survey is None:
        raise NotFoundError(f"survey {invite.survey_id}")
    return survey


def _new_token(invite: Invite) -> str:
    token = secrets.token_urlsafe(32)
    invite.token_hash = token_hash(token)
    db.session.flush()
    return token


def invite_link(token: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for("surveys.open_invite", token=token, _external=False)


def _send(
    survey: Survey, invite: Invite, token: str, contacts: list[OrganisationContact], now: datetime, *, reminder: bool
) -> None:
    organisation = db.session.get(Organisation, invite.organisation_id)
    assert organisation is not None
    subject = ("Reminder: " if reminder else "Invitation: ") + f"{survey.consultation.title} – {survey.title}"
    replaces = invite.sent_at_utc is not None
    for contact in contacts:
        body = _email_body(survey, organisation, contact, invite_link(token), invite.expires_at_utc, reminder, replaces)
        send_email(contact.email, subject, body, category="stakeholder_reminder" if reminder else "stakeholder_invite")
    if reminder:
        invite.reminded_at_utc = now
        invite.reminder_count += 1
    else:
        invite.sent_at_utc = now
    db.session.flush()


def _email_body(
    survey: Survey,
    organisation: Organisation,
    contact: OrganisationContact,
    link: str,
    expires_at: datetime,
    reminder: bool,
    replaces: bool,
) -> str:
    partnership = current_app.config["PARTNERSHIP_NAME"]
    opening = (
        f"We have not yet received {organisation.name}'s response to our consultation, "
        f"{survey.consultation.title}. There is still time to take part."
        if reminder
        else f"{partnership} Community Safety Partnership invites {organisation.name} to respond to our "
        f"consultation, {survey.consultation.title}."
    )
    return "\n\n".join(
        [
            f"Dear {contact.name},",
            opening,
            f"Please answer the {survey.title} on behalf of your organisation using this personal link:\n{link}",
            f"The link works until {london(expires_at)}. You can save your answers and come back, and change them "
            "until the consultation closes. Anyone with the link can answer for your organisation, so please share "
            "it only with colleagues." + (" This link replaces the link we sent you before." if replaces else ""),
            f"Thank you,\n{partnership} Community Safety Partnership",
        ]
    )


def issue_demo_link(survey: Survey, organisation: Organisation, expires_at: datetime) -> str:
    """A working invite token for the demo seed, which may run more than once: one invite per organisation."""
    invite = db.session.scalar(
        select(Invite).where(Invite.survey_id == survey.id, Invite.organisation_id == organisation.id)
    )
    if invite is None:
        return create_invite(survey, organisation, "", expires_at)[1]
    return _new_token(invite)
