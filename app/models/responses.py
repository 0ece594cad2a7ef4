"""Responses and their answers, one row per answer item (never one column per question)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.consultations import SurveyAudience
from app.models.types import UTCDateTime, enum_column, utcnow


class ResponseChannel(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    EMAIL = "email"
    IMPORT = "import"
    SCHOOL = "school"


class ResponseStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (Index("ix_responses_consultation_status", "consultation_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"), index=True)
    audience: Mapped[SurveyAudience] = mapped_column(enum_column(SurveyAudience))
    channel: Mapped[ResponseChannel] = mapped_column(enum_column(ResponseChannel))
    status: Mapped[ResponseStatus] = mapped_column(enum_column(ResponseStatus), default=ResponseStatus.IN_PROGRESS)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    draft_key: Mapped[str] = mapped_column(String(64), unique=True)
    resume_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invites.id"), unique=True, default=None)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), default=None)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    is_complete: Mapped[bool] = mapped_column(default=False, server_default=false())

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", order_by="Answer.id", cascade="all, delete-orphan"
    )


SHORT_VALUE = 100
"""Closed answers (option values) are short; the reports' covering index holds only those, never long free text."""


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (
        Index(
            "ix_answers_short_values",
            "question_id",
            "item",
            "value",
            "position",
            "response_id",
            sqlite_where=text(f"length(value) <= {SHORT_VALUE}"),
            postgresql_where=text(f"length(value) <= {SHORT_VALUE}"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id"), index=True)
    item: Mapped[str | None] = mapped_column(String(80), default=None)
    value: Mapped[str] = mapped_column(Text)
    position: Mapped[int | None] = mapped_column(default=None)

    response: Mapped[Response] = relationship(back_populates="answers")
