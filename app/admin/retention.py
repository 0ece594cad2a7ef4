"""Data retention: delete what has passed its retention period. Run daily (``flask purge-expired``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app.common.audit import record_event
from app.extensions import db
from app.models import Consultation, OutboxMessage, Response, ResponseStatus
from app.models.contacts import OrganisationContact
from app.safeguarding.services import purge_expired as purge_safeguarding


@dataclass(frozen=True)
class RetentionPolicy:
    safeguarding_days: int
    contact_days: int
    draft_days: int
    outbox_days: int


@dataclass(frozen=True)
class PurgeReport:
    safeguarding_flags: int
    safeguarding_open_past_retention: int
    contacts: int
    drafts: int
    outbox_messages: int
    safeguarding_decisions: int


def purge_expired(now: datetime, policy: RetentionPolicy) -> PurgeReport:
    safeguarding = purge_safeguarding(now, policy.safeguarding_days)
    report = PurgeReport(
        safeguarding_flags=safeguarding.flags, safeguarding_open_past_retention=safeguarding.open_past_retention,
        contacts=_purge_contacts(now, policy.contact_days), drafts=_purge_drafts(now, policy.draft_days),
        outbox_messages=_purge_outbox(now, policy.outbox_days), safeguarding_decisions=safeguarding.decisions)
    record_event("retention_purged", None, None, contacts=report.contacts, drafts=report.drafts,
                 outbox_messages=report.outbox_messages)
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
        delete(Response).where(Response.status == ResponseStatus.IN_PROGRESS,
                               Response.consultation_id.in_(closed_long_ago))
        .execution_options(synchronize_session=False)
    ).rowcount


def _purge_outbox(now: datetime, days: int) -> int:
    return db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.created_at_utc < now - timedelta(days=days))
        .execution_options(synchronize_session=False)
    ).rowcount
