"""Pupils in officers' reports: the same suppressed aggregates that schools see, never a count of 1 to 9 pupils.

Why each rule (the full argument is in ``app.schools.summaries`` and ``app.schools.suppression``):

- Pupil responses are counted (totals, audience, channel, day) only from *released* class sessions: closed, with
  at least ``MIN_GROUP`` sent. So every pupil figure moves in whole classes of ten or more.
- Pupil closed-question results are the consultation level of the class / school / consultation tree, shown once
  the consultation has closed and no session is open; until then the dashboard says when they will appear.
- Coded pupil comments join theme, sentiment and audience counts under the same condition, and only in parts of
  ``MIN_GROUP`` or more: a smaller pupil part is left out of the figure (and "Pupils" is not listed), so a figure
  never differs by 1 to 9 pupils from one that leaves pupils out.
- A held-back count of 1 to 9 is shown as "fewer than 10".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select

from app.extensions import db
from app.models import ClassSession, Consultation, Survey, SurveyAudience
from app.schools import pupil_counts, summaries
from app.schools.suppression import MIN_GROUP

PUPILS = SurveyAudience.SCHOOLS


@dataclass(frozen=True)
class PupilScope:
    """What may be counted for one consultation at one moment; ``key`` goes into the dashboard cache key, so a
    session closing or the consultation closing (neither changes the data) refreshes the figures."""

    now: datetime
    final: bool
    released_ids: tuple[int, ...]

    @property
    def key(self) -> Hashable:
        return (self.final, self.released_ids)

    def counted(self) -> ColumnElement[bool]:
        return released_responses(self.now)


def scope_of(consultation: Consultation, now: datetime) -> PupilScope:
    sessions = sessions_of(consultation)
    released = tuple(session.id for session in pupil_counts.released(sessions, now))
    final = now >= consultation.close_at_utc and not any(session.is_open(now) for session in sessions)
    return PupilScope(now, final, released)


def sessions_of(consultation: Consultation, survey: Survey | None = None) -> list[ClassSession]:
    query = (
        select(ClassSession)
        .join(Survey, Survey.id == ClassSession.survey_id)
        .where(Survey.consultation_id == consultation.id)
    )
    if survey is not None:
        query = query.where(ClassSession.survey_id == survey.id)
    return list(db.session.scalars(query.order_by(ClassSession.id)))


def is_pupil_survey(survey: Survey) -> bool:
    return survey.audience == PUPILS


def survey_summary(survey: Survey, now: datetime) -> summaries.Summary:
    return summaries.consultation_summary(survey, sessions_of(survey.consultation, survey), now)


def shown_part(count: int) -> int:
    """A pupil part of a mixed figure: kept whole when it is ``MIN_GROUP`` or more, otherwise left out."""
    return count if count >= MIN_GROUP else 0


def small_hidden(count: int) -> int | None:
    """A pupil count shown on its own: None (read "fewer than 10") when 1 to 9."""
    return None if 0 < count < MIN_GROUP else count


def merge_pupil_part(
    every: Mapping[Any, int], pupils_all: Mapping[Any, int], pupils_counted: Mapping[Any, int]
) -> dict[Any, int]:
    """``every`` with its pupil part (``pupils_all``) replaced by the parts of ``pupils_counted`` that may be shown."""
    counts: dict[Any, int] = defaultdict(int, every)
    for key, count in pupils_all.items():
        counts[key] -= count
    for key, count in pupils_counted.items():
        counts[key] += shown_part(count)
    return {key: count for key, count in counts.items() if count}


def released_responses(now: datetime) -> ColumnElement[bool]:
    """SQL: a response that is not a pupil's, or a pupil's in a released session."""
    return pupil_counts.released_filter(now)
