"""Reading the audit log and the mail outbox: filtered, paginated, newest first. Every read of the outbox is itself
audited (who, which message ids; never a subject or body). The outbox can be narrowed to mail not yet delivered
(pending or failed), so an admin can see at once what the mail server has not taken."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Generic, TypeVar

from sqlalchemy import Select, distinct, func, select

from app.common.audit import record_event
from app.common.errors import NotFoundError
from app.extensions import db
from app.models import AuditEvent, OutboxMessage, User
from app.models.mail import UNDELIVERED

PAGE_SIZE = 50
T = TypeVar("T")


@dataclass(frozen=True)
class PageOf(Generic[T]):
    items: list[T]
    number: int
    count: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / PAGE_SIZE))


@dataclass(frozen=True)
class AuditFilters:
    """The allow-lists: only actions that have been recorded and users who have acted can be filtered on."""

    actions: list[str]
    actors: list[User]


def _page(query: Select[tuple[T]], number: int) -> PageOf[T]:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    number = min(max(number, 1), max(1, ceil(total / PAGE_SIZE)))
    items = list(db.session.scalars(query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)))
    return PageOf(items, number, len(items), total)


def audit_filters() -> AuditFilters:
    actions = list(db.session.scalars(select(distinct(AuditEvent.action)).order_by(AuditEvent.action)))
    actors = list(
        db.session.scalars(select(User).where(User.id.in_(select(AuditEvent.actor_id))).order_by(User.name, User.id))
    )
    return AuditFilters(actions, actors)


def list_audit_events(
    filters: AuditFilters, *, action: str | None, actor_id: int | None, page: int
) -> PageOf[tuple[AuditEvent, User | None]]:
    query = (
        select(AuditEvent, User)
        .outerjoin(User, AuditEvent.actor_id == User.id)
        .order_by(AuditEvent.at_utc.desc(), AuditEvent.id.desc())
    )
    if action in filters.actions:
        query = query.where(AuditEvent.action == action)
    if actor_id in {user.id for user in filters.actors}:
        query = query.where(AuditEvent.actor_id == actor_id)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    number = min(max(page, 1), max(1, ceil(total / PAGE_SIZE)))
    rows = [
        (event, user) for event, user in db.session.execute(query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE))
    ]
    return PageOf(rows, number, len(rows), total)


def list_outbox(page: int, actor: User, *, undelivered_only: bool = False) -> PageOf[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.created_at_utc.desc(), OutboxMessage.id.desc())
    if undelivered_only:
        query = query.where(OutboxMessage.status.in_(UNDELIVERED))
    shown = _page(query, page)
    record_event(
        "outbox_listed",
        actor,
        None,
        page=shown.number,
        undelivered_only=undelivered_only,
        message_ids=[m.id for m in shown.items],
    )
    return shown


def count_undelivered() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status.in_(UNDELIVERED))) or 0


def get_outbox_message(message_id: int, actor: User) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFoundError(str(message_id))
    record_event("outbox_message_viewed", actor, message, message_id=message.id)
    return message
