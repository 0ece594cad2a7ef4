"""Stakeholder invites: a personal, expiring link per organisation; one response per invite, editable until close."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select, update

from app.extensions import db
from app.models import Invite, Organisation, Response, ResponseChannel, Survey, SurveyAudience
from app.surveys import responses
from app.surveys.errors import InviteInvalidError
from app.surveys.responses import token_hash


def find_or_create_organisation(name: str, sector: str = "") -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name.strip()))
    if organisation is None:
        organisation = Organisation(name=name.strip(), sector=sector)
        db.session.add(organisation)
        db.session.flush()
    return organisation


def create_invite(survey: Survey, organisation: Organisation, email: str, expires_at: datetime) -> tuple[Invite, str]:
    """Create an invite and return it with its token; the token is shown once and only its hash is kept."""
    if survey.audience != SurveyAudience.STAKEHOLDER:
        raise ValueError("Invites are only for stakeholder surveys")
    token = secrets.token_urlsafe(32)
    invite = Invite(
        survey_id=survey.id,
        organisation_id=organisation.id,
        token_hash=token_hash(token),
        email=email.strip().lower(),
        expires_at_utc=expires_at,
    )
    db.session.add(invite)
    db.session.flush()
    return invite, token


def follow_closing_date(consultation_id: int, previous_close_at_utc: datetime, close_at_utc: datetime) -> int:
    """Invites that were to work until the old closing time now work until the new one, so an extension does not
    shut organisations out early and a reminder never quotes the old date; returns how many moved."""
    survey_ids = select(Survey.id).where(Survey.consultation_id == consultation_id)
    moved = db.session.execute(
        update(Invite)
        .where(Invite.survey_id.in_(survey_ids), Invite.expires_at_utc == previous_close_at_utc)
        .values(expires_at_utc=close_at_utc)
        .execution_options(synchronize_session="fetch")
    )
    return moved.rowcount or 0


def open_invite(token: str, now: datetime) -> tuple[Survey, Response]:
    """The invite's survey and its single response (started now if it has none)."""
    invite = db.session.scalar(select(Invite).where(Invite.token_hash == token_hash(token)))
    if invite is None or invite.expires_at_utc <= now:
        raise InviteInvalidError("invite")
    survey = db.session.get(Survey, invite.survey_id)
    if survey is None:
        raise InviteInvalidError("invite")
    responses.ensure_open(survey, now)
    response = db.session.scalar(select(Response).where(Response.invite_id == invite.id))
    if response is None:
        response = responses.start_draft(
            survey, channel=ResponseChannel.ONLINE, now=now, invite_id=invite.id, organisation_id=invite.organisation_id
        )
    return survey, response
