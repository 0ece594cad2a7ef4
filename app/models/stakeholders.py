"""Stakeholder organisations and the personal invite links they answer through."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sector: Mapped[str] = mapped_column(String(80), default="")
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Invite(db.Model):
    """A personal link for one organisation to answer one stakeholder survey; only a hash of its token is kept."""

    __tablename__ = "invites"
    __table_args__ = (UniqueConstraint("survey_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    expires_at_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    reminded_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    reminder_count: Mapped[int] = mapped_column(default=0, server_default="0")

    organisation: Mapped[Organisation] = relationship()
