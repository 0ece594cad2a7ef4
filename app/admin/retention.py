"""Data retention: delete what has passed its retention period. Run daily (``flask purge-expired``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, or_, select, update

from app.common.audit import record_event
from app.extensions import db
from app.models import (
    ClassSession,
    ClassSessionStatus,
    Consultation,
    FlagStatus,
    OutboxMessage,
    PupilResponse,
    Response,
    ResponseStatus,
    SafeguardingFlag,
)
from app.models.contacts import OrganisationContact
from app.models.mail import UNDELIVERED
from app.reports import tallies
from app.safeguarding.services import purge_expired as purge_safeguarding

CHUNK = 500


@dataclass(frozen=True)
class RetentionPolicy:
    safeguarding_days: int
    contact_days: int
    draft_days: int
    outbox_days: int
    pupil_response_days: int
    dsl_contact_days: int

    @classmethod
    def from_config(cls, config: Any) -> RetentionPolicy:
        return cls(
            safeguarding_days=int(config["SAFEGUARDING_RETENTION_DAYS"]),
            contact_days=int(config["CONTACT_RETENTION_DAYS"]),
            draft_days=int(config["DRAFT_RETENTION_DAYS"]),
            outbox_days=int(config["OUTBOX_RETENTION_DAYS"]),
            pupil_response_days=int(config["PUPIL_RESPONSE_RETENTION_DAYS"]),
            dsl_contact_days=int(config["DSL_CONTACT_RETENTION_DAYS"]),
        )


@dataclass(frozen=True)
class PurgeReport:
    safeguarding_flags: int
    safeguarding_open_past_retention: int
    contacts: int
    drafts: int
    outbox_messages: int
    safeguarding_decisions: int
    pupil_responses: int
    dsl_contacts: int


def purge_expired(now: datetime, policy: RetentionPolicy) -> PurgeReport:
    safeguarding = purge_safeguarding(now, policy.safeguarding_days)
    report = PurgeReport(
        safeguarding_flags=safeguarding.flags,
        safeguarding_open_past_retention=safeguarding.open_past_retention,
        contacts=_purge_contacts(now, policy.contact_days),
        drafts=_purge_drafts(now, policy.draft_days),
        outbox_messages=_purge_outbox(now, policy.outbox_days),
        safeguarding_decisions=safeguarding.decisions,
        pupil_responses=_purge_pupil_responses(now, policy.pupil_response_days),
        dsl_contacts=_blank_dsl_contacts(now, policy.dsl_contact_days),
    )
    record_event(
        "retention_purged",
        None,
        None,
        contacts=report.contacts,
        drafts=report.drafts,
        outbox_messages=report.outbox_messages,
        pupil_responses=report.pupil_responses,
        dsl_contacts=report.dsl_contacts,
        pupil_response_days=policy.pupil_response_days,
        dsl_contact_days=policy.dsl_contact_days,
    )
    db.session.flush()
    return report


def _purge_contacts(now: datetime, days: int) -> int:
    """Contacts are kept while any consultation might still need them: until ``days`` after the latest close."""
    latest_close = db.session.scalar(select(Consultation.close_at_utc).order_by(Consultation.close_at_utc.desc()))
    if latest_close is None or latest_close + timedelta(days=days) > now:
        return 0
    return db.session.execute(delete(OrganisationContact).execution_options(synchronize_session=False)).rowcount


def _purge_drafts(now: datetime, days: int) -> int:
    """Unsent drafts (and their answers and resume links) of consultations closed more than ``days`` ago."""
    closed_long_ago = select(Consultation.id).where(Consultation.close_at_utc < now - timedelta(days=days))
    return db.session.execute(
        delete(Response)
        .where(Response.status == ResponseStatus.IN_PROGRESS, Response.consultation_id.in_(closed_long_ago))
        .execution_options(synchronize_session=False)
    ).rowcount


def _purge_outbox(now: datetime, days: int) -> int:
    """Delivered (``sent``) and outbox-only (``kept``) mail older than ``days``. Mail not yet delivered (``pending``
    or ``failed``) is never deleted, however old: it is still owed to someone (a DSL's alert, say), and the admin's
    "Not yet delivered" list is where it gets attention."""
    return db.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.created_at_utc < now - timedelta(days=days), OutboxMessage.status.not_in(UNDELIVERED))
        .execution_options(synchronize_session=False)
    ).rowcount


def _ended_before(cutoff: datetime) -> ColumnElement[bool]:
    """A class session that closed before ``cutoff``, or was left open past the end of its day before it."""
    return or_(
        ClassSession.closed_at_utc < cutoff,
        and_(ClassSession.closed_at_utc.is_(None), ClassSession.closes_at_utc < cutoff),
    )


def _purge_pupil_responses(now: datetime, days: int) -> int:
    """Every pupil response (with its answers, their analysis and its session link, which cascade) of consultations
    that closed more than ``days`` ago; a class can only answer while its consultation is open, so each is kept at
    least ``days`` after its session ended. A whole consultation's pupils go at once, never one class at a time:
    school and consultation figures are published only when final, and a figure seen before and after one class
    was deleted would differ by exactly that class, small cells included. The responses are locked first and taken
    out of the dashboards' running totals, so the totals stay equal to a live count of what is left (adults'
    answers). Flags raised on them keep their own retention."""
    closed_long_ago = select(Consultation.id).where(Consultation.close_at_utc < now - timedelta(days=days))
    rows = db.session.execute(
        select(Response.id, Response.consultation_id)
        .join(PupilResponse, PupilResponse.response_id == Response.id)
        .where(Response.consultation_id.in_(closed_long_ago))
        .order_by(Response.id)
        .with_for_update(of=Response)
    ).all()
    by_consultation: dict[int, list[int]] = defaultdict(list)
    for response_id, consultation_id in rows:
        by_consultation[consultation_id].append(response_id)
    for consultation_id, response_ids in by_consultation.items():
        tallies.forget(consultation_id, response_ids)
        for start in range(0, len(response_ids), CHUNK):
            db.session.execute(
                delete(Response)
                .where(Response.id.in_(response_ids[start : start + CHUNK]))
                .execution_options(synchronize_session=False)
            )
    return len(rows)


def _blank_dsl_contacts(now: datetime, days: int) -> int:
    """Forget the safeguarding lead's name and address on class sessions that ended more than ``days`` ago (or were
    planned for a day that long ago and never opened). A session with a flag still waiting for review keeps them, so
    the reviewer can still reach the school's lead about it."""
    cutoff = now - timedelta(days=days)
    never_opened = and_(ClassSession.status == ClassSessionStatus.DRAFT, ClassSession.planned_date < cutoff.date())
    awaiting_review = exists().where(
        SafeguardingFlag.class_session_id == ClassSession.id, SafeguardingFlag.status == FlagStatus.OPEN
    )
    return db.session.execute(
        update(ClassSession)
        .where(
            or_(ClassSession.dsl_name.is_not(None), ClassSession.dsl_email.is_not(None)),
            or_(_ended_before(cutoff), never_opened),
            ~awaiting_review,
        )
        .values(dsl_name=None, dsl_email=None)
        .execution_options(synchronize_session=False)
    ).rowcount
