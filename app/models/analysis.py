"""Analysis stored beside the answers: each consultation's codebook, per free-text answer its sentiment and themes
(with the words that triggered them, and whether an officer has confirmed or changed them), and how well the learned
coder agrees with officers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class ConsultationCodebook(db.Model):
    """One per consultation; ``revision`` moves on every change so cached matchers and stale codings are spotted."""

    __tablename__ = "codebooks"

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), primary_key=True)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CodebookTheme(db.Model):
    __tablename__ = "codebook_themes"
    __table_args__ = (UniqueConstraint("consultation_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    phrases: Mapped[list[str]] = mapped_column(JSON, default=list)
    examples: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    retired: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class AnswerCoding(db.Model):
    __tablename__ = "answer_codings"
    __table_args__ = (Index("ix_answer_codings_consultation_sentiment", "consultation_id", "sentiment"),)

    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    sentiment: Mapped[str] = mapped_column(String(16))
    polarity: Mapped[float] = mapped_column(Float, default=0.0)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    redacted_text: Mapped[str] = mapped_column(Text, default="")
    officer_coded: Mapped[bool] = mapped_column(default=False)
    coded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    coded_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    codebook_revision: Mapped[int] = mapped_column(default=0)


class AnswerTheme(db.Model):
    __tablename__ = "answer_themes"
    __table_args__ = (
        UniqueConstraint("answer_id", "theme_key"),
        Index("ix_answer_themes_consultation_theme", "consultation_id", "theme_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    theme_key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="codebook")
    triggers: Mapped[list[Any]] = mapped_column(JSON, default=list)


class CoderAgreement(db.Model):
    """How well the learned coder agreed with officers' coding, measured by a recompute job so no page view trains
    it. Every measurement is kept; the overview shows the latest, with ``n_coded`` to tell when it is out of date."""

    __tablename__ = "coder_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    measured_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), default=None)
    n_coded: Mapped[int]
    n_train: Mapped[int]
    n_holdout: Mapped[int]
    sentiment_accuracy: Mapped[float | None] = mapped_column(Float, default=None)
    sentiment_macro_f1: Mapped[float | None] = mapped_column(Float, default=None)
    themes_micro_f1: Mapped[float | None] = mapped_column(Float, default=None)
    themes_samples_f1: Mapped[float | None] = mapped_column(Float, default=None)
    themes_macro_f1: Mapped[float | None] = mapped_column(Float, default=None)
    codebook_sentiment_macro_f1: Mapped[float | None] = mapped_column(Float, default=None)
    codebook_themes_samples_f1: Mapped[float | None] = mapped_column(Float, default=None)
    learned_themes_used: Mapped[bool] = mapped_column(default=False)
    learned_sentiment_used: Mapped[bool] = mapped_column(default=False)
    sentiment_gain: Mapped[float | None] = mapped_column(Float, default=None)
    sentiment_gain_low: Mapped[float | None] = mapped_column(Float, default=None)
    sentiment_gain_high: Mapped[float | None] = mapped_column(Float, default=None)
    themes_gain: Mapped[float | None] = mapped_column(Float, default=None)
    themes_gain_low: Mapped[float | None] = mapped_column(Float, default=None)
    themes_gain_high: Mapped[float | None] = mapped_column(Float, default=None)


class RecomputeReview(db.Model):
    """A recompute that would have moved the overall sentiment or theme distribution by more than the limit, held
    for an officer to confirm: it changed no answer. ``before``/``after`` map each label or theme to its share of
    answers (0-100); ``examples`` are answers whose coding would change, with redacted text. ``decision`` is
    ``pending``, ``applied`` or ``kept``."""

    __tablename__ = "recompute_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), unique=True)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    n_answers: Mapped[int]
    largest_shift: Mapped[float] = mapped_column(Float)
    shifted: Mapped[str] = mapped_column(String(120))
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    examples: Mapped[list[Any]] = mapped_column(JSON)
    decision: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    decided_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
