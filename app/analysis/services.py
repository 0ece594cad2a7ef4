"""Use-cases behind the analysis pages that are not coding or codebook edits: finding the consultation, the learned
coder's agreement with officers (as last measured by a recompute), emerging themes and starting a recompute."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from app.analysis.overview import _base
from app.analysis.recompute import count_officer_coded
from app.analysis.recompute_review import APPLIED, KEPT, decide, get_review
from app.common.audit import record_event
from app.extensions import db
from app.jobs.services import create_job
from app.models import Answer, AnswerTheme, CoderAgreement, Consultation, Job, User
from app.models.analysis import RecomputeReview

if TYPE_CHECKING:
    from app.analysis.engine.emerging import CandidateTheme

EMERGING_LIMIT = 100_000


def coder_agreement(consultation: Consultation) -> CoderAgreement | None:
    """The latest stored measurement: training the coder to measure it belongs in the recompute job, never a view."""
    return db.session.scalar(
        select(CoderAgreement)
        .where(CoderAgreement.consultation_id == consultation.id)
        .order_by(CoderAgreement.measured_at_utc.desc(), CoderAgreement.id.desc())
        .limit(1)
    )


def officer_coded_count(consultation: Consultation) -> int:
    return count_officer_coded(consultation)


def emerging_themes(consultation: Consultation, question_key: str | None = None) -> tuple[CandidateTheme, ...]:
    """Candidates among the answers no theme covers: not by a phrase, by meaning, nor by an officer's coding (the
    stored themes say all three, so the codebook is not matched again here)."""
    from app.analysis.engine.emerging import find_emerging_themes  # numpy and the encoder: loaded when asked

    ids = _base(consultation, question_key).subquery()
    texts = list(
        db.session.scalars(
            select(Answer.value)
            .where(Answer.id.in_(select(ids.c.answer_id)), Answer.id.not_in(select(AnswerTheme.answer_id)))
            .order_by(Answer.id)
            .limit(EMERGING_LIMIT)
        )
    )
    return find_emerging_themes(texts)


def start_recompute(consultation: Consultation, actor: User, *, confirmed_review: int | None = None) -> Job:
    """``confirmed_review``: the review whose held-back recompute the officer confirmed, run again and stored."""
    params = {"confirmed": True, "review_id": confirmed_review} if confirmed_review else {}
    job = create_job("recompute_analysis", actor, consultation, **params)
    record_event("analysis_recompute_started", actor, consultation, job_id=job.id, **params)
    return job


def apply_held_recompute(consultation: Consultation, review_id: int, actor: User) -> Job:
    """The officer has seen what a large recompute changes and wants it: record that, and start it confirmed."""
    review = get_review(consultation, review_id)
    decide(review, actor, APPLIED)
    return start_recompute(consultation, actor, confirmed_review=review.id)


def keep_current_coding(consultation: Consultation, review_id: int, actor: User) -> RecomputeReview:
    review = get_review(consultation, review_id)
    decide(review, actor, KEPT)
    return review
