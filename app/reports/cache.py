"""A small per-process cache of dashboard aggregates, keyed by a fingerprint of the consultation's data.

The fingerprint is a handful of index-backed counts and maxima (sent responses and their latest send time,
analysis rows, the codebook revision, survey versions and consultations), cheap next to the GROUP BYs it saves.
Any new response, recode, recompute or safeguarding release changes it, so a cached figure is never stale; each
web process keeps its own copy."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AnswerCoding,
    AnswerTheme,
    Consultation,
    ConsultationCodebook,
    Response,
    ResponseStatus,
    Survey,
    SurveyVersion,
)

MAX_ENTRIES = 16
_entries: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


def fingerprint(consultation_id: int) -> tuple[Any, ...]:
    sent = db.session.execute(
        select(func.count(Response.id), func.max(Response.submitted_at_utc), func.max(Response.id)).where(
            Response.consultation_id == consultation_id, Response.status == ResponseStatus.SUBMITTED
        )
    ).one()
    coded = db.session.execute(
        select(
            func.count(AnswerCoding.answer_id),
            func.max(AnswerCoding.coded_at_utc),
            func.sum(AnswerCoding.codebook_revision),
        ).where(AnswerCoding.consultation_id == consultation_id)
    ).one()
    themes = db.session.scalar(select(func.count(AnswerTheme.id)).where(AnswerTheme.consultation_id == consultation_id))
    revision = db.session.scalar(
        select(ConsultationCodebook.revision).where(ConsultationCodebook.consultation_id == consultation_id)
    )
    structure = db.session.execute(
        select(func.max(SurveyVersion.id), func.count(func.distinct(Consultation.id)))
        .select_from(Consultation)
        .outerjoin(Survey, Survey.consultation_id == Consultation.id)
        .outerjoin(SurveyVersion, SurveyVersion.survey_id == Survey.id)
    ).one()
    return (*sent, *coded, themes, revision, *structure, str(db.engine.url))


def get(key: tuple[Any, ...]) -> dict[str, Any] | None:
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]
    return None


def put(key: tuple[Any, ...], figures: dict[str, Any]) -> None:
    with _lock:
        _entries[key] = figures
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def clear() -> None:
    with _lock:
        _entries.clear()
