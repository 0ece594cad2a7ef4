"""Holding back a recompute that would change the overall picture, until an officer has seen what it changes.

A recompute once turned a demo consultation from 68 negative / 30 neutral / 9 positive into 103 / 2 / 2, and the
officer learned it from the Word report. A codebook edit or a better-trained coder can rightly move a few points; a
swing of more than ``SHIFT_LIMIT`` points in the share of any sentiment label or any theme is more often a fault than
a finding, so the job stores nothing, records the distributions before and after with examples of answers that would
change, and the officer applies or keeps the current coding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from app.analysis.engine.sentiment import LABELS
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.extensions import db
from app.models import AnswerCoding, AnswerTheme, Consultation, Job, User
from app.models.analysis import RecomputeReview
from app.models.types import utcnow

SHIFT_LIMIT = 20.0
EXAMPLE_LIMIT = 8
PENDING, APPLIED, KEPT = "pending", "applied", "kept"


class ReviewDecidedError(DomainError):
    """The recompute under review has already been applied or kept."""


@dataclass(frozen=True)
class Coding:
    sentiment: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Shift:
    points: float
    what: str


def current_codings(consultation: Consultation) -> dict[int, Coding]:
    """Every coded answer's stored sentiment and themes, officer-coded or not."""
    themes: dict[int, list[str]] = {}
    for answer_id, key in db.session.execute(
        select(AnswerTheme.answer_id, AnswerTheme.theme_key)
        .where(AnswerTheme.consultation_id == consultation.id)
        .order_by(AnswerTheme.answer_id, AnswerTheme.theme_key)
    ):
        themes.setdefault(answer_id, []).append(key)
    rows = db.session.execute(
        select(AnswerCoding.answer_id, AnswerCoding.sentiment)
        .where(AnswerCoding.consultation_id == consultation.id)
        .order_by(AnswerCoding.answer_id)
    )
    return {answer_id: Coding(sentiment, tuple(themes.get(answer_id, ()))) for answer_id, sentiment in rows}


def distribution(codings: Mapping[int, Coding]) -> dict[str, dict[str, float]]:
    """Share of answers (0-100, one decimal) per sentiment label and per theme."""
    total = max(len(codings), 1)
    sentiments = Counter(coding.sentiment for coding in codings.values())
    themes = Counter(key for coding in codings.values() for key in coding.themes)
    return {
        "sentiment": {label: round(100 * sentiments[label] / total, 1) for label in LABELS},
        "themes": {key: round(100 * count / total, 1) for key, count in sorted(themes.items())},
    }


def largest_shift(before: Mapping[str, Mapping[str, float]], after: Mapping[str, Mapping[str, float]]) -> Shift:
    """The biggest move, in points, of any sentiment label's or theme's share, and which one moved."""
    moves = [
        Shift(round(abs(after[kind].get(key, 0.0) - before[kind].get(key, 0.0)), 1), f"{kind}:{key}")
        for kind in ("sentiment", "themes")
        for key in sorted({*before[kind], *after[kind]})
    ]
    return max(moves, key=lambda shift: shift.points, default=Shift(0.0, ""))


def changed_examples(
    before: Mapping[int, Coding], after: Mapping[int, Coding], shift: Shift, texts: Mapping[int, str]
) -> list[dict[str, object]]:
    """Answers whose coding would change, those that make the largest shift first (in answer order)."""
    kind, _, key = shift.what.partition(":")

    def moves(answer_id: int) -> bool:
        old, new = before.get(answer_id), after[answer_id]
        if kind == "sentiment":
            return (old is None or old.sentiment != new.sentiment) and key in (new.sentiment, old and old.sentiment)
        return (key in new.themes) != (old is not None and key in old.themes)

    changed = [i for i in sorted(after) if before.get(i) != after[i]]
    ordered = [i for i in changed if moves(i)] + [i for i in changed if not moves(i)]
    return [
        {
            "answer_id": i,
            "text": texts.get(i, ""),
            "sentiment_before": before[i].sentiment if i in before else None,
            "sentiment_after": after[i].sentiment,
            "themes_before": list(before[i].themes) if i in before else [],
            "themes_after": list(after[i].themes),
        }
        for i in ordered[:EXAMPLE_LIMIT]
    ]


def hold_for_review(
    job: Job,
    consultation: Consultation,
    before: Mapping[int, Coding],
    after: Mapping[int, Coding],
    texts: Mapping[int, str],
) -> RecomputeReview | None:
    """Store a review (and change nothing else) when the recompute would move the picture more than the limit."""
    old, new = distribution(before), distribution({**before, **after})
    shift = largest_shift(old, new)
    if shift.points <= SHIFT_LIMIT:
        return None
    review = RecomputeReview(
        consultation_id=consultation.id,
        job_id=job.id,
        n_answers=len(after),
        largest_shift=shift.points,
        shifted=shift.what,
        before=old,
        after=new,
        examples=changed_examples(before, after, shift, texts),
        decision=PENDING,
    )
    db.session.add(review)
    db.session.flush()
    return review


def find_review(job: Job) -> RecomputeReview | None:
    return db.session.scalar(select(RecomputeReview).where(RecomputeReview.job_id == job.id))


def get_review(consultation: Consultation, review_id: int) -> RecomputeReview:
    review = db.session.scalar(
        select(RecomputeReview).where(
            RecomputeReview.id == review_id, RecomputeReview.consultation_id == consultation.id
        )
    )
    if review is None:
        raise NotFoundError(str(review_id))
    return review


def decide(review: RecomputeReview, actor: User, decision: str) -> None:
    """Record the officer's choice once; applying is then a confirmed recompute the caller starts."""
    if review.decision != PENDING:
        raise ReviewDecidedError(f"This recompute was already {review.decision}.")
    review.decision, review.decided_by_id, review.decided_at_utc = decision, actor.id, utcnow()
    consultation = db.session.get(Consultation, review.consultation_id)
    record_event(
        f"analysis_recompute_{decision}",
        actor,
        consultation,
        review_id=review.id,
        largest_shift=review.largest_shift,
        shifted=review.shifted,
    )
    db.session.flush()
