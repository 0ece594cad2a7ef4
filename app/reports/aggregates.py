"""The SQL behind every report: counts of sent responses and of closed-question answers, grouped in the database.

Response counts are one GROUP BY over ``responses``; closed-answer counts come from the running ``tallies`` plus a
live GROUP BY over the few responses sent since the last fold, so their cost does not grow with every answer ever
given. Only sent responses count; text the safeguarding screen holds back is never among the answers (see
``app/safeguarding/contract.py``). Pupils' responses are counted only as ``app.reports.pupil_results`` allows:
callers pass its condition to ``sent_breakdown``; pupil drafts and pupil surveys' questions are left out here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, func, select, true

from app.common.filters import LONDON
from app.extensions import db
from app.models import Consultation, Response, ResponseStatus, Survey, SurveyAudience
from app.reports import filter_tallies, tallies
from app.reports.tallies import CLOSED_TYPES, DISTINCT_TYPES, ROW_TYPES, Questions, closed_questions, sent

__all__ = [
    "CLOSED_TYPES",
    "Picked",
    "QuestionCounts",
    "SentBreakdown",
    "closed_counts",
    "counts_by_key",
    "in_progress_count",
    "picked_counts",
    "sent",
    "sent_breakdown",
    "surveys_of",
]


@dataclass
class QuestionCounts:
    """Raw counts for one question key of one survey: ``cells[(item, value)]`` and, for rankings, by position."""

    respondents: int = 0
    cells: dict[tuple[str | None, str], int] = field(default_factory=lambda: defaultdict(int))
    positions: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))


@dataclass(frozen=True)
class SentBreakdown:
    """Sent responses by channel, by audience and by day in Europe/London."""

    by_channel: dict[str, int]
    by_audience: dict[str, int]
    by_day: dict[date, int]


@dataclass(frozen=True)
class Picked:
    """A dashboard filter by groups (ward, age band, channel) or by dates received, which ``filter_tallies`` keeps
    counts for, and the sent responses it picks that are not folded yet (counted live)."""

    ward: str = ""
    age_band: str = ""
    channel: str = ""
    date_from: date | None = None
    date_to: date | None = None
    pending: tuple[int, ...] = ()

    def summed(
        self, consultation_id: int, question_ids: list[int], by: str = ""
    ) -> dict[tuple[str, tallies.Cell], int]:
        return filter_tallies.summed(
            consultation_id, question_ids, self.ward, self.age_band, self.channel, self.date_from, self.date_to, by
        )


def picked_counts(
    consultation_id: int, questions: Questions, several: Questions, picked: Picked
) -> tuple[dict[tuple[int, str | None, str, int | None], int], dict[int, int]]:
    """Cells of ``questions`` and respondents of ``several`` among the responses a filter picks: the filter
    tallies plus the picked responses not folded yet."""
    cells, respondents = tallies.live_counts(questions, several, list(picked.pending))
    for (_, (qid, item, value, position)), count in picked.summed(consultation_id, list(questions)).items():
        if value is not None:
            cells[(qid, item, value, position)] += count
        elif qid in several:
            respondents[qid] += count
    return cells, respondents


def sent_breakdown(consultation_id: int, counted: ColumnElement[bool] | None = None) -> SentBreakdown:
    """One GROUP BY over the consultation's sent responses (those ``counted``), by channel, audience and UTC hour;
    the hours are folded into London days in Python (London is always a whole number of hours from UTC)."""
    bucket = _hour_bucket()
    rows = db.session.execute(
        select(Response.channel, Response.audience, bucket, func.count(Response.id))
        .where(sent(consultation_id), true() if counted is None else counted)
        .group_by(Response.channel, Response.audience, bucket)
    ).all()
    channels: dict[str, int] = defaultdict(int)
    audiences: dict[str, int] = defaultdict(int)
    days: dict[date, int] = defaultdict(int)
    for channel, audience, hour, count in rows:
        channels[channel.value] += count
        audiences[audience.value] += count
        days[_utc_hour(hour).astimezone(LONDON).date()] += count
    return SentBreakdown(dict(sorted(channels.items())), dict(sorted(audiences.items())), dict(sorted(days.items())))


def in_progress_count(consultation_id: int) -> int:
    """Adults' unsent drafts; pupils' are left out, as their count while a class is answering tracks each pupil."""
    return (
        db.session.scalar(
            select(func.count(Response.id)).where(
                Response.consultation_id == consultation_id,
                Response.status == ResponseStatus.IN_PROGRESS,
                Response.audience != SurveyAudience.SCHOOLS,
            )
        )
        or 0
    )


def _hour_bucket():
    if db.engine.dialect.name == "postgresql":
        return func.date_trunc("hour", Response.submitted_at_utc)
    return func.substr(Response.submitted_at_utc, 1, 13)


def _utc_hour(hour: datetime | str) -> datetime:
    moment = hour if isinstance(hour, datetime) else datetime.strptime(str(hour), "%Y-%m-%d %H")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def closed_counts(
    consultation_id: int,
    survey_ids: list[int] | None = None,
    pending: list[int] | None = None,
    within: list[int] | None = None,
    picked: Picked | None = None,
) -> dict[tuple[int, str], QuestionCounts]:
    """Counts per (survey id, question key) for every closed question of the consultation's sent responses;
    ``pending`` are its unfolded sent responses, if the caller already knows them. ``picked`` (a filter the filter
    tallies are kept for) or else ``within`` (the sent response ids a filter picks, counted live) counts only the
    responses a dashboard filter picks."""
    questions = closed_questions(consultation_id, survey_ids)
    if not questions:
        return {}
    results: dict[tuple[int, str], QuestionCounts] = defaultdict(QuestionCounts)
    several = {qid: q for qid, q in questions.items() if q[2] in DISTINCT_TYPES}
    if picked is not None:
        cells, respondents = picked_counts(consultation_id, questions, several, picked)
    elif within is not None:
        cells, respondents = tallies.live_counts(questions, several, within)
    else:
        pending = tallies.unfolded(consultation_id) if pending is None else pending
        cells = tallies.cell_counts(consultation_id, questions, pending)
        respondents = tallies.respondent_counts(consultation_id, several, pending)
    for (qid, item, value, position), count in cells.items():
        if not count:
            continue
        survey_id, key, qtype = questions[qid]
        counts = results[(survey_id, key)]
        counts.cells[(item if qtype in ROW_TYPES else None, value)] += count
        if qtype == "ranking" and position is not None:
            counts.positions[(value, position)] += count
    _add_respondents(several, respondents, results)
    return dict(results)


def _add_respondents(
    several: Questions, respondents: dict[int, int], results: dict[tuple[int, str], QuestionCounts]
) -> None:
    """How many respondents answered each question: distinct responses only where one response has many rows."""
    distinct: dict[tuple[int, str], int] = defaultdict(int)
    for qid, count in respondents.items():
        distinct[several[qid][:2]] += count
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


def counts_by_key(
    consultation_id: int,
    question_key: str,
    pending: list[int] | None = None,
    within: list[int] | None = None,
    survey_ids: list[int] | None = None,
    picked: Picked | None = None,
) -> dict[str, int]:
    """Sent answers to any closed question with this key (case-insensitive), by stored value, across the surveys
    that are not for pupils (or those of ``survey_ids``); only those of the responses ``within``, if given."""
    pupils = set(
        db.session.scalars(
            select(Survey.id).where(
                Survey.consultation_id == consultation_id, Survey.audience == SurveyAudience.SCHOOLS
            )
        )
    )
    questions = {
        qid: question
        for qid, question in closed_questions(consultation_id, survey_ids, key=question_key).items()
        if question[0] not in pupils
    }
    if not questions:
        return {}
    totals: dict[str, int] = defaultdict(int)
    if picked is not None:
        cells, _ = picked_counts(consultation_id, questions, {}, picked)
    elif within is not None:
        cells, _ = tallies.live_counts(questions, {}, within)
    else:
        pending = tallies.unfolded(consultation_id) if pending is None else pending
        cells = tallies.cell_counts(consultation_id, questions, pending)
    for (_qid, _item, value, _position), count in cells.items():
        if count:
            totals[value] += count
    return dict(totals)


def surveys_of(consultation: Consultation) -> list[Survey]:
    return list(db.session.scalars(select(Survey).where(Survey.consultation_id == consultation.id).order_by(Survey.id)))
