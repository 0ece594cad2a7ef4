"""Class and school results as counts only, with small numbers suppressed.

A group of fewer than ``MIN_GROUP`` pupils is never shown; within a shown group, any answer chosen by 1 to 9
pupils is shown as "fewer than 10", so no table or bar can point at one pupil. Free text and the optional
"about you" questions are never shown here (they are reported, if at all, at city level).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, ClassSession, PupilResponse, Response, ResponseStatus, SurveyQuestion
from app.surveys.definitions_service import definition_of
from app.surveys.engine import OTHER_VALUE, Question, QuestionType

MIN_GROUP = 10
SHOWN_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.FACE_SCALE, QuestionType.GRID)


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None
    """None when suppressed (1 to 9 pupils)."""
    percent: int

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Table:
    caption: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class QuestionResult:
    key: str
    label: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Summary:
    responses: int
    questions: tuple[QuestionResult, ...]
    groups: tuple[tuple[str, int | None], ...] = ()

    @property
    def suppressed(self) -> bool:
        return self.responses < MIN_GROUP


def shown(count: int) -> int | None:
    return count if count == 0 or count >= MIN_GROUP else None


def summarise(sessions: Sequence[ClassSession]) -> Summary:
    """Aggregate the submitted responses of some sessions (one class, or a school's classes for one survey)."""
    ids = [session.id for session in sessions]
    total = _response_count(ids)
    groups = _year_groups(sessions) if len({s.year_group for s in sessions}) > 1 else ()
    if total < MIN_GROUP or not sessions:
        return Summary(total, (), groups)
    counts = _answer_counts(ids)
    definition = definition_of(sessions[0].survey.current_version)
    results = tuple(_question_result(q, counts, total) for q in definition.questions
                    if q.type in SHOWN_TYPES and not q.equality)
    return Summary(total, results, groups)


def _response_count(session_ids: list[int]) -> int:
    if not session_ids:
        return 0
    return db.session.scalar(
        select(func.count(Response.id)).join(PupilResponse, PupilResponse.response_id == Response.id)
        .where(PupilResponse.class_session_id.in_(session_ids), Response.status == ResponseStatus.SUBMITTED)
    ) or 0


def _year_groups(sessions: Sequence[ClassSession]) -> tuple[tuple[str, int | None], ...]:
    by_year: dict[str, list[int]] = defaultdict(list)
    for session in sessions:
        by_year[session.year_group].append(session.id)
    return tuple((year, shown(_response_count(ids))) for year, ids in sorted(by_year.items()))


def _answer_counts(session_ids: list[int]) -> dict[tuple[str, str | None, str], int]:
    rows = db.session.execute(
        select(SurveyQuestion.key, Answer.item, Answer.value, func.count(func.distinct(Answer.response_id)))
        .join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
        .join(Response, Response.id == Answer.response_id)
        .join(PupilResponse, PupilResponse.response_id == Response.id)
        .where(PupilResponse.class_session_id.in_(session_ids), Response.status == ResponseStatus.SUBMITTED,
               SurveyQuestion.type.in_([t.value for t in SHOWN_TYPES]))
        .where((Answer.item.is_(None)) | (Answer.item != OTHER_VALUE))
        .group_by(SurveyQuestion.key, Answer.item, Answer.value)
    ).all()
    return {(key, item, value): count for key, item, value, count in rows}


def _question_result(question: Question, counts: dict[tuple[str, str | None, str], int], total: int
                     ) -> QuestionResult:
    if question.rows:
        tables = tuple(_table(row.label, question, row.value, counts, total) for row in question.rows)
    else:
        tables = (_table(question.label, question, None, counts, total),)
    return QuestionResult(question.id, question.label, tables)


def _table(caption: str, question: Question, item: str | None, counts: dict[tuple[str, str | None, str], int],
           total: int) -> Table:
    cells = []
    for option in question.choices:
        count = counts.get((question.id, item, option.value), 0)
        visible = shown(count)
        cells.append(Cell(option.label, visible, round(100 * count / total) if visible else 0))
    return Table(caption, tuple(cells))
