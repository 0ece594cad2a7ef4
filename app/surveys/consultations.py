"""Reading consultations and surveys for the public hub and consultation pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.common.database import reading_transactions
from app.common.errors import NotFoundError
from app.extensions import db
from app.models import (
    Consultation,
    ConsultationDocument,
    ConsultationPhase,
    ConsultationStatus,
    Survey,
    SurveyAudience,
)


@dataclass(frozen=True)
class Hub:
    open: list[Consultation]
    upcoming: list[Consultation]
    closed: list[Consultation]


def list_hub(now: datetime) -> Hub:
    consultations = db.session.scalars(
        select(Consultation)
        .where(Consultation.status != ConsultationStatus.DRAFT)
        .order_by(Consultation.close_at_utc.desc(), Consultation.id.desc())
    ).all()
    by_phase: dict[ConsultationPhase, list[Consultation]] = {phase: [] for phase in ConsultationPhase}
    for consultation in consultations:
        by_phase[consultation.phase(now)].append(consultation)
    return Hub(
        open=by_phase[ConsultationPhase.OPEN],
        upcoming=by_phase[ConsultationPhase.UPCOMING],
        closed=by_phase[ConsultationPhase.CLOSED] + by_phase[ConsultationPhase.RESULTS_PUBLISHED],
    )


def get_public_consultation(slug: str) -> Consultation:
    consultation = db.session.scalar(
        select(Consultation)
        .where(Consultation.slug == slug, Consultation.status != ConsultationStatus.DRAFT)
        .options(selectinload(Consultation.surveys), selectinload(Consultation.documents))
    )
    if consultation is None:
        raise NotFoundError(slug)
    return consultation


def get_public_survey(consultation_slug: str, survey_slug: str) -> Survey:
    """A published consultation's survey. Schools surveys are reached only through a class session."""
    survey = db.session.scalar(
        select(Survey)
        .join(Survey.consultation)
        .where(
            Consultation.slug == consultation_slug,
            Consultation.status != ConsultationStatus.DRAFT,
            Survey.slug == survey_slug,
            Survey.audience != SurveyAudience.SCHOOLS,
        )
        .options(selectinload(Survey.versions))
    )
    if survey is None:
        raise NotFoundError(survey_slug)
    return survey


def get_document(consultation: Consultation, document_id: int) -> ConsultationDocument:
    document = db.session.scalar(
        select(ConsultationDocument).where(
            ConsultationDocument.id == document_id, ConsultationDocument.consultation_id == consultation.id
        )
    )
    if document is None:
        raise NotFoundError(str(document_id))
    return document


@lru_cache(maxsize=256)
def _survey_id(consultation_slug: str, survey_slug: str) -> int | None:
    """On a connection of its own, closed at once, so no transaction is left open for the request's writes; it only
    reads, so it never waits for the write lock the request may hold already."""
    with reading_transactions(), db.engine.connect() as connection:
        return connection.scalar(
            select(Survey.id)
            .join(Survey.consultation)
            .where(
                Consultation.slug == consultation_slug,
                Consultation.status != ConsultationStatus.DRAFT,
                Survey.slug == survey_slug,
                Survey.audience != SurveyAudience.SCHOOLS,
            )
        )


def find_public_survey_id(consultation_slug: str, survey_slug: str) -> int | None:
    """The id behind a public survey URL, remembered per process: ids never change, and whether the survey may
    be answered is checked again by every write."""
    survey_id = _survey_id(consultation_slug, survey_slug)
    if survey_id is None:
        _survey_id.cache_clear()
    return survey_id
