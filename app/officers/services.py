"""Officer workspace queries: consultations with submitted-response counts, computed in SQL.

Pupils' responses are counted only from *released* class sessions (closed, with at least ten sent; the rule of
``app.schools.pupil_counts``), as on the dashboard: a live count would go up by one as each pupil pressed Send, so
two visits a minute apart would say how many in a class had finished, and a closed class of fewer than ten would
show its size. Released sessions move a pupil survey's count only in whole classes of ten or more.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Consultation, Response, ResponseStatus, Survey, SurveyAudience, SurveyVersion
from app.models.types import utcnow
from app.schools.pupil_counts import released_filter


@dataclass
class SurveyCounts:
    survey: Survey
    total: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)

    @property
    def pupils(self) -> bool:
        """A pupil survey: its count is of released class sessions only, so "none counted yet" rather than 0."""
        return self.survey.audience == SurveyAudience.SCHOOLS


@dataclass
class ConsultationRow:
    consultation: Consultation
    surveys: list[SurveyCounts]

    @property
    def total(self) -> int:
        return sum(counts.total for counts in self.surveys)


def list_consultations_with_counts() -> list[ConsultationRow]:
    consultations = db.session.scalars(
        select(Consultation)
        .options(selectinload(Consultation.surveys))
        .order_by(Consultation.open_at_utc.desc(), Consultation.id.desc())
    ).all()
    counts = _counts_by_survey_and_channel(utcnow())
    rows = []
    for consultation in consultations:
        survey_rows = []
        for survey in consultation.surveys:
            by_channel = counts.get(survey.id, {})
            survey_rows.append(SurveyCounts(survey, sum(by_channel.values()), dict(sorted(by_channel.items()))))
        rows.append(ConsultationRow(consultation, survey_rows))
    return rows


def _counts_by_survey_and_channel(now: datetime) -> dict[int, dict[str, int]]:
    """Sent responses per survey and channel; a pupil's only once its class session is released."""
    query = (
        select(SurveyVersion.survey_id, Response.channel, func.count(Response.id))
        .join(SurveyVersion, Response.survey_version_id == SurveyVersion.id)
        .where(Response.status == ResponseStatus.SUBMITTED, released_filter(now))
        .group_by(SurveyVersion.survey_id, Response.channel)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for survey_id, channel, count in db.session.execute(query):
        counts[survey_id][channel.value] = count
    return counts
