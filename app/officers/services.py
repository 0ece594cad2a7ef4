"""Officer workspace queries: consultations with submitted-response counts, computed in SQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Consultation, Response, ResponseStatus, Survey, SurveyVersion


@dataclass
class SurveyCounts:
    survey: Survey
    total: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)


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
    counts = _counts_by_survey_and_channel()
    rows = []
    for consultation in consultations:
        survey_rows = []
        for survey in consultation.surveys:
            by_channel = counts.get(survey.id, {})
            survey_rows.append(SurveyCounts(survey, sum(by_channel.values()), dict(sorted(by_channel.items()))))
        rows.append(ConsultationRow(consultation, survey_rows))
    return rows


def _counts_by_survey_and_channel() -> dict[int, dict[str, int]]:
    query = (
        select(SurveyVersion.survey_id, Response.channel, func.count(Response.id))
        .join(SurveyVersion, Response.survey_version_id == SurveyVersion.id)
        .where(Response.status == ResponseStatus.SUBMITTED)
        .group_by(SurveyVersion.survey_id, Response.channel)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for survey_id, channel, count in db.session.execute(query):
        counts[survey_id][channel.value] = count
    return counts
