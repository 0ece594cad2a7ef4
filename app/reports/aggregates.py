"""The SQL behind every report: counts of sent responses and of closed-question answers, grouped in the database.

Everything here is a GROUP BY over the ``answers`` and ``responses`` tables, so its cost grows with the number of
distinct answers, not with Python work per response. Only sent responses count, and only answers that the
safeguarding screen lets through (``reportable_answers``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, ColumnElement, Select, and_, cast, func, or_, select, union_all

from app.common.filters import LONDON
from app.extensions import db
from app.models import Answer, Consultation, Response, ResponseStatus, Survey, SurveyQuestion, SurveyVersion
from app.models.responses import SHORT_VALUE
from app.safeguarding.contract import reportable_answers

CLOSED_TYPES = ("single_choice", "multiple_choice", "ward", "grid", "face_scale", "ranking")
ROW_TYPES = ("grid", "face_scale")
DISTINCT_TYPES = ("multiple_choice", "ranking")


@dataclass
class QuestionCounts:
    """Raw counts for one question key of one survey: ``cells[(item, value)]`` and, for rankings, by position."""

    respondents: int = 0
    cells: dict[tuple[str | None, str], int] = field(default_factory=lambda: defaultdict(int))
    positions: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))


def sent(consultation_id: int) -> ColumnElement[bool]:
    return and_(Response.consultation_id == consultation_id, Response.status == ResponseStatus.SUBMITTED)


def response_counts(consultation_id: int, column) -> dict[str, int]:  # type: ignore[no-untyped-def]
    rows = db.session.execute(
        select(column, func.count(Response.id)).where(sent(consultation_id)).group_by(column).order_by(column)
    ).all()
    return {getattr(key, "value", key): count for key, count in rows}


def in_progress_count(consultation_id: int) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(
        Response.consultation_id == consultation_id, Response.status == ResponseStatus.IN_PROGRESS)) or 0


def _hour_bucket():  # type: ignore[no-untyped-def]
    if db.engine.dialect.name == "postgresql":
        return func.date_trunc("hour", Response.submitted_at_utc)
    return func.strftime("%Y-%m-%d %H:00:00", Response.submitted_at_utc)


def responses_by_day(consultation_id: int) -> dict[date, int]:
    """Sent responses per day in Europe/London: grouped by UTC hour in SQL (London is always a whole number of
    hours from UTC), then hours folded into London days."""
    bucket = _hour_bucket()
    rows = db.session.execute(
        select(bucket, func.count(Response.id)).where(sent(consultation_id)).group_by(bucket)
    ).all()
    days: dict[date, int] = defaultdict(int)
    for hour, count in rows:
        moment = hour if isinstance(hour, datetime) else datetime.fromisoformat(str(hour))
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        days[moment.astimezone(LONDON).date()] += count
    return dict(sorted(days.items()))


def _closed_questions(consultation_id: int, survey_ids: list[int] | None = None,
                      key: str | None = None) -> dict[int, tuple[int, str, str]]:
    """The consultation's closed question rows (every version): id -> (survey id, key, type)."""
    query = (select(SurveyQuestion.id, SurveyVersion.survey_id, SurveyQuestion.key, SurveyQuestion.type)
             .join(SurveyVersion, SurveyVersion.id == SurveyQuestion.survey_version_id)
             .join(Survey, Survey.id == SurveyVersion.survey_id)
             .where(Survey.consultation_id == consultation_id, SurveyQuestion.type.in_(CLOSED_TYPES)))
    if survey_ids is not None:
        query = query.where(SurveyVersion.survey_id.in_(survey_ids))
    if key is not None:
        query = query.where(func.lower(SurveyQuestion.key) == key.lower())
    return {qid: (survey_id, qkey, qtype) for qid, survey_id, qkey, qtype in db.session.execute(query)}


def _net(questions: dict[int, tuple[int, str, str]], columns: tuple, measure) -> Select:  # type: ignore[no-untyped-def]
    """``measure`` over the answers to ``questions`` of sent responses, as one statement (one snapshot): all the
    answers (an index-only scan of ``ix_answers_short_values``) minus those of responses not yet sent, which are
    few. Joining every answer to its response instead costs a lookup per answer row."""
    row_ids = [qid for qid, (_, _, qtype) in questions.items() if qtype in ROW_TYPES]
    where = (Answer.question_id.in_(list(questions)), func.length(Answer.value) <= SHORT_VALUE,
             or_(Answer.question_id.in_(row_ids), Answer.item.is_(None)), reportable_answers(Answer.id))
    every = select(*columns, measure.label("n")).where(*where).group_by(*columns)
    unsent = (select(*columns, (-measure).label("n")).join(Response, Response.id == Answer.response_id)
              .where(*where, Response.status != ResponseStatus.SUBMITTED).group_by(*columns))
    both = union_all(every, unsent).subquery()
    keys = [both.c[column.key] for column in columns]
    return select(*keys, cast(func.sum(both.c.n), BigInteger)).group_by(*keys)


def closed_counts(consultation_id: int, survey_ids: list[int] | None = None) -> dict[tuple[int, str], QuestionCounts]:
    """Counts per (survey id, question key) for every closed question of the consultation's sent responses."""
    questions = _closed_questions(consultation_id, survey_ids)
    results: dict[tuple[int, str], QuestionCounts] = defaultdict(QuestionCounts)
    if not questions:
        return {}
    columns = (Answer.question_id, Answer.item, Answer.value, Answer.position)
    for qid, item, value, position, count in db.session.execute(_net(questions, columns, func.count())):
        if not count:
            continue
        survey_id, key, qtype = questions[qid]
        counts = results[(survey_id, key)]
        counts.cells[(item if qtype in ROW_TYPES else None, value)] += count
        if qtype == "ranking" and position is not None:
            counts.positions[(value, position)] += count
    _add_respondents(questions, results)
    return dict(results)


def _add_respondents(questions: dict[int, tuple[int, str, str]],
                     results: dict[tuple[int, str], QuestionCounts]) -> None:
    """How many respondents answered each question: distinct responses only where one response has many rows."""
    several = {qid: q for qid, q in questions.items() if q[2] in DISTINCT_TYPES}
    distinct: dict[tuple[int, str], int] = defaultdict(int)
    if several:
        query = _net(several, (Answer.question_id,), func.count(func.distinct(Answer.response_id)))
        for qid, count in db.session.execute(query):
            distinct[several[qid][:2]] += count or 0
    for key, counts in results.items():
        if key in distinct:
            counts.respondents = distinct[key]
        elif any(item is not None for item, _ in counts.cells):
            per_row: dict[str | None, int] = defaultdict(int)
            for (item, _value), n in counts.cells.items():
                per_row[item] += n
            counts.respondents = max(per_row.values())
        else:
            counts.respondents = sum(counts.cells.values())


def counts_by_key(consultation_id: int, question_key: str) -> dict[str, int]:
    """Sent answers to any closed question with this key (case-insensitive), by stored value, across surveys."""
    questions = _closed_questions(consultation_id, key=question_key)
    if not questions:
        return {}
    totals: dict[str, int] = defaultdict(int)
    for value, count in db.session.execute(_net(questions, (Answer.value,), func.count())):
        if count:
            totals[value] += count
    return dict(totals)


def surveys_of(consultation: Consultation) -> list[Survey]:
    return list(db.session.scalars(select(Survey).where(Survey.consultation_id == consultation.id)
                                   .order_by(Survey.id)))
