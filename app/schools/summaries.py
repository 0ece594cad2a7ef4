"""Class, school and consultation results for pupils: counts only, shown only when they cannot point at a pupil.

When results appear, and why:

- **A class** only after its session has closed, and only if at least ``MIN_GROUP`` pupils sent answers. While a
  session is open, refreshing the page after each pupil finished would show what that pupil chose. A session that
  closes with fewer pupils (a *small* class) is never shown, and its answers are counted nowhere else either, so
  no school or consultation figure minus the shown classes can be that small class.
- **A school** (all its released classes, per survey) and **the consultation** (all schools, for officers) only
  once nothing more can be added: the consultation has closed and none of the survey's sessions in scope is still
  open. Until then, a figure seen before and after one class closes would differ by exactly that class, hidden
  cells included. (If an officer reopens a closed consultation, this no longer holds; don't.)

Which numbers are shown is ``app.schools.suppression``: small cells, zeros beside them and complements are hidden
in every table; a school figure is checked against its classes' shown figures, and a consultation figure against
its schools', so the difference of a school (or consultation) cell and the cells shown below it is never 1 to 9.
Every table counts all pupils who sent answers, with a "Did not answer" cell, so "total minus shown cells" is
covered by the same rule. Percentages are given only for shown cells.

Free text is never here. The optional "about you" (equality) questions are shown only for the whole consultation.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from app.models import ClassSession, Survey
from app.schools import pupil_counts
from app.schools.pupil_counts import COUNTED_TYPES, SessionAnswers
from app.schools.suppression import MIN_GROUP, CellId, Published, publish_leaf, publish_parent
from app.surveys.definitions_service import definition_of
from app.surveys.engine import Question, QuestionType, SurveyDefinition

__all__ = [
    "MIN_GROUP",
    "Cell",
    "QuestionResult",
    "Status",
    "Summary",
    "Table",
    "class_summary",
    "consultation_summary",
    "school_summary",
]

NO_ANSWER = "(no answer)"
NOT_CHOSEN = "(not chosen) "
"""Prefix of the hidden "did not tick this option" cell that pairs each multiple choice option."""


class Status(enum.StrEnum):
    SHOWN = "shown"
    OPEN = "open"
    TOO_FEW = "too_few"
    WAITING = "waiting"


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int | None
    """None when hidden."""
    percent: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Table:
    key: str | None
    caption: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class QuestionResult:
    key: str
    label: str
    type: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Summary:
    status: Status
    responses: int
    questions: tuple[QuestionResult, ...] = ()
    groups: tuple[tuple[str, int], ...] = ()
    classes: int = 0

    @property
    def suppressed(self) -> bool:
        return self.status != Status.SHOWN


def class_summary(session: ClassSession, now: datetime) -> Summary:
    if not pupil_counts.is_closed(session, now):
        return Summary(Status.OPEN, 0)
    answers = pupil_counts.session_answers([session.id]).get(session.id, SessionAnswers())
    if answers.sent < MIN_GROUP:
        return Summary(Status.TOO_FEW, answers.sent)
    definition = definition_of(session.survey.current_version)
    questions = _questions(definition, equality=False)
    published = publish_leaf(cells_of(questions, answers), groups_of(questions))
    return Summary(Status.SHOWN, answers.sent, _results(questions, published, answers.sent), classes=1)


def school_summary(survey: Survey, sessions: Sequence[ClassSession], now: datetime) -> Summary:
    """One school's released classes for ``survey``, once final."""
    pool = _released_pool(survey, sessions, now)
    if isinstance(pool, Summary):
        return pool
    released, answers, sent = pool
    questions = _questions(definition_of(survey.current_version), equality=False)
    published = _school_node(questions, released, answers)
    years: dict[str, int] = defaultdict(int)
    for session in released:
        years[session.year_group] += answers[session.id].sent
    groups = tuple(sorted(years.items())) if len(years) > 1 else ()
    return Summary(Status.SHOWN, sent, _results(questions, published, sent), groups, len(released))


def consultation_summary(survey: Survey, sessions: Sequence[ClassSession], now: datetime) -> Summary:
    """Every school's released classes for ``survey`` (all its ``sessions``), once final: for officers."""
    pool = _released_pool(survey, sessions, now)
    if isinstance(pool, Summary):
        return pool
    released, answers, sent = pool
    definition = definition_of(survey.current_version)
    class_questions, questions = _questions(definition, equality=False), _questions(definition, equality=True)
    by_school: dict[int, list[ClassSession]] = defaultdict(list)
    for session in released:
        by_school[session.school_id].append(session)
    schools = [_school_node(class_questions, classes, answers) for _, classes in sorted(by_school.items())]
    published = publish_parent(
        _sum(cells_of(questions, answers[s.id]) for s in released), groups_of(questions), schools
    )
    return Summary(Status.SHOWN, sent, _results(questions, published, sent), classes=len(released))


def _released_pool(
    survey: Survey, sessions: Sequence[ClassSession], now: datetime
) -> Summary | tuple[list[ClassSession], dict[int, SessionAnswers], int]:
    """The released classes, their answers and how many sent; or the summary to show instead (not final, too few)."""
    if not _final(survey, sessions, now):
        return Summary(Status.WAITING, 0)
    released = pupil_counts.released(sessions, now)
    answers = pupil_counts.session_answers([session.id for session in released])
    sent = sum(a.sent for a in answers.values())
    if sent < MIN_GROUP:
        return Summary(Status.TOO_FEW, 0)
    return released, answers, sent


def _final(survey: Survey, sessions: Sequence[ClassSession], now: datetime) -> bool:
    return now >= survey.consultation.close_at_utc and not any(session.is_open(now) for session in sessions)


def _school_node(
    questions: Sequence[Question], classes: Sequence[ClassSession], answers: dict[int, SessionAnswers]
) -> Published:
    groups = groups_of(questions)
    leaves = [publish_leaf(cells_of(questions, answers[session.id]), groups) for session in classes]
    return publish_parent(_sum(leaf.counts for leaf in leaves), groups, leaves)


def _questions(definition: SurveyDefinition, *, equality: bool) -> list[Question]:
    return [q for q in definition.questions if q.type in COUNTED_TYPES and (equality or not q.equality)]


def _sum(tables: Iterable[Mapping[CellId, int]]) -> dict[CellId, int]:
    total: dict[CellId, int] = defaultdict(int)
    for table in tables:
        for cell, count in table.items():
            total[cell] += count
    return dict(total)


def _table_items(question: Question) -> list[str | None]:
    return [row.value for row in question.rows] if question.rows else [None]


def groups_of(questions: Sequence[Question]) -> list[list[CellId]]:
    """The groups whose totals are known (every pupil who sent answers): see ``app.schools.suppression``."""
    groups: list[list[CellId]] = []
    for question in questions:
        if question.type == QuestionType.MULTIPLE_CHOICE and not question.rows:
            for value in [option.value for option in question.choices] + [NO_ANSWER]:
                groups.append([(question.id, None, value), (question.id, None, NOT_CHOSEN + value)])
            continue
        for item in _table_items(question):
            groups.append(
                [(question.id, item, option.value) for option in question.choices] + [(question.id, item, NO_ANSWER)]
            )
    return groups


def cells_of(questions: Sequence[Question], answers: SessionAnswers) -> dict[CellId, int]:
    """One session's counts for every cell of ``groups_of``; "Did not answer" includes any unlisted answer."""
    cells: dict[CellId, int] = {}
    for question in questions:
        values = [option.value for option in question.choices]
        if question.type == QuestionType.MULTIPLE_CHOICE and not question.rows:
            chose = {v: answers.answers.get((question.id, None, v), 0) for v in values}
            chose[NO_ANSWER] = answers.sent - answers.answered.get(question.id, 0)
            for value, count in chose.items():
                cells[(question.id, None, value)] = count
                cells[(question.id, None, NOT_CHOSEN + value)] = answers.sent - count
            continue
        for item in _table_items(question):
            listed = {v: answers.answers.get((question.id, item, v), 0) for v in values}
            cells.update({(question.id, item, v): count for v, count in listed.items()})
            cells[(question.id, item, NO_ANSWER)] = answers.sent - sum(listed.values())
    return cells


def _results(questions: Sequence[Question], published: Published, sent: int) -> tuple[QuestionResult, ...]:
    results = []
    for question in questions:
        tables = []
        for item in _table_items(question):
            caption = question.row_label(item) if item is not None else question.label
            cells = [
                _cell(published, (question.id, item, option.value), option.label, sent) for option in question.choices
            ]
            cells.append(_cell(published, (question.id, item, NO_ANSWER), "Did not answer", sent))
            tables.append(Table(item, caption, tuple(cells)))
        results.append(QuestionResult(question.id, question.label, question.type.value, tuple(tables)))
    return tuple(results)


def _cell(published: Published, cell: CellId, label: str, sent: int) -> Cell:
    count = published.shown(cell)
    return Cell(cell[2], label, count, round(100 * count / sent) if count is not None and sent else None)
