"""Reporting data: the population profile an officer provides to compare respondents against, and the running
totals of closed answers that keep dashboards fast at 100,000 responses."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class PopulationProfile(db.Model):
    """One per consultation; a new upload replaces the old one whole, so figures never mix two sources."""

    __tablename__ = "population_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    source: Mapped[str] = mapped_column(String(300), default="")
    filename: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    uploaded_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    figures: Mapped[list[PopulationFigure]] = relationship(
        order_by="[PopulationFigure.dimension, PopulationFigure.position]", cascade="all, delete-orphan"
    )


class PopulationFigure(db.Model):
    __tablename__ = "population_figures"
    __table_args__ = (UniqueConstraint("profile_id", "dimension", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("population_profiles.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(200))
    population: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)


class TalliedResponse(db.Model):
    """A sent response whose closed answers are already in ``answer_tallies``; ``fold`` names the batch it went in
    with, so one fold's tallies come from exactly the responses it marked."""

    __tablename__ = "tallied_responses"
    __table_args__ = (
        Index("ix_tallied_responses_consultation_fold", "consultation_id", "fold"),
        Index("ix_tallied_responses_consultation_ward", "consultation_id", "ward"),
        Index("ix_tallied_responses_consultation_age_band", "consultation_id", "age_band"),
    )

    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    fold: Mapped[str] = mapped_column(String(32))
    ward: Mapped[str | None] = mapped_column(String(80), default=None)
    age_band: Mapped[str | None] = mapped_column(String(80), default=None)
    channel: Mapped[str | None] = mapped_column(String(16), default=None)
    day: Mapped[date | None] = mapped_column(Date, default=None)
    """What a dashboard filters by, as they were when the response was folded (London day received)."""


class AnswerTally(db.Model):
    """Sent closed answers counted per (question row, item, value, position), added to by each fold. A row with no
    value holds the number of respondents to a question where one response has several answers."""

    __tablename__ = "answer_tallies"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    item: Mapped[str | None] = mapped_column(String(80), default=None)
    value: Mapped[str | None] = mapped_column(Text, default=None)
    position: Mapped[int | None] = mapped_column(default=None)
    count: Mapped[int] = mapped_column(BigInteger)


class FilterTally(db.Model):
    """Sent closed answers counted per cell (as ``AnswerTally``) and per group a dashboard filters by, so a filtered
    view sums a few thousand rows instead of grouping a million answers. A row with a ``day`` counts that London day
    received (its ward, age band and channel are empty); a row without one counts a (ward, age band, channel)
    group. Added to by each fold, from the marks' groups, in the same transaction as ``answer_tallies``."""

    __tablename__ = "filter_tallies"
    __table_args__ = (
        Index("ix_filter_tallies_consultation_question", "consultation_id", "question_id"),
        Index("ix_filter_tallies_consultation_ward", "consultation_id", "ward"),
        Index("ix_filter_tallies_consultation_age_band", "consultation_id", "age_band"),
        Index("ix_filter_tallies_consultation_channel", "consultation_id", "channel"),
        Index("ix_filter_tallies_consultation_day", "consultation_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    item: Mapped[str | None] = mapped_column(String(80), default=None)
    value: Mapped[str | None] = mapped_column(Text, default=None)
    position: Mapped[int | None] = mapped_column(default=None)
    ward: Mapped[str | None] = mapped_column(String(80), default=None)
    age_band: Mapped[str | None] = mapped_column(String(80), default=None)
    channel: Mapped[str | None] = mapped_column(String(16), default=None)
    day: Mapped[date | None] = mapped_column(Date, default=None)
    count: Mapped[int] = mapped_column(BigInteger)
