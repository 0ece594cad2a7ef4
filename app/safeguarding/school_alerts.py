"""What a school's safeguarding lead sees: their own school's flags and adult-contact requests, nothing else, and
acknowledging an alert (which a reviewer can do too) so that it does not escalate.

Every lookup takes the acting user and treats another school's flag as not found, so a guessed id reveals nothing.
A flag whose class session was deleted belongs to no school and is left to the reviewers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.extensions import db
from app.models import AdultContactRequest, ClassSession, FlagStatus, Role, SafeguardingFlag, User


class AcknowledgeError(DomainError):
    pass


def _school_flags(dsl: User) -> Select[tuple[SafeguardingFlag]]:
    return (select(SafeguardingFlag).join(ClassSession, ClassSession.id == SafeguardingFlag.class_session_id)
            .where(ClassSession.school_id == dsl.school_id)
            .options(selectinload(SafeguardingFlag.class_session)))


def list_school_flags(dsl: User) -> list[SafeguardingFlag]:
    """The school's flags still held (within retention): open ones first, most urgent first, then newest first."""
    return list(db.session.scalars(_school_flags(dsl).order_by(
        (SafeguardingFlag.status == FlagStatus.OPEN).desc(), SafeguardingFlag.level_rank.desc(),
        SafeguardingFlag.created_at_utc.desc(), SafeguardingFlag.id.desc())))


def list_school_contact_requests(dsl: User) -> list[tuple[AdultContactRequest, ClassSession]]:
    rows = db.session.execute(
        select(AdultContactRequest, ClassSession).join(ClassSession,
                                                       ClassSession.id == AdultContactRequest.class_session_id)
        .where(ClassSession.school_id == dsl.school_id)
        .order_by(AdultContactRequest.requested_on.desc(), AdultContactRequest.id.desc()))
    return [(request, session) for request, session in rows]


def get_school_flag(dsl: User, flag_id: int) -> SafeguardingFlag:
    """One of the DSL's school's flags; reading it (the pupil's words) is audited."""
    flag = db.session.scalar(_school_flags(dsl).where(SafeguardingFlag.id == flag_id))
    if flag is None:
        raise NotFoundError(str(flag_id))
    record_event("safeguarding_flag_viewed", dsl, flag, by_role=dsl.role.value)
    return flag


def get_flag_to_acknowledge(actor: User, flag_id: int) -> SafeguardingFlag:
    """A DSL may acknowledge their school's flags; reviewers and admins any flag."""
    if actor.role == Role.DSL:
        flag = db.session.scalar(_school_flags(actor).where(SafeguardingFlag.id == flag_id))
    else:
        flag = db.session.get(SafeguardingFlag, flag_id)
    if flag is None:
        raise NotFoundError(str(flag_id))
    return flag


def acknowledge(flag: SafeguardingFlag, actor: User, now: datetime) -> SafeguardingFlag:
    """Record that someone responsible has seen the alert; the first acknowledgement stands."""
    if flag.acknowledged_at_utc is not None:
        raise AcknowledgeError("This alert has already been acknowledged")
    flag.acknowledged_at_utc, flag.acknowledged_by_id = now, actor.id
    db.session.flush()
    record_event("safeguarding_flag_acknowledged", actor, flag, level=flag.level, by_role=actor.role.value)
    return flag


def acknowledged_by(flag: SafeguardingFlag) -> User | None:
    return db.session.get(User, flag.acknowledged_by_id) if flag.acknowledged_by_id else None
