"""Coding free-text answers: automatically when saved, by the learned coder on recompute, and by officers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select

from app.analysis.codebooks import codebook_for
from app.analysis.engine import analyse_answer
from app.analysis.engine.pipeline import AnswerAnalysis
from app.analysis.engine.sentiment import LABELS
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.extensions import db
from app.models import (
    Answer,
    AnswerCoding,
    AnswerTheme,
    Consultation,
    Response,
    ResponseStatus,
    SurveyQuestion,
    User,
)
from app.models.types import utcnow

TEXT_TYPES = ("short_text", "long_text")


class CodingError(DomainError):
    pass


def analyse_saved_answers(consultation: Consultation, answers: Iterable[Answer]) -> int:
    """Analyse the free-text answers just written for one response (they have ids after the caller's flush)."""
    text_question_ids = set(
        db.session.scalars(
            select(SurveyQuestion.id)
            .where(SurveyQuestion.type.in_(TEXT_TYPES))
            .where(SurveyQuestion.id.in_({answer.question_id for answer in answers}))
        )
    )
    codebook, revision = codebook_for(consultation)
    count = 0
    for answer in answers:
        if answer.question_id in text_question_ids and answer.item is None and answer.value.strip():
            store_analysis(consultation.id, answer.id, analyse_answer(answer.value, codebook), revision)
            count += 1
    return count


def store_analysis(
    consultation_id: int, answer_id: int, analysis: AnswerAnalysis, revision: int, source: str = "codebook"
) -> None:
    db.session.merge(
        AnswerCoding(
            answer_id=answer_id,
            consultation_id=consultation_id,
            sentiment=analysis.sentiment,
            polarity=analysis.polarity,
            confidence=analysis.confidence,
            redacted_text=analysis.redacted_text,
            officer_coded=False,
            codebook_revision=revision,
        )
    )
    _delete_themes(answer_id)
    db.session.add_all(
        AnswerTheme(
            answer_id=answer_id,
            consultation_id=consultation_id,
            theme_key=match.theme_id,
            source=source,
            triggers=list(match.triggers),
        )
        for match in analysis.themes
    )


def _delete_themes(answer_id: int) -> None:
    """Matched by the rows the delete returns, not by scanning the session: a CSV import holds thousands of objects."""
    db.session.execute(
        delete(AnswerTheme).where(AnswerTheme.answer_id == answer_id).execution_options(synchronize_session="fetch")
    )


def get_coded_answer(consultation: Consultation, answer_id: int) -> tuple[Answer, AnswerCoding]:
    """An answer of a *sent* response: an unsent draft (a pupil who stopped, a respondent still writing) is not
    found, whatever id is in the URL."""
    row = db.session.execute(
        select(Answer, AnswerCoding)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .join(Response, Response.id == Answer.response_id)
        .where(
            Answer.id == answer_id,
            AnswerCoding.consultation_id == consultation.id,
            Response.status == ResponseStatus.SUBMITTED,
        )
    ).first()
    if row is None:
        raise NotFoundError(str(answer_id))
    return row[0], row[1]


def recode_answer(
    consultation: Consultation, answer_id: int, theme_keys: Sequence[str], sentiment: str, actor: User
) -> AnswerCoding:
    """An officer's coding replaces the automatic one and is kept through later recomputes."""
    if sentiment not in LABELS:
        raise CodingError("Select a sentiment")
    from app.analysis.codebooks import labels

    known = labels(consultation)
    unknown = [key for key in theme_keys if key not in known]
    if unknown:
        raise CodingError("Select themes from the codebook")
    _, coding = get_coded_answer(consultation, answer_id)
    coding.sentiment, coding.officer_coded = sentiment, True
    coding.coded_by_id, coding.coded_at_utc = actor.id, utcnow()
    _delete_themes(answer_id)
    db.session.add_all(
        AnswerTheme(answer_id=answer_id, consultation_id=consultation.id, theme_key=key, source="officer", triggers=[])
        for key in dict.fromkeys(theme_keys)
    )
    record_event("answer_recoded", actor, consultation, answer_id=answer_id)
    db.session.flush()
    return coding


def bulk_add_theme(consultation: Consultation, answer_ids: Sequence[int], theme_key: str, actor: User) -> int:
    """Add one theme to many answers at once (each becomes officer-coded)."""
    from app.analysis.codebooks import get_theme

    get_theme(consultation, theme_key)
    codings = db.session.scalars(
        select(AnswerCoding)
        .join(Answer, Answer.id == AnswerCoding.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(
            AnswerCoding.consultation_id == consultation.id,
            AnswerCoding.answer_id.in_(answer_ids),
            Response.status == ResponseStatus.SUBMITTED,
        )
        .order_by(AnswerCoding.answer_id)
    )
    done = 0
    for coding in codings:
        exists = db.session.scalar(
            select(AnswerTheme.id).where(AnswerTheme.answer_id == coding.answer_id, AnswerTheme.theme_key == theme_key)
        )
        if exists is None:
            db.session.add(
                AnswerTheme(
                    answer_id=coding.answer_id,
                    consultation_id=consultation.id,
                    theme_key=theme_key,
                    source="officer",
                    triggers=[],
                )
            )
        coding.officer_coded, coding.coded_by_id, coding.coded_at_utc = True, actor.id, utcnow()
        done += 1
    record_event("answers_bulk_coded", actor, consultation, theme=theme_key, count=done)
    db.session.flush()
    return done
