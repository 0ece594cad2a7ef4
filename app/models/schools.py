"""Class sessions for pupils, and the safeguarding records that come out of them.

Nothing here identifies a pupil: a session knows its school, class (year group) and day; a pupil's response is
linked to its session only through ``PupilResponse``; an adult-contact request knows only its session.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.consultations import Survey
from app.models.types import UTCDateTime, enum_column, utcnow
from app.models.users import School, User


class ClassSessionStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class ClassSession(db.Model):
    """One class answering the schools survey together; pupils join with ``join_code`` while it is open."""

    __tablename__ = "class_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    year_group: Mapped[str] = mapped_column(String(20))
    planned_date: Mapped[date] = mapped_column(Date)
    status: Mapped[ClassSessionStatus] = mapped_column(
        enum_column(ClassSessionStatus), default=ClassSessionStatus.DRAFT
    )
    dsl_name: Mapped[str | None] = mapped_column(String(120), default=None)
    dsl_email: Mapped[str | None] = mapped_column(String(254), default=None)
    dsl_informed: Mapped[bool] = mapped_column(default=False)
    parents_notified: Mapped[bool] = mapped_column(default=False)
    alternative_ready: Mapped[bool] = mapped_column(default=False)
    join_code: Mapped[str | None] = mapped_column(String(6), unique=True, default=None)
    joined_count: Mapped[int] = mapped_column(default=0)
    opened_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closes_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    school: Mapped[School] = relationship()
    teacher: Mapped[User] = relationship()
    survey: Mapped[Survey] = relationship()

    @property
    def checklist_complete(self) -> bool:
        return bool(
            self.dsl_name and self.dsl_email and self.dsl_informed and self.parents_notified and self.alternative_ready
        )

    def is_open(self, now: datetime) -> bool:
        """Open by status and by time: a session left open past the end of its day is closed for every request."""
        return self.status == ClassSessionStatus.OPEN and self.closes_at_utc is not None and now < self.closes_at_utc


class PupilResponse(db.Model):
    """Which class session a pupil's response came from (for class and school aggregates); nothing more."""

    __tablename__ = "pupil_responses"

    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True)
    class_session_id: Mapped[int] = mapped_column(ForeignKey("class_sessions.id"), index=True)


class FlagStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CLEARED = "cleared"


class SafeguardingFlag(db.Model):
    """A screened pupil text held for a reviewer. While quarantined, the text lives only here: its answer row is
    taken out of ``answers`` (so no report or export can include it) and put back only if a reviewer clears it."""

    __tablename__ = "safeguarding_flags"
    __table_args__ = (Index("ix_safeguarding_flags_status_rank", "status", "level_rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("class_sessions.id", ondelete="SET NULL"), index=True, default=None
    )
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id", ondelete="SET NULL"), default=None)
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="SET NULL"), default=None
    )
    item: Mapped[str | None] = mapped_column(String(80), default=None)
    text: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    level_rank: Mapped[int] = mapped_column(default=0)
    category: Mapped[str | None] = mapped_column(String(40), default=None)
    triggers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    screened_by: Mapped[str] = mapped_column(String(16), server_default="rules")
    """Which screen set the level: ``rules``, ``model`` (the learned screen alone, so ``triggers`` may be empty) or
    ``both``; flags raised before the learned screen are ``rules``; ``officer`` when an officer sent the answer to
    safeguarding (``raised_by_id``, ``raised_reason``)."""
    screen_score: Mapped[float | None] = mapped_column(default=None)
    """The learned screen's flag score (higher reads more like a disclosure); orders the queue after the level."""
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    raised_reason: Mapped[str | None] = mapped_column(Text, default=None)
    escalated_to: Mapped[str | None] = mapped_column(String(200), default=None)
    """Who the reviewer passed the concern to (a name, team or agency), beside ``action_taken``."""
    status: Mapped[FlagStatus] = mapped_column(enum_column(FlagStatus), default=FlagStatus.OPEN)
    dsl_notified_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    acknowledged_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    """When the school's DSL or a reviewer said they have seen the alert; an urgent flag without it escalates."""
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    escalated_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    """When ``flask escalate-unacknowledged`` emailed the partnership's safeguarding lead; set once, never again."""
    action_taken: Mapped[str | None] = mapped_column(Text, default=None)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    reviewed_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    class_session: Mapped[ClassSession | None] = relationship()


class SafeguardingDecision(db.Model):
    """A reviewer's judgement of a flagged text beside what the screen said, so a partnership can retrain the screen
    on its own reviewed cases. It holds the pupil's words, so the retention purge deletes it like the flags; it
    outlives its flag until then (``flag_id`` becomes null)."""

    __tablename__ = "safeguarding_decisions"
    __table_args__ = (
        CheckConstraint("reviewed_level IN ('none', 'watch', 'concern', 'urgent')", name="reviewed_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int | None] = mapped_column(
        ForeignKey("safeguarding_flags.id", ondelete="SET NULL"), index=True, default=None
    )
    text: Mapped[str] = mapped_column(Text)
    screened_level: Mapped[str] = mapped_column(String(16))
    screened_category: Mapped[str | None] = mapped_column(String(40), default=None)
    reviewed_level: Mapped[str] = mapped_column(String(16))
    reviewed_category: Mapped[str | None] = mapped_column(String(40), default=None)
    decided_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AdultContactRequest(db.Model):
    """A pupil's "I'd like an adult to talk to me": only the session, never the pupil or their answers."""

    __tablename__ = "adult_contact_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("class_sessions.id", ondelete="SET NULL"), index=True, default=None
    )
    requested_on: Mapped[date] = mapped_column(Date)
    dsl_notified: Mapped[bool] = mapped_column(default=False)
    acknowledged_on: Mapped[date | None] = mapped_column(Date, default=None)
    """The London day someone responsible took the request on; a day, never a time (the request is a pupil's)."""
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
