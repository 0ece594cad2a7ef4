"""Use-cases behind the analysis pages that are not coding or codebook edits: finding the consultation, the learned
coder's agreement with officers (as last measured by a recompute), emerging themes and starting a recompute."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from app.analysis.overview import _base
from app.analysis.recompute import count_officer_coded
from app.common.audit import record_event
from app.common.errors import NotFoundError
from app.extensions import db
from app.jobs.services import create_job
from app.models import Answer, AnswerTheme, CoderAgreement, Consultation, Job, User

if TYPE_CHECKING:
    from app.analysis.engine.emerging import CandidateTheme

EMERGING_LIMIT = 100_000


def get_consultation(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise NotFoundError(str(consultation_id))
    return consultation


def coder_agreement(consultation: Consultation) -> CoderAgreement | None:
    """The latest stored measurement: training the coder to measure it belongs in the recompute job, never a view."""
    return db.session.scalar(
        select(CoderAgreement).where(CoderAgreement.consultation_id == consultation.id)
        .order_by(CoderAgreement.measured_at_utc.desc(), CoderAgreement.id.desc()).limit(1)
    )


def officer_coded_count(consultation: Consultation) -> int:
    return count_officer_coded(consultation)


def emerging_themes(consultation: Consultation, question_key: str | None = None) -> tuple[CandidateTheme, ...]:
    """Candidates among the answers no theme covers: not by a phrase, by meaning, nor by an officer's coding (the
    stored themes say all three, so the codebook is not matched again here)."""
    from app.analysis.engine.emerging import find_emerging_themes  # scikit-learn and the encoder: loaded when asked

    ids = _base(consultation, question_key).subquery()
    texts = list(db.session.scalars(
        select(Answer.value).where(Answer.id.in_(select(ids.c.answer_id)),
                                   Answer.id.not_in(select(AnswerTheme.answer_id)))
        .order_by(Answer.id).limit(EMERGING_LIMIT)
    ))
    return find_emerging_themes(texts)


def start_recompute(consultation: Consultation, actor: User) -> Job:
    job = create_job("recompute_analysis", actor, consultation)
    record_event("analysis_recompute_started", actor, consultation, job_id=job.id)
    return job
