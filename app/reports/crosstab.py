"""One closed question broken down by ward, age band or audience: who answered what, among the responses the
dashboard's filter picks.

Each column (a ward, an age band, an audience) is a group of people whose total is shown, so its cells go through
``app.reports.suppression`` like every other table, and the column totals do too (they add up to everyone who
answered both questions). Shares are of the column, so columns of different sizes can be compared. Pupils are never
in a cross-tab (see ``app.reports.filters``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Answer, Consultation, Response, Survey, SurveyAudience, SurveyQuestion, SurveyVersion
from app.reports import aggregates, filters, suppression
from app.reports.dashboard import Count
from app.reports.filters import Filter, Option
from app.surveys.definitions_service import definition_of

BY = {"ward": "Ward", "age_band": "Age band", "audience": "Audience"}
CROSSABLE_TYPES = ("single_choice", "multiple_choice", "ward", "grid", "face_scale", "ranking")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    base: int | None
    """Respondents in this column who answered the question; None when hidden."""


@dataclass(frozen=True)
class CrossTab:
    question: str
    by: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Option, tuple[Count, ...]], ...]

    @property
    def empty(self) -> bool:
        return not any(column.base for column in self.columns)


def questions_of(consultation: Consultation) -> tuple[Option, ...]:
    """Every closed question (and each row of a grid) of the surveys that are not for pupils, as
    ``survey:question[:row]`` options."""
    options = []
    for survey in aggregates.surveys_of(consultation):
        if survey.audience == SurveyAudience.SCHOOLS:
            continue
        for question in definition_of(survey.current_version).questions:
            if question.type.value not in CROSSABLE_TYPES or question.id.lower() in filters.PROFILE_KEYS:
                continue
            if question.has_rows:
                options += [
                    Option(
                        f"{survey.slug}:{question.id}:{row.value}", f"{survey.title}: {question.label} – {row.label}"
                    )
                    for row in question.rows
                ]
            else:
                options.append(Option(f"{survey.slug}:{question.id}", f"{survey.title}: {question.label}"))
    return tuple(options)


def build(
    consultation: Consultation, chosen: Filter, question: str, by: str, choices: filters.Choices
) -> CrossTab | None:
    """The cross-tab of ``question`` (a value of ``questions_of``) by ``by``; None if either is not offered."""
    offered = {option.value: option.label for option in questions_of(consultation)}
    if question not in offered or by not in BY or (by != "audience" and by not in choices.profile):
        return None
    slug, key, *row = question.split(":")
    survey = next(s for s in aggregates.surveys_of(consultation) if s.slug == slug)
    definition = next(q for q in definition_of(survey.current_version).questions if q.id == key)
    item = row[0] if row else None
    several = definition.type.value in aggregates.DISTINCT_TYPES
    cells, bases = _counts(consultation, chosen, survey, key, item, by, several)
    columns = choices.audiences if by == "audience" else choices.profile[by]
    shown_bases = suppression.shown_mapping({c.value: bases.get(c.value, 0) for c in columns})
    table_columns = tuple(Column(c.value, c.label, shown_bases[c.value]) for c in columns)
    by_column = {
        c.value: _column_cells(
            definition.choices, cells.get(c.value, {}), bases.get(c.value, 0), shown_bases[c.value], several
        )
        for c in columns
    }
    rows = tuple(
        (Option(o.value, o.label), tuple(by_column[c.value][o.value] for c in columns)) for o in definition.choices
    )
    return CrossTab(offered[question], BY[by], table_columns, rows)


def _column_cells(
    options: Any, counts: dict[str, int], base: int, shown_base: int | None, several: bool
) -> dict[str, Count]:
    values = {o.value: counts.get(o.value, 0) for o in options}
    if shown_base is None:
        shown = dict.fromkeys(values)
    elif several:
        shown = {v: suppression.shown_group([n, base - n])[0] for v, n in values.items()}
    else:
        shown = suppression.shown_mapping(values)
    return {v: Count(v, v, shown[v], n / base if base and shown[v] is not None else 0.0) for v, n in values.items()}


def _counts(
    consultation: Consultation, chosen: Filter, survey: Survey, key: str, item: str | None, by: str, several: bool
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Responses per (column, answer), and respondents per column (a response choosing several counts once): from
    the filter tallies where they are kept for the filter and the column, plus the responses not folded yet."""
    picked = filters.picked(consultation, chosen)
    if picked is None or (by != "audience" and (chosen.date_from or chosen.date_to)):
        return _live_counts(consultation, filters.condition(consultation, chosen), survey, key, item, by)
    cells, bases = _live_counts(consultation, Response.id.in_(picked.pending), survey, key, item, by)
    respondents: dict[str, int] = defaultdict(int)
    summed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (group, (_qid, row, value, _position)), count in picked.summed(
        consultation.id, _question_ids(survey, key), "" if by == "audience" else by
    ).items():
        group = survey.audience.value if by == "audience" else group
        if not group:
            continue
        if value is None:
            respondents[group] += count
        elif row == item:
            summed[group][value] += count
    for group, values in summed.items():
        cells.setdefault(group, {})
        for value, count in values.items():
            cells[group][value] = cells[group].get(value, 0) + count
        bases[group] = bases.get(group, 0) + (respondents[group] if several else sum(values.values()))
    return cells, bases


def _live_counts(
    consultation: Consultation, where: ColumnElement[bool], survey: Survey, key: str, item: str | None, by: str
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """The cross-tab of the responses ``where`` picks, counted from their answers."""
    answer = aliased(Answer)
    column, join = _column(consultation, by)
    picked = and_(
        where,
        answer.question_id.in_(_question_ids(survey, key)),
        answer.item.is_(None) if item is None else answer.item == item,
    )
    query = (
        select(column, answer.value, func.count(func.distinct(answer.response_id)))
        .select_from(answer)
        .join(Response, Response.id == answer.response_id)
    )
    query = join(query)
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    for group, value, count in db.session.execute(query.where(picked).group_by(column, answer.value)):
        cells[_key(group)][value] = count
    base_query = join(
        select(column, func.count(func.distinct(answer.response_id)))
        .select_from(answer)
        .join(Response, Response.id == answer.response_id)
    )
    bases = {_key(group): count for group, count in db.session.execute(base_query.where(picked).group_by(column))}
    return cells, bases


def _key(group: Any) -> str:
    return group.value if isinstance(group, SurveyAudience) else str(group)


def _column(consultation: Consultation, by: str) -> tuple[ColumnElement[Any], Any]:
    if by == "audience":
        return Response.__table__.c.audience, lambda query: query
    profile = aliased(Answer)
    ids = list(
        db.session.scalars(
            select(SurveyQuestion.id)
            .join(SurveyVersion, SurveyVersion.id == SurveyQuestion.survey_version_id)
            .join(Survey, Survey.id == SurveyVersion.survey_id)
            .where(Survey.consultation_id == consultation.id, func.lower(SurveyQuestion.key) == by)
        )
    )
    return profile.value, lambda query: query.join(
        profile, and_(profile.response_id == Response.id, profile.question_id.in_(ids), profile.item.is_(None))
    )


def _question_ids(survey: Survey, key: str) -> list[int]:
    return list(
        db.session.scalars(
            select(SurveyQuestion.id)
            .join(SurveyVersion, SurveyVersion.id == SurveyQuestion.survey_version_id)
            .where(SurveyVersion.survey_id == survey.id, SurveyQuestion.key == key)
        )
    )
