"""What an officer sees on a consultation's dashboard, and what the exports summarise: counts turned into labelled
shares, question by question, with last year's result beside this year's where the question was asked before.

Pupils are counted only as ``app.reports.pupil_results`` allows: whole released classes, their closed questions as
the suppressed consultation-level summary, and their coded comments only in parts of ten or more. A hidden count is
``None`` (``Count.shown`` reads "not shown"), so no template, chart or export can print it by accident."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from app.analysis.codebooks import labels
from app.analysis.overview import ThemeRow
from app.extensions import db
from app.models import (
    Answer,
    AnswerCoding,
    AnswerTheme,
    Consultation,
    FlagStatus,
    Response,
    ResponseChannel,
    ResponseStatus,
    SafeguardingFlag,
    Survey,
    SurveyAudience,
)
from app.models.types import utcnow
from app.reports import aggregates, cache, filters, pupil_results, suppression, tallies
from app.reports.aggregates import QuestionCounts
from app.reports.filters import Filter
from app.reports.pupil_results import PupilScope
from app.schools import summaries
from app.surveys.definitions_service import definition_of
from app.surveys.engine import WARD_OPTIONS, Question

AUDIENCE_LABELS = {
    SurveyAudience.PUBLIC.value: "Residents",
    SurveyAudience.STAKEHOLDER.value: "Stakeholders",
    SurveyAudience.SCHOOLS.value: "Pupils",
}
CHANNEL_LABELS = {channel.value: channel.value.capitalize() for channel in ResponseChannel}
SENTIMENT_LABELS = {"negative": "Negative", "neutral": "Neutral", "positive": "Positive"}
WARD_LABELS = {option.value: option.label for option in WARD_OPTIONS}


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int | None
    """None when hidden to protect pupils; its ``share`` is then 0."""
    share: float
    first: int | None = None

    @property
    def suppressed(self) -> bool:
        return self.count is None

    @property
    def shown(self) -> str:
        return "not shown" if self.count is None else str(self.count)

    @property
    def percent(self) -> str:
        return "–" if self.count is None else f"{100 * self.share:.0f}%"


@dataclass(frozen=True)
class GridLine:
    key: str
    label: str
    base: int
    cells: tuple[Count, ...]


@dataclass(frozen=True)
class QuestionResult:
    survey_slug: str
    survey_title: str
    key: str
    label: str
    type: str
    base: int
    options: tuple[Count, ...] = ()
    rows: tuple[GridLine, ...] = ()
    previous: QuestionResult | None = None
    previous_title: str = ""

    @property
    def anchor(self) -> str:
        return f"q-{self.survey_slug}-{self.key}"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(cell.label for cell in self.rows[0].cells) if self.rows else ()

    def previous_share(self, key: str) -> str:
        if self.previous is None:
            return ""
        match = next((option for option in self.previous.options if option.key == key), None)
        return match.percent if match else "–"


@dataclass(frozen=True)
class PupilNote:
    """Why a pupil survey's closed questions are not on the dashboard yet."""

    survey_title: str
    status: str


@dataclass(frozen=True)
class Dashboard:
    consultation: Consultation
    total: int
    in_progress: int
    held_back: int | None
    """Pupil answers held back by the safeguarding screen; None when 1 to 9."""
    by_day: tuple[Count, ...]
    by_channel: tuple[Count, ...]
    by_audience: tuple[Count, ...]
    by_ward: tuple[Count, ...]
    questions: tuple[QuestionResult, ...]
    themes: tuple[ThemeRow, ...]
    sentiment: tuple[Count, ...]
    coded_answers: int = 0
    pupil_notes: tuple[PupilNote, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)
    filter: Filter = Filter()
    too_few: bool = False
    """A filtered view matching 1 to 9 responses: none of its figures are shown."""

    @property
    def has_hidden(self) -> bool:
        return any(
            count.suppressed
            for result in self.questions
            for count in (*result.options, *(cell for line in result.rows for cell in line.cells))
        )


def shares(
    counts: dict[str, int],
    labels: dict[str, str] | None = None,
    base: int | None = None,
    order: list[str] | None = None,
) -> tuple[Count, ...]:
    total = base if base is not None else sum(counts.values())
    keys = [k for k in (order or []) if k in counts] + [k for k in counts if k not in (order or [])]
    return tuple(Count(k, (labels or {}).get(k, k), counts[k], counts[k] / total if total else 0.0) for k in keys)


def group_shares(
    counts: dict[str, int], labels: dict[str, str] | None = None, order: list[str] | None = None
) -> tuple[Count, ...]:
    """Counts of people whose total is shown (one question's answers, one grid row, the wards): shares of that
    total, with the cells ``suppression`` hides as None."""
    total = sum(counts.values())
    shown = suppression.shown_mapping(counts)
    return tuple(
        Count(c.key, c.label, shown[c.key], c.share if shown[c.key] is not None else 0.0)
        for c in shares(counts, labels, total, order)
    )


def _chosen_shares(counts: dict[str, int], labels: dict[str, str], base: int, order: list[str]) -> tuple[Count, ...]:
    """Options of a question where one may choose several: each option with those who did not choose it is a group
    whose total (``base``) is shown."""
    return tuple(
        Count(c.key, c.label, shown, c.share if shown is not None else 0.0)
        for c in shares(counts, labels, base, order)
        for shown in (suppression.shown_group([c.count or 0, base - (c.count or 0)])[0],)
    )


def _by_day(days: dict[date, int]) -> tuple[Count, ...]:
    total = sum(days.values())
    return tuple(
        Count(day.isoformat(), f"{day.day} {day:%b %Y}", n, n / total if total else 0.0) for day, n in days.items()
    )


def _held_back(consultation: Consultation, scope: PupilScope) -> int:
    """Sent pupil answers held back by the safeguarding screen, counted like every other pupil figure: only from
    released class sessions. A live count would rise as each pupil who wrote something worrying pressed Send, so an
    officer refreshing the dashboard would learn which pupil it was."""
    return (
        db.session.scalar(
            select(func.count(SafeguardingFlag.id))
            .join(Response, Response.id == SafeguardingFlag.response_id)
            .where(
                Response.consultation_id == consultation.id,
                Response.status == ResponseStatus.SUBMITTED,
                SafeguardingFlag.status != FlagStatus.CLEARED,
                scope.counted(),
            )
        )
        or 0
    )


def _coded_counts(
    consultation: Consultation, scope: PupilScope, *columns: Any, themed: bool = False
) -> dict[tuple[Any, ...], int]:
    """Coded answers of sent responses, grouped by ``columns``: every coded answer of the consultation (its index
    alone) minus those of responses not yet sent, which are few. Joining every coded answer to its response
    instead costs two lookups per answer. ``themed`` counts each of an answer's themes. The pupil part (also
    few) is then replaced by what ``scope`` lets be counted."""

    def counted(query: Select[Any]) -> Select[Any]:
        if themed:
            query = query.join(AnswerTheme, AnswerTheme.answer_id == AnswerCoding.answer_id)
        return query.group_by(*columns)

    every = counted(select(*columns, func.count()).where(AnswerCoding.consultation_id == consultation.id))
    unsent = counted(
        select(*columns, func.count())
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .where(Response.consultation_id == consultation.id, Response.status == ResponseStatus.IN_PROGRESS)
    )
    pupils = counted(
        select(*columns, func.count())
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .where(aggregates.sent(consultation.id), Response.audience == SurveyAudience.SCHOOLS)
    )
    counts: dict[tuple[Any, ...], int] = defaultdict(int)
    for *key, count in db.session.execute(every):
        counts[tuple(key)] += count
    for *key, count in db.session.execute(unsent):
        counts[tuple(key)] -= count
    every_pupil = {tuple(key): count for *key, count in db.session.execute(pupils)}
    counted_pupils = (
        {tuple(key): count for *key, count in db.session.execute(pupils.where(scope.counted()))} if scope.final else {}
    )
    return pupil_results.merge_pupil_part(counts, every_pupil, counted_pupils)


def _filtered_coded_counts(
    consultation: Consultation, where: ColumnElement[bool], *columns: Any, themed: bool = False
) -> dict[tuple[Any, ...], int]:
    """Coded answers of the responses a filter picks (``where``, never pupils'), grouped by ``columns``."""
    query = (
        select(*columns, func.count())
        .select_from(AnswerCoding)
        .join(Answer, Answer.id == AnswerCoding.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(AnswerCoding.consultation_id == consultation.id, where)
    )
    if themed:
        query = query.join(AnswerTheme, AnswerTheme.answer_id == AnswerCoding.answer_id)
    return {tuple(key): count for *key, count in db.session.execute(query.group_by(*columns))}


def _coded(
    consultation: Consultation,
    scope: PupilScope,
    where: ColumnElement[bool] | None,
    *columns: Any,
    themed: bool = False,
) -> dict[tuple[Any, ...], int]:
    if where is not None:
        return _filtered_coded_counts(consultation, where, *columns, themed=themed)
    return _coded_counts(consultation, scope, *columns, themed=themed)


def sentiment_counts(
    consultation: Consultation, scope: PupilScope, where: ColumnElement[bool] | None = None
) -> tuple[Count, ...]:
    """Coded answers by sentiment: of the responses ``where`` picks (a filter's condition), if given."""
    rows = _coded(consultation, scope, where, AnswerCoding.sentiment)
    return shares(
        {sentiment: count for (sentiment,), count in rows.items()}, SENTIMENT_LABELS, order=list(SENTIMENT_LABELS)
    )


def theme_counts(
    consultation: Consultation, coded: int, scope: PupilScope, where: ColumnElement[bool] | None = None
) -> tuple[ThemeRow, ...]:
    """The analysis overview's theme rows without quotes: ``coded`` (the sentiment total) is the base of each share,
    so the coded answers are not counted a second time."""
    by_theme: dict[str, dict[str, int]] = defaultdict(dict)
    for (key, sentiment), count in _coded(
        consultation, scope, where, AnswerTheme.theme_key, AnswerCoding.sentiment, themed=True
    ).items():
        by_theme[key][sentiment] = count
    names = labels(consultation)
    themes = [
        ThemeRow(
            key, names.get(key, key), sum(split.values()), sum(split.values()) / coded if coded else 0.0, split, ()
        )
        for key, split in by_theme.items()
    ]
    return tuple(sorted(themes, key=lambda row: (-row.count, row.label)))


def catch_up_tallies(consultation: Consultation) -> None:
    """Fold responses sent since the last fold, for this consultation and the earlier ones it is compared with, so
    the dashboard counts only a few responses live. Commits, in a write transaction of its own
    (``tallies.catch_up``); a view calls it before anything it will render."""
    earlier = [previous_consultation(consultation, survey.slug) for survey in aggregates.surveys_of(consultation)]
    tallies.catch_up([consultation.id, *(c.id for c in earlier if c is not None)])


def _total(counts: tuple[Count, ...]) -> int:
    return sum(c.count or 0 for c in counts)


def build_dashboard(consultation: Consultation, chosen: Filter | None = None) -> Dashboard:
    """The dashboard, of the responses ``chosen`` picks if given; its aggregates come from ``cache`` while the
    consultation's data (and which pupil results may be shown) has not changed."""
    chosen = chosen or Filter()
    scope = pupil_results.scope_of(consultation, utcnow())
    key = (consultation.id, cache.fingerprint(consultation.id), scope.key, chosen)
    figures = cache.get(key)
    if figures is None:
        figures = _filtered_figures(consultation, scope, chosen) if chosen.active else _figures(consultation, scope)
        cache.put(key, figures)
    return Dashboard(
        consultation=consultation,
        total=_total(figures["by_channel"]),
        in_progress=aggregates.in_progress_count(consultation.id),
        held_back=pupil_results.small_hidden(_held_back(consultation, scope)),
        coded_answers=_total(figures["sentiment"]),
        filter=chosen,
        **figures,
    )


EMPTY_FIGURES: dict[str, Any] = {
    "by_day": (),
    "by_channel": (),
    "by_audience": (),
    "by_ward": (),
    "questions": (),
    "pupil_notes": (),
    "themes": (),
    "sentiment": (),
    "too_few": True,
}


def _filtered_figures(consultation: Consultation, scope: PupilScope, chosen: Filter) -> dict[str, Any]:
    """The figures of the responses a filter picks, counted live; none at all when they are 1 to 9 people."""
    picked = filters.picked(consultation, chosen) if chosen.by_response else None
    where = filters.condition(consultation, chosen, picked)
    sent = aggregates.sent_breakdown(consultation.id, where)
    if suppression.shown(sum(sent.by_channel.values())) is None:
        return EMPTY_FIGURES
    within = filters.response_ids(consultation, chosen) if chosen.by_response and picked is None else None
    surveys = filters.survey_ids(consultation, chosen)
    sentiment = sentiment_counts(consultation, scope, where)
    pending = tallies.unfolded(consultation.id) if not chosen.by_response else None
    return {
        "by_day": _by_day(sent.by_day),
        "by_channel": shares(sent.by_channel, CHANNEL_LABELS),
        "by_audience": shares(sent.by_audience, AUDIENCE_LABELS, order=list(AUDIENCE_LABELS)),
        "by_ward": group_shares(
            aggregates.counts_by_key(consultation.id, "ward", pending, within, surveys, picked),
            WARD_LABELS,
            order=list(WARD_LABELS),
        ),
        "questions": tuple(
            question_results(
                consultation,
                with_previous=not chosen.by_response,
                pending=pending,
                now=scope.now,
                within=within,
                survey_ids=surveys,
                picked=picked,
            )
        ),
        "pupil_notes": (),
        "themes": theme_counts(consultation, _total(sentiment), scope, where),
        "sentiment": sentiment,
    }


def _figures(consultation: Consultation, scope: PupilScope) -> dict[str, Any]:
    sent = aggregates.sent_breakdown(consultation.id, scope.counted())
    sentiment = sentiment_counts(consultation, scope)
    pending = tallies.unfolded(consultation.id)
    questions, notes = _questions_and_notes(consultation, scope, pending)
    return {
        "by_day": _by_day(sent.by_day),
        "by_channel": shares(sent.by_channel, CHANNEL_LABELS),
        "by_audience": shares(sent.by_audience, AUDIENCE_LABELS, order=list(AUDIENCE_LABELS)),
        "by_ward": group_shares(
            aggregates.counts_by_key(consultation.id, "ward", pending), WARD_LABELS, order=list(WARD_LABELS)
        ),
        "questions": questions,
        "pupil_notes": notes,
        "themes": theme_counts(consultation, _total(sentiment), scope),
        "sentiment": sentiment,
    }


def _questions_and_notes(
    consultation: Consultation, scope: PupilScope, pending: list[int]
) -> tuple[tuple[QuestionResult, ...], tuple[PupilNote, ...]]:
    results = question_results(consultation, pending=pending, now=scope.now)
    notes = tuple(
        PupilNote(survey.title, summary.status.value)
        for survey in aggregates.surveys_of(consultation)
        if pupil_results.is_pupil_survey(survey)
        and (summary := pupil_results.survey_summary(survey, scope.now)).suppressed
    )
    return tuple(results), notes


def question_results(
    consultation: Consultation,
    with_previous: bool = True,
    pending: list[int] | None = None,
    now: datetime | None = None,
    within: list[int] | None = None,
    survey_ids: list[int] | None = None,
    picked: aggregates.Picked | None = None,
) -> list[QuestionResult]:
    """Every closed question's result (of the surveys ``survey_ids``, if given); ``pending`` are the
    consultation's unfolded sent responses if known. Pupil surveys' results are their suppressed consultation
    summaries (none until it may be shown), and are left out when counting only some surveys or responses."""
    now = now or utcnow()
    surveys = [
        survey for survey in aggregates.surveys_of(consultation) if survey_ids is None or survey.id in survey_ids
    ]
    adults = [survey.id for survey in surveys if not pupil_results.is_pupil_survey(survey)]
    counts = (
        aggregates.closed_counts(consultation.id, survey_ids=adults, pending=pending, within=within, picked=picked)
        if adults
        else {}
    )
    results: list[QuestionResult] = []
    for survey in surveys:
        if pupil_results.is_pupil_survey(survey) and (within is not None or picked is not None):
            continue
        if pupil_results.is_pupil_survey(survey):
            results += _pupil_results(survey, pupil_results.survey_summary(survey, now))
            continue
        results += [
            _result(survey, question, counts.get((survey.id, question.id), QuestionCounts()))
            for question in definition_of(survey.current_version).questions
            if question.type.value in aggregates.CLOSED_TYPES
        ]
    return _with_previous(consultation, surveys, results, now) if with_previous else results


def _pupil_results(survey: Survey, summary: summaries.Summary) -> list[QuestionResult]:
    """The suppressed summary as dashboard results: every share is of all pupils counted, "Did not answer" too."""
    if summary.suppressed:
        return []
    base = summary.responses
    results = []
    for question in summary.questions:
        common = {
            "survey_slug": survey.slug,
            "survey_title": survey.title,
            "key": question.key,
            "label": question.label,
            "type": question.type,
            "base": base,
        }
        lines = [
            tuple(Count(c.key, c.label, c.count, (c.count or 0) / base) for c in table.cells)
            for table in question.tables
        ]
        if question.tables[0].key is None:
            results.append(QuestionResult(**common, options=lines[0]))
        else:
            results.append(
                QuestionResult(
                    **common,
                    rows=tuple(
                        GridLine(table.key or "", table.caption, base, line)
                        for table, line in zip(question.tables, lines, strict=True)
                    ),
                )
            )
    return results


def _result(survey: Survey, question: Question, counts: QuestionCounts) -> QuestionResult:
    common = {
        "survey_slug": survey.slug,
        "survey_title": survey.title,
        "key": question.id,
        "label": question.label,
        "type": question.type.value,
        "base": counts.respondents,
    }
    order = [option.value for option in question.choices]
    labels = {option.value: option.label for option in question.choices}
    if question.has_rows:
        lines = []
        for row in question.rows:
            row_counts = {value: counts.cells.get((row.value, value), 0) for value in order}
            base = sum(row_counts.values())
            lines.append(GridLine(row.value, row.label, base, group_shares(row_counts, labels, order)))
        return QuestionResult(**common, rows=tuple(lines))
    chosen = {value: counts.cells.get((None, value), 0) for value in order}
    chosen.update({v: n for (item, v), n in counts.cells.items() if item is None and v not in chosen})
    options = (
        _chosen_shares(chosen, labels, counts.respondents, order)
        if question.type.value in aggregates.DISTINCT_TYPES
        else group_shares(chosen, labels, order)
    )
    if question.type.value == "ranking":
        options = tuple(
            Count(o.key, o.label, o.count, o.share, suppression.shown(counts.positions.get((o.key, 1), 0)))
            for o in options
        )
    return QuestionResult(**common, options=options)


def previous_consultation(consultation: Consultation, survey_slug: str) -> Consultation | None:
    """The partnership's most recent earlier consultation that ran a survey with this slug (its annual survey)."""
    return db.session.scalar(
        select(Consultation)
        .join(Survey, Survey.consultation_id == Consultation.id)
        .where(
            Survey.slug == survey_slug,
            Consultation.id != consultation.id,
            Consultation.open_at_utc < consultation.open_at_utc,
        )
        .order_by(Consultation.open_at_utc.desc(), Consultation.id.desc())
        .limit(1)
    )


def _with_previous(
    consultation: Consultation, surveys: list[Survey], results: list[QuestionResult], now: datetime
) -> list[QuestionResult]:
    earlier: dict[str, tuple[str, dict[str, QuestionResult]]] = {}
    for survey in surveys:
        previous = previous_consultation(consultation, survey.slug)
        if previous is not None:
            past = question_results(previous, with_previous=False, now=now)
            earlier[survey.slug] = (previous.title, {r.key: r for r in past if r.survey_slug == survey.slug})
    merged = []
    for result in results:
        title, past_results = earlier.get(result.survey_slug, ("", {}))
        past = past_results.get(result.key)
        if past is not None and past.type == result.type:
            result = QuestionResult(**{**result.__dict__, "previous": past, "previous_title": title})
        merged.append(result)
    return merged
