"""Closed-answer tallies per group a dashboard filters by, so a filtered view or a cross-tab at 100,000 responses sums
a few thousand tally rows instead of grouping the million answers of the responses it picks.

Each fold (``app.reports.tallies``) marks its responses with their ward, age band, channel and London day received
(``tallied_responses``), then adds two kinds of ``filter_tallies`` rows from the marks it just wrote, in the same
transaction as ``answer_tallies``: per cell and (ward, age band, channel), and per cell and day. Taking a response
back out (``unfold``, ``forget``) subtracts both from its marks, so these rows always equal a live count of the
folded responses. A filter by ward, age band and channel together sums the first kind; one by dates alone sums the
second; one by dates and a group counts live (``readable`` says which). Responses sent since the last fold are
always counted live, as the whole-consultation tallies do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, Date, Integer, String, Text, cast, delete, func, insert, literal, null, select

from app.common.filters import LONDON
from app.extensions import db
from app.models import Answer, FilterTally, Response, TalliedResponse

PROFILE_KEYS = ("ward", "age_band")
"""Questions a view can be filtered and cross-tabulated by, besides audience."""
COMPACT_AT = 200_000
"""Filter tally rows of one consultation before a fold sums them back to one row per cell and group."""
GROUPS = (TalliedResponse.ward, TalliedResponse.age_band, TalliedResponse.channel)
ROW_CELL = (FilterTally.question_id, FilterTally.item, FilterTally.value, FilterTally.position)
ROW_GROUP = (FilterTally.ward, FilterTally.age_band, FilterTally.channel, FilterTally.day)
COLUMNS = ["consultation_id", "question_id", "item", "value", "position", "ward", "age_band", "channel", "day", "count"]
Cell = tuple[int, str | None, str, int | None]
EMPTY = (("ward", String(80)), ("age_band", String(80)), ("channel", String(16)), ("day", Date()))
"""Each group column with its type, so an empty one is a typed NULL in ``INSERT ... SELECT`` on PostgreSQL."""


def marks(
    consultation_id: int, response_ids: list[int], token: str, profile_questions: dict[str, list[int]]
) -> list[dict[str, object]]:
    """The ``tallied_responses`` rows of a fold: each response with the groups a filter picks it by, read a chunk
    of responses at a time (two index lookups per chunk)."""
    rows = []
    for start in range(0, len(response_ids), 500):
        chunk = response_ids[start : start + 500]
        given = _profile_answers(chunk, profile_questions)
        for response_id, channel, submitted in db.session.execute(
            select(Response.id, Response.__table__.c.channel, Response.submitted_at_utc).where(Response.id.in_(chunk))
        ):
            rows.append(
                {
                    "response_id": response_id,
                    "consultation_id": consultation_id,
                    "fold": token,
                    "ward": given.get((response_id, "ward")),
                    "age_band": given.get((response_id, "age_band")),
                    "channel": getattr(channel, "value", channel),
                    "day": london_day(submitted),
                }
            )
    return rows


def _profile_answers(chunk: list[int], profile_questions: dict[str, list[int]]) -> dict[tuple[int, str], str]:
    key_of = {qid: key for key, ids in profile_questions.items() for qid in ids}
    if not key_of:
        return {}
    query = (
        select(Answer.response_id, Answer.question_id, Answer.value)
        .where(Answer.response_id.in_(chunk), Answer.question_id.in_(list(key_of)), Answer.item.is_(None))
        .order_by(Answer.response_id, Answer.id)
    )
    given: dict[tuple[int, str], str] = {}
    for response_id, question_id, value in db.session.execute(query):
        given.setdefault((response_id, key_of[question_id]), value)
    return given


def london_day(moment: datetime | str | None) -> date | None:
    """The London day of a UTC time, as the filter's dates are London days."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return moment.astimezone(LONDON).date()


def add(
    consultation_id: int,
    picked: ColumnElement[bool],
    counted: tuple[ColumnElement[bool], ...],
    several: tuple[ColumnElement[bool], ...] | None,
    sign: int = 1,
) -> None:
    """Add (or with ``sign`` -1, subtract) the answers of the marked responses ``picked`` (a condition on
    ``TalliedResponse``) that ``counted`` selects, per group and per day; ``several`` selects the answers whose
    distinct respondents are counted too (None if the consultation has no such question)."""
    cell = (Answer.question_id, Answer.item, Answer.value, Answer.position)
    counts, respondents = (func.count(), func.count(func.distinct(Answer.response_id)))
    if sign < 0:
        counts, respondents = -counts, -respondents
    for groups in (GROUPS, (TalliedResponse.day,)):
        named = _named(groups)
        source = (
            select(literal(consultation_id), *cell, *named, counts)
            .join(TalliedResponse, TalliedResponse.response_id == Answer.response_id)
            .where(picked, *counted)
            .group_by(*cell, *groups)
        )
        db.session.execute(insert(FilterTally).from_select(COLUMNS, source))
        if several is not None:
            source = (
                select(
                    literal(consultation_id),
                    Answer.question_id,
                    cast(null(), String(80)),
                    cast(null(), Text),
                    cast(null(), Integer),
                    *named,
                    respondents,
                )
                .join(TalliedResponse, TalliedResponse.response_id == Answer.response_id)
                .where(picked, *several)
                .group_by(Answer.question_id, *groups)
            )
            db.session.execute(insert(FilterTally).from_select(COLUMNS, source))


def _named(groups: tuple[ColumnElement[object], ...]) -> list[ColumnElement[object]]:
    """The group columns in ``COLUMNS`` order, the ones this kind of row leaves empty as NULL."""
    present = {column.key: column for column in groups}
    return [present.get(name, cast(null(), type_)) for name, type_ in EMPTY]


def compact(consultation_id: int, *, always: bool = False) -> None:
    """Once many folds have added rows (or ``always``), sum them back to one row per cell and group, leaving out
    rows that sum to nothing; the rows summed are exactly those deleted (``RETURNING``)."""
    rows = db.session.scalar(select(func.count(FilterTally.id)).where(FilterTally.consultation_id == consultation_id))
    if not rows or (rows <= COMPACT_AT and not always):
        return
    deleted = db.session.execute(
        delete(FilterTally)
        .where(FilterTally.consultation_id == consultation_id)
        .returning(*ROW_CELL, *ROW_GROUP, FilterTally.count)
    ).all()
    sums: dict[tuple[object, ...], int] = defaultdict(int)
    for *key, count in deleted:
        sums[tuple(key)] += count
    kept = [dict(zip(COLUMNS, (consultation_id, *key, count), strict=True)) for key, count in sums.items() if count]
    if kept:
        db.session.execute(insert(FilterTally), kept)


def forget_all(consultation_id: int) -> None:
    db.session.execute(delete(FilterTally).where(FilterTally.consultation_id == consultation_id))


def readable(ward: str, age_band: str, channel: str, date_from: date | None, date_to: date | None) -> bool:
    """Whether a filter's figures can be summed from these tallies: by groups, or by dates, not both."""
    return not ((ward or age_band or channel) and (date_from or date_to))


def summed(
    consultation_id: int,
    question_ids: Iterable[int],
    ward: str = "",
    age_band: str = "",
    channel: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    by: str = "",
) -> dict[tuple[str, Cell], int]:
    """Folded counts per (group of ``by``, cell) of these questions among the responses the filter picks (``by``
    empty: one group, ""). A cell with no value is a question's distinct respondents."""
    group = getattr(FilterTally, by) if by else literal("")
    query = select(group, *ROW_CELL, func.sum(FilterTally.count)).where(
        FilterTally.consultation_id == consultation_id, FilterTally.question_id.in_(list(question_ids))
    )
    if date_from or date_to:
        query = query.where(FilterTally.day.is_not(None))
        if date_from:
            query = query.where(FilterTally.day >= date_from)
        if date_to:
            query = query.where(FilterTally.day <= date_to)
    else:
        query = query.where(FilterTally.day.is_(None))
    for name, value in (("ward", ward), ("age_band", age_band), ("channel", channel)):
        if value:
            query = query.where(getattr(FilterTally, name) == value)
    totals: dict[tuple[str, Cell], int] = {}
    for key, qid, item, value, position, count in db.session.execute(query.group_by(group, *ROW_CELL)):
        if count:
            totals[("" if key is None else str(key), (qid, item, value, position))] = int(count)
    return totals
