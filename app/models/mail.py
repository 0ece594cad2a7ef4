"""Every email the platform sends is first kept in an outbox row, in the same transaction as whatever caused it, so
a mail server that is down loses nothing: the row waits as ``pending`` until a delivery job (or
``flask deliver-pending-mail`` from cron) hands it to SMTP. With the ``outbox`` backend (development, tests) the row
is the delivery: it is ``kept`` and nothing leaves the server.

No pupil's words ever go into a row: safeguarding alerts say where and what kind, and the reader signs in."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, enum_column, utcnow


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    """Waiting for SMTP; ``attempts`` says how often it has been tried, ``next_attempt_at_utc`` when it is due."""
    SENT = "sent"
    FAILED = "failed"
    """The delivery job gave up retrying; ``flask deliver-pending-mail`` still tries it each time it is due."""
    KEPT = "kept"
    """The ``outbox`` backend: kept here only, nothing was meant to leave the server."""


UNDELIVERED = (MailStatus.PENDING, MailStatus.FAILED)


PRIVATE_CATEGORIES = frozenset(
    {"respondent_answers", "respondent_resume_link", "stakeholder_invite", "stakeholder_reminder"}
)
"""Mail whose text is a respondent's own answers or a private link that opens their response (a resume link, an
organisation's invite): an admin reading the outbox sees that it exists and whether it was delivered, never its text,
since the link would let them read or change the response."""


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_due", "status", "next_attempt_at_utc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40), default="general")
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    status: Mapped[MailStatus] = mapped_column(
        enum_column(MailStatus), default=MailStatus.PENDING, server_default=MailStatus.KEPT.value
    )
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)
    """The kind of failure (an exception class or SMTP code), never any part of the message."""
    about: Mapped[str | None] = mapped_column(String(60), default=None, index=True)
    """What the message is about, as ``Type:id`` (``SafeguardingFlag:12``), so a page can say whether its alert
    has been delivered yet."""

    @property
    def body_withheld(self) -> bool:
        return self.category in PRIVATE_CATEGORIES

    @property
    def delivered(self) -> bool:
        return self.status not in UNDELIVERED
