"""What a school's safeguarding lead sees: their own school's flags and adult-contact requests, nothing else, and
acknowledging an alert (which a reviewer can do too) so that it does not escalate, or a pupil's request for an adult
to talk to them, so the lead's list shows which requests someone has taken on (recorded to the day only: the
request is a pupil's, ``app.common.pupil_time``).

Every lookup takes the acting user and treats another school's flag as not found, so a guessed id reveals nothing.
A flag whose class session was deleted belongs to no school and is left to the reviewers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.common.pupil_time import LONDON
from app.extensions import db
from app.models import AdultContactRequest, ClassSession, FlagStatus, Role, SafeguardingFlag, User


class AcknowledgeError(DomainError):
    pass


def _school_flags(dsl: User) -> Select[tuple[SafeguardingFlag]]:
    return (
        select(SafeguardingFlag)
        .join(ClassSession, ClassSession.id == SafeguardingFlag.class_session_id)
        .where(ClassSession.school_id == dsl.school_id, SafeguardingFlag.level != "none")
        .options(selectinload(SafeguardingFlag.class_session))
    )


def list_school_flags(dsl: User) -> list[SafeguardingFlag]:
    """The school's flags still held (within retention): open ones first, most urgent first, then newest first."""
    return list(
        db.session.scalars(
            _school_flags(dsl).order_by(
                (SafeguardingFlag.status == FlagStatus.OPEN).desc(),
                SafeguardingFlag.level_rank.desc(),
                SafeguardingFlag.created_at_utc.desc(),
                SafeguardingFlag.id.desc(),
            )
        )
    )


def _contact_requests() -> Select[tuple[AdultContactRequest, ClassSession]]:
    return select(AdultContactRequest, ClassSession).join(
        ClassSession, ClassSession.id == AdultContactRequest.class_session_id
    )


def list_school_contact_requests(dsl: User) -> list[tuple[AdultContactRequest, ClassSession]]:
    """The school's requests: those nobody has acknowledged first, then newest first."""
    rows = db.session.execute(
        _contact_requests()
        .where(ClassSession.school_id == dsl.school_id)
        .order_by(
            AdultContactRequest.acknowledged_on.is_not(None),
            AdultContactRequest.requested_on.desc(),
            AdultContactRequest.id.desc(),
        )
    )
    return [(request, session) for request, session in rows]


def get_contact_request_to_acknowledge(actor: User, request_id: int) -> AdultContactRequest:
    """A DSL may acknowledge their school's requests; reviewers and admins any request."""
    query = _contact_requests().where(AdultContactRequest.id == request_id)
    if actor.role == Role.DSL:
        query = query.where(ClassSession.school_id == actor.school_id)
    row = db.session.execute(query).first()
    if row is None:
        raise NotFoundError(str(request_id))
    return row[0]


def acknowledge_contact_request(request: AdultContactRequest, actor: User, now: datetime) -> AdultContactRequest:
    """Record who took the request on and on which London day; the first acknowledgement stands."""
    if request.acknowledged_on is not None:
        raise AcknowledgeError("This request has already been acknowledged")
    request.acknowledged_on, request.acknowledged_by_id = now.astimezone(LONDON).date(), actor.id
    db.session.flush()
    record_event("adult_contact_acknowledged", actor, request, by_role=actor.role.value)
    return request


def acknowledgers(requests: list[tuple[AdultContactRequest, ClassSession]]) -> dict[int, User]:
    """Who acknowledged each request, by user id."""
    ids = {request.acknowledged_by_id for request, _ in requests if request.acknowledged_by_id}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


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
