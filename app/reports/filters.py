"""The dashboard's filters: which sent responses an officer is looking at (survey, audience, channel, ward, age band,
dates received), read from the page's address so a filtered view can be bookmarked and shared.

A filter by ward, age band and channel, or by dates received, sums the tallies kept per group and per day
(``app.reports.filter_tallies``) plus the few responses not folded yet; one by dates and a group together counts
live, over the matching responses only. Pupils'
responses are never in a filtered view: their results are published only as whole-consultation summaries, and a
filter by ward or age band would split those into groups the pupils' rules never checked. Dates are London days of
``submitted_at_utc``, which for paper, email and imported responses is the day they were received.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from app.common.filters import LONDON
from app.extensions import db
from app.models import (
    Answer,
    Consultation,
    Response,
    Survey,
    SurveyAudience,
    SurveyQuestion,
    SurveyVersion,
    TalliedResponse,
)
from app.reports import aggregates, filter_tallies, tallies
from app.reports.aggregates import Picked
from app.reports.filter_tallies import PROFILE_KEYS
from app.stakeholders.received import parse_day
from app.surveys.definitions_service import definition_of


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Filter:
    survey: str = ""
    audience: str = ""
    channel: str = ""
    ward: str = ""
    age_band: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return any(asdict(self).values())

    @property
    def by_response(self) -> bool:
        """Whether the filter picks some of a survey's responses (not whole surveys), so its figures come from the
        filter tallies or a live count rather than the whole-consultation tallies."""
        return any((self.channel, self.ward, self.age_band, self.date_from, self.date_to))

    def args(self) -> dict[str, str]:
        """The filter as query-string arguments, for links that keep it (section links, cross-tabs)."""
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in asdict(self).items()
            if value
        }


@dataclass(frozen=True)
class Choices:
    """What each filter may be set to for one consultation, as (value, label) options."""

    surveys: tuple[Option, ...]
    audiences: tuple[Option, ...]
    channels: tuple[Option, ...]
    profile: dict[str, tuple[Option, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reading:
    filter: Filter
    errors: dict[str, str]


def choices_of(
    consultation: Consultation, audience_labels: Mapping[str, str], channel_labels: Mapping[str, str]
) -> Choices:
    surveys = [s for s in aggregates.surveys_of(consultation) if s.audience != SurveyAudience.SCHOOLS]
    audiences = sorted({s.audience.value for s in surveys}, key=list(audience_labels).index)
    profile: dict[str, tuple[Option, ...]] = {}
    for survey in surveys:
        for question in definition_of(survey.current_version).questions:
            key = question.id.lower()
            if key in PROFILE_KEYS and key not in profile and question.choices:
                profile[key] = tuple(Option(o.value, o.label) for o in question.choices)
    return Choices(
        tuple(Option(s.slug, s.title) for s in surveys),
        tuple(Option(a, audience_labels[a]) for a in audiences),
        tuple(Option(value, label) for value, label in channel_labels.items()),
        profile,
    )


def read(args: Mapping[str, str], choices: Choices) -> Reading:
    """The filter in ``args``; a value that is not one of the choices, or a date that cannot be read, is left out
    and reported, so a mistyped address still shows a page that says what was ignored."""
    errors: dict[str, str] = {}
    allowed = {"survey": choices.surveys, "audience": choices.audiences, "channel": choices.channels, **choices.profile}
    values: dict[str, Any] = {}
    for name, options in allowed.items():
        value = args.get(name, "").strip()
        if value and value not in {o.value for o in options}:
            # A user-facing message, not SQL: GOV.UK's "Select ... from the list" wording trips bandit's B608.
            errors[name] = f"Select a {name.replace('_', ' ')} from the list"  # nosec B608
        elif value:
            values[name] = value
    for name, label in (("date_from", "From"), ("date_to", "To")):
        text = args.get(name, "").strip()
        day = parse_day(text) if text else None
        if text and day is None:
            errors[name] = f"Enter the '{label}' date like 30/11/2026"
        values[name] = day
    if values["date_from"] and values["date_to"] and values["date_from"] > values["date_to"]:
        errors["date_to"] = "The 'To' date must be the same as or after the 'From' date"
        values["date_to"] = None
    return Reading(Filter(**values), errors)


def survey_ids(consultation: Consultation, chosen: Filter) -> list[int]:
    """The surveys (not pupils') the filter's survey and audience pick: each survey has one audience."""
    return [
        s.id
        for s in aggregates.surveys_of(consultation)
        if s.audience != SurveyAudience.SCHOOLS
        and (not chosen.survey or s.slug == chosen.survey)
        and (not chosen.audience or s.audience.value == chosen.audience)
    ]


def response_ids(consultation: Consultation, chosen: Filter) -> list[int]:
    """The ids of the sent, non-pupil responses the filter picks, in id order."""
    return list(db.session.scalars(select(Response.id).where(condition(consultation, chosen)).order_by(Response.id)))


def picked(consultation: Consultation, chosen: Filter) -> Picked | None:
    """The filter as ``filter_tallies`` reads it, with the responses it picks that are not folded yet; None if
    those tallies are not kept for it (it picks by dates and by groups at once), so it is counted live."""
    if not filter_tallies.readable(chosen.ward, chosen.age_band, chosen.channel, chosen.date_from, chosen.date_to):
        return None
    unfolded = tallies.unfolded(consultation.id)
    pending = tuple(
        response_id
        for start in range(0, len(unfolded), 500)
        for response_id in db.session.scalars(
            select(Response.id)
            .where(Response.id.in_(unfolded[start : start + 500]), condition(consultation, chosen))
            .order_by(Response.id)
        )
    )
    return Picked(chosen.ward, chosen.age_band, chosen.channel, chosen.date_from, chosen.date_to, pending)


def condition(consultation: Consultation, chosen: Filter, picked: Picked | None = None) -> ColumnElement[bool]:
    """The sent, non-pupil responses the filter picks. With ``picked`` (the filter's responses not folded yet), a
    ward or age band is read from the folded responses' marks (an index range) rather than probing every
    response's answers."""
    parts: list[ColumnElement[bool]] = [aggregates.sent(consultation.id), Response.audience != SurveyAudience.SCHOOLS]
    if chosen.audience:
        parts.append(Response.audience == SurveyAudience(chosen.audience))
    if chosen.channel:
        parts.append(Response.__table__.c.channel == chosen.channel)
    if chosen.survey:
        parts.append(
            Response.survey_version_id.in_(
                select(SurveyVersion.id)
                .join(Survey, Survey.id == SurveyVersion.survey_id)
                .where(Survey.consultation_id == consultation.id, Survey.slug == chosen.survey)
            )
        )
    if chosen.date_from:
        parts.append(Response.submitted_at_utc >= _london_midnight(chosen.date_from))
    if chosen.date_to:
        parts.append(Response.submitted_at_utc < _london_midnight(chosen.date_to + timedelta(days=1)))
    profile = {key: getattr(chosen, key) for key in PROFILE_KEYS if getattr(chosen, key)}
    if profile and picked is not None:
        marked = select(TalliedResponse.response_id).where(
            TalliedResponse.consultation_id == consultation.id,
            *(getattr(TalliedResponse, key) == value for key, value in profile.items()),
        )
        parts.append(or_(Response.id.in_(marked), Response.id.in_(picked.pending)))
    else:
        parts += [_answered(consultation, key, value) for key, value in profile.items()]
    return and_(*parts)


def _answered(consultation: Consultation, key: str, value: str) -> ColumnElement[bool]:
    """The response gave ``value`` to a question with this key (in any of the consultation's surveys)."""
    questions = (
        select(SurveyQuestion.id)
        .join(SurveyVersion, SurveyVersion.id == SurveyQuestion.survey_version_id)
        .join(Survey, Survey.id == SurveyVersion.survey_id)
        .where(Survey.consultation_id == consultation.id, func.lower(SurveyQuestion.key) == key)
    )
    question_ids = list(db.session.scalars(questions))
    given = aliased(Answer)
    return exists().where(
        given.response_id == Response.id,
        given.question_id.in_(question_ids),
        given.item.is_(None),
        given.value == value,
    )


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=LONDON).astimezone(UTC)
