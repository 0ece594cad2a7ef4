"""The themed summary report's content, shared by the Word document, the printable page and the JSON export.

Residents, stakeholders and pupils are kept apart in each theme. Pupils' free text appears only as theme counts
and redacted quotes: a quarantined answer is not in ``answers`` at all, and a pupil quote is also re-screened and
left out if the safeguarding screen would flag it today. Pupils' part of a theme is counted, and quoted, only as
``app.reports.pupil_results`` allows (released classes, once final, ten or more), as on the dashboard.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.analysis.engine import AnalysedAnswer, Quote, select_quotes
from app.analysis.engine.safeguarding import screen
from app.extensions import db
from app.models import (
    Answer,
    AnswerCoding,
    AnswerTheme,
    Consultation,
    PopulationProfile,
    Response,
    SurveyAudience,
)
from app.models.types import utcnow
from app.reports import aggregates, pupil_results, representativeness
from app.reports.dashboard import AUDIENCE_LABELS, Count, Dashboard, build_dashboard, shares
from app.reports.pupil_results import PupilScope
from app.reports.representativeness import DimensionComparison

QUOTE_POOL = 200
QUOTES_PER_AUDIENCE = 2


@dataclass(frozen=True)
class ThemeSection:
    key: str
    label: str
    count: int
    share: float
    sentiment: dict[str, int]
    by_audience: tuple[Count, ...]
    quotes: tuple[tuple[str, tuple[Quote, ...]], ...]


@dataclass(frozen=True)
class Report:
    dashboard: Dashboard
    profile: PopulationProfile | None
    comparisons: tuple[DimensionComparison, ...]
    themes: tuple[ThemeSection, ...]
    generated_at_utc: datetime

    @property
    def consultation(self) -> Consultation:
        return self.dashboard.consultation


def build_report(consultation: Consultation) -> Report:
    dashboard = build_dashboard(consultation)
    profile = representativeness.find_profile(consultation)
    by_audience = _theme_audiences(consultation, pupil_results.scope_of(consultation, utcnow()))
    themes = tuple(
        ThemeSection(row.key, row.label, row.count, row.share, dict(row.sentiment),
                     shares(by_audience.get(row.key, {}), AUDIENCE_LABELS, order=list(AUDIENCE_LABELS)),
                     _quotes(consultation, row.key, by_audience.get(row.key, {})))
        for row in dashboard.themes
    )
    return Report(dashboard, profile, tuple(representativeness.compare(consultation, profile)), themes, utcnow())


def _coded_sent(consultation: Consultation, *columns):  # type: ignore[no-untyped-def]
    return (
        select(*columns).select_from(AnswerTheme)
        .join(AnswerCoding, AnswerCoding.answer_id == AnswerTheme.answer_id)
        .join(Answer, Answer.id == AnswerTheme.answer_id).join(Response, Response.id == Answer.response_id)
        .where(AnswerTheme.consultation_id == consultation.id, aggregates.sent(consultation.id),
               pupil_results.released_responses(utcnow()))
    )


def _theme_audiences(consultation: Consultation, scope: PupilScope) -> dict[str, dict[str, int]]:
    """Coded answers per theme and audience. Pupils' part is summed from the same (theme, sentiment) parts that
    the dashboard counts, so "Pupils" here always adds up with the theme's count there."""
    rows = db.session.execute(
        _coded_sent(consultation, AnswerTheme.theme_key, Response.audience, AnswerCoding.sentiment,
                    func.count(AnswerTheme.answer_id))
        .group_by(AnswerTheme.theme_key, Response.audience, AnswerCoding.sentiment)
    ).all()
    result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, audience, _sentiment, count in rows:
        if audience == SurveyAudience.SCHOOLS:
            count = pupil_results.shown_part(count) if scope.final else 0
        if count:
            result[key][audience.value] += count
    return {key: dict(counts) for key, counts in result.items()}


def _quotes(consultation: Consultation, key: str, audiences: dict[str, int]
            ) -> tuple[tuple[str, tuple[Quote, ...]], ...]:
    quotes = []
    for audience in AUDIENCE_LABELS:
        if not audiences.get(audience):
            continue
        pool = db.session.execute(
            _coded_sent(consultation, AnswerCoding.redacted_text, AnswerCoding.sentiment)
            .where(AnswerTheme.theme_key == key, Response.audience == SurveyAudience(audience))
            .order_by(AnswerTheme.answer_id).limit(QUOTE_POOL)
        ).all()
        if audience == SurveyAudience.SCHOOLS.value:
            pool = [(text, sentiment) for text, sentiment in pool if screen(text).level == "none"]
        answers = [AnalysedAnswer(text=text, theme_ids=(key,), sentiment=sentiment) for text, sentiment in pool]
        chosen = select_quotes(answers, list(range(len(answers))), QUOTES_PER_AUDIENCE)
        if chosen:
            quotes.append((AUDIENCE_LABELS[audience], chosen))
    return tuple(quotes)
