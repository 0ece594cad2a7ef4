"""Every email the platform sends is kept in an outbox row: in development it is the only delivery (an officer page
shows it); in production the row records that the SMTP hand-over happened."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40), default="general")
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
