"""Consultations, their documents and surveys (with versioned definitions, pages and questions)."""

from __future__ import annotations

import enum
import hashlib
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import db
from app.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.outcomes import ConsultationResults, Milestone


class ConsultationStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RESULTS_PUBLISHED = "results_published"


class ConsultationPhase(enum.StrEnum):
    DRAFT = "draft"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    RESULTS_PUBLISHED = "results_published"


class SurveyAudience(enum.StrEnum):
    PUBLIC = "public"
    STAKEHOLDER = "stakeholder"
    SCHOOLS = "schools"


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    open_at_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    close_at_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[ConsultationStatus] = mapped_column(
        enum_column(ConsultationStatus), default=ConsultationStatus.DRAFT
    )
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    pupil_comment_review: Mapped[bool] = mapped_column(default=True, server_default=true())
    """On (the default): a reviewer reads every sent pupil free-text answer before it reaches any page, report or
    export (``app.safeguarding.services``); off, only the screen's flags are held. Adult answers are never affected."""

    surveys: Mapped[list[Survey]] = relationship(back_populates="consultation", order_by="Survey.id")
    documents: Mapped[list[ConsultationDocument]] = relationship(order_by="ConsultationDocument.id")
    milestones: Mapped[list[Milestone]] = relationship(order_by="[Milestone.due_on, Milestone.position, Milestone.id]")
    results: Mapped[ConsultationResults | None] = relationship()

    def phase(self, now: datetime) -> ConsultationPhase:
        """The lifecycle phase at ``now``: dates decide between upcoming, open and closed once published."""
        if self.status == ConsultationStatus.DRAFT:
            return ConsultationPhase.DRAFT
        if self.status == ConsultationStatus.RESULTS_PUBLISHED:
            return ConsultationPhase.RESULTS_PUBLISHED
        if now < self.open_at_utc:
            return ConsultationPhase.UPCOMING
        if now < self.close_at_utc:
            return ConsultationPhase.OPEN
        return ConsultationPhase.CLOSED


class ConsultationDocument(db.Model):
    __tablename__ = "consultation_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Survey(db.Model):
    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("consultation_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    audience: Mapped[SurveyAudience] = mapped_column(enum_column(SurveyAudience))
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="surveys")
    versions: Mapped[list[SurveyVersion]] = relationship(back_populates="survey", order_by="SurveyVersion.number")

    @property
    def current_version(self) -> SurveyVersion:
        return self.versions[-1]


def definition_digest(definition: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()


class SurveyVersion(db.Model):
    """One immutable-once-answered version of a survey definition; responses point at the version they answered."""

    __tablename__ = "survey_versions"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    number: Mapped[int]
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    definition_digest: Mapped[str] = mapped_column(String(64), server_default="")
    """SHA-256 of the definition's canonical JSON, kept with it, so a parsed definition can be cached by content
    without reading or re-serialising the JSON on every page view."""
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="versions")
    pages: Mapped[list[SurveyPage]] = relationship(order_by="SurveyPage.position")
    questions: Mapped[list[SurveyQuestion]] = relationship(order_by="SurveyQuestion.position")

    @validates("definition")
    def _keep_digest(self, _key: str, definition: dict[str, Any]) -> dict[str, Any]:
        self.definition_digest = definition_digest(definition)
        return definition


class SurveyPage(db.Model):
    __tablename__ = "survey_pages"
    __table_args__ = (UniqueConstraint("survey_version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))


class SurveyQuestion(db.Model):
    """A question of a survey version, as a row so that answers and reports can join on it in SQL."""

    __tablename__ = "survey_questions"
    __table_args__ = (UniqueConstraint("survey_version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"), index=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("survey_pages.id"))
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    type: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(Text)
    required: Mapped[bool] = mapped_column(default=False)
