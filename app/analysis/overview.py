"""What officers read on the analysis pages: themes with counts, sentiment and quotes, computed in SQL.

Only answers of sent responses count, and never an answer held back by the safeguarding screen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from app.analysis.codebooks import labels
from app.analysis.engine import AnalysedAnswer, Quote, select_quotes
from app.extensions import db
from app.models import (
    Answer,
    AnswerCoding,
    AnswerTheme,
    Consultation,
    Response,
    ResponseStatus,
    SurveyQuestion,
)

QUOTE_POOL = 200
PAGE_SIZE = 25


@dataclass(frozen=True)
class ThemeRow:
    key: str
    label: str
    count: int
    share: float
    sentiment: dict[str, int]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class CodingProgress:
    total: int
    officer_coded: int

    @property
    def percent(self) -> int:
        return round(100 * self.officer_coded / self.total) if self.total else 0


def _base(consultation: Consultation, question_key: str | None) -> Select:
    query = (
        select(AnswerCoding.answer_id)
        .join(Answer, Answer.id == AnswerCoding.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(AnswerCoding.consultation_id == consultation.id, Response.status == ResponseStatus.SUBMITTED)
    )
    if question_key:
        query = query.join(SurveyQuestion, SurveyQuestion.id == Answer.question_id).where(
            SurveyQuestion.key == question_key
        )
    return query


def text_questions(consultation: Consultation) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(SurveyQuestion.key, SurveyQuestion.label)
        .join(Answer, Answer.question_id == SurveyQuestion.id)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .where(AnswerCoding.consultation_id == consultation.id)
        .group_by(SurveyQuestion.key, SurveyQuestion.label)
        .order_by(SurveyQuestion.key)
    ).all()
    return [(key, label) for key, label in rows]


def coding_progress(consultation: Consultation, question_key: str | None = None) -> CodingProgress:
    ids = _base(consultation, question_key).subquery()
    total, coded = db.session.execute(
        select(
            func.count(AnswerCoding.answer_id),
            func.count(AnswerCoding.answer_id).filter(AnswerCoding.officer_coded.is_(True)),
        ).where(AnswerCoding.answer_id.in_(select(ids.c.answer_id)))
    ).one()
    return CodingProgress(total or 0, coded or 0)


def theme_rows(consultation: Consultation, question_key: str | None = None, quotes: int = 3) -> list[ThemeRow]:
    ids = _base(consultation, question_key).subquery()
    total = db.session.scalar(select(func.count()).select_from(ids)) or 0
    counts = db.session.execute(
        select(AnswerTheme.theme_key, AnswerCoding.sentiment, func.count(AnswerTheme.answer_id))
        .join(AnswerCoding, AnswerCoding.answer_id == AnswerTheme.answer_id)
        .where(AnswerTheme.answer_id.in_(select(ids.c.answer_id)))
        .group_by(AnswerTheme.theme_key, AnswerCoding.sentiment)
    ).all()
    by_theme: dict[str, dict[str, int]] = defaultdict(dict)
    for key, sentiment, count in counts:
        by_theme[key][sentiment] = count
    names = labels(consultation)
    rows = [
        ThemeRow(
            key,
            names.get(key, key),
            sum(split.values()),
            sum(split.values()) / total if total else 0.0,
            split,
            _quotes(consultation, key, ids, quotes) if quotes else (),
        )
        for key, split in by_theme.items()
    ]
    return sorted(rows, key=lambda row: (-row.count, row.label))


def _quotes(consultation: Consultation, key: str, ids, limit: int) -> tuple[Quote, ...]:
    pool = db.session.execute(
        select(AnswerCoding.redacted_text, AnswerCoding.sentiment)
        .join(AnswerTheme, AnswerTheme.answer_id == AnswerCoding.answer_id)
        .where(AnswerTheme.theme_key == key, AnswerCoding.answer_id.in_(select(ids.c.answer_id)))
        .order_by(AnswerCoding.answer_id)
        .limit(QUOTE_POOL)
    ).all()
    answers = [AnalysedAnswer(text=text, theme_ids=(key,), sentiment=sentiment) for text, sentiment in pool]
    return select_quotes(answers, list(range(len(answers))), limit)


@dataclass(frozen=True)
class CodedAnswerRow:
    answer_id: int
    text: str
    sentiment: str
    officer_coded: bool
    themes: tuple[tuple[str, tuple[str, ...]], ...]
    question: str = ""


NO_THEME = "none"
"""The theme filter's value for answers with no theme (an empty value means every answer)."""


@dataclass(frozen=True)
class AnswerFilters:
    """What the officer narrowed "All answers" to; every field empty shows every sent answer."""

    theme: str = ""
    sentiment: str = ""
    question: str = ""
    search: str = ""
    uncoded_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.theme or self.sentiment or self.question or self.search or self.uncoded_only)


def find_answers(consultation: Consultation, filters: AnswerFilters, page: int = 1) -> tuple[list[CodedAnswerRow], int]:
    """One page of answers (redacted) with their question, themes and triggers, in a stable order, and the total."""
    ids = _base(consultation, filters.question or None)
    if filters.theme == NO_THEME:
        ids = ids.where(AnswerCoding.answer_id.not_in(select(AnswerTheme.answer_id)))
    elif filters.theme:
        ids = ids.where(
            AnswerCoding.answer_id.in_(select(AnswerTheme.answer_id).where(AnswerTheme.theme_key == filters.theme))
        )
    if filters.sentiment:
        ids = ids.where(AnswerCoding.sentiment == filters.sentiment)
    if filters.search.strip():
        ids = ids.where(AnswerCoding.redacted_text.ilike(f"%{_escape_like(filters.search.strip())}%", escape="\\"))
    if filters.uncoded_only:
        ids = ids.where(AnswerCoding.officer_coded.is_(False))
    total = db.session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    page_ids = list(
        db.session.scalars(ids.order_by(AnswerCoding.answer_id).limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE))
    )
    return _rows(page_ids), total


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def coded_answer_row(answer_id: int) -> CodedAnswerRow | None:
    """One coded answer as the officer sees it (redacted, with its question, themes and triggers)."""
    rows = _rows([answer_id])
    return rows[0] if rows else None


def _rows(answer_ids: list[int]) -> list[CodedAnswerRow]:
    codings = {
        c.answer_id: c for c in db.session.scalars(select(AnswerCoding).where(AnswerCoding.answer_id.in_(answer_ids)))
    }
    questions = {
        answer_id: label
        for answer_id, label in db.session.execute(
            select(Answer.id, SurveyQuestion.label)
            .join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
            .where(Answer.id.in_(answer_ids))
        )
    }
    themes: dict[int, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for row in db.session.scalars(
        select(AnswerTheme).where(AnswerTheme.answer_id.in_(answer_ids)).order_by(AnswerTheme.theme_key)
    ):
        themes[row.answer_id].append((row.theme_key, tuple(row.triggers)))
    return [
        CodedAnswerRow(
            i,
            codings[i].redacted_text,
            codings[i].sentiment,
            codings[i].officer_coded,
            tuple(themes[i]),
            questions.get(i, ""),
        )
        for i in answer_ids
        if i in codings
    ]
