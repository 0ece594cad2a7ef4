"""The themed summary report's content, shared by the Word document, the printable page and the exports.

Residents, stakeholders and pupils are kept apart in each theme. Pupils' free text appears only as theme counts
and redacted quotes: a quarantined answer is not in ``answers`` at all, and a pupil quote is also re-screened and
left out if the safeguarding screen would flag it today. Pupils' part of a theme is counted, and quoted, only as
``app.reports.pupil_results`` allows (released classes, once final, ten or more), as on the dashboard.

What the officer wrote (executive summary, pinned quotes, priorities, "You said, we did" actions and the links
between them) is read here, so every output shows the same priority -> what people said -> what changes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func

from app.analysis.services import coder_agreement
from app.common.filters import paragraphs
from app.extensions import db
from app.models import (
    AnswerCoding,
    AnswerTheme,
    CoderAgreement,
    Consultation,
    PopulationProfile,
    ReportSummary,
    Response,
    ResultAction,
    SurveyAudience,
)
from app.models.types import utcnow
from app.reports import pupil_results, representativeness, traceability
from app.reports.dashboard import AUDIENCE_LABELS, Count, Dashboard, QuestionResult, build_dashboard, shares
from app.reports.pupil_results import PupilScope
from app.reports.report_quotes import QuotePicker, ReportQuote, coded_sent
from app.reports.report_sections import (
    MIN_BASE,
    AreaRow,
    PrioritySection,
    area_rows,
    audience_theme_shares,
    key_findings,
    priority_sections,
)
from app.reports.representativeness import DimensionComparison


@dataclass(frozen=True)
class ThemeSection:
    key: str
    label: str
    count: int
    share: float
    sentiment: dict[str, int]
    by_audience: tuple[Count, ...]
    quotes: tuple[tuple[str, tuple[ReportQuote, ...]], ...]
    """(audience label, its quotes), pinned ones first."""
    priority: str = ""
    action: ResultAction | None = None


@dataclass(frozen=True)
class Report:
    dashboard: Dashboard
    profile: PopulationProfile | None
    comparisons: tuple[DimensionComparison, ...]
    themes: tuple[ThemeSection, ...]
    generated_at_utc: datetime
    summary: ReportSummary | None = None
    findings: tuple[str, ...] = ()
    priorities: tuple[PrioritySection, ...] = ()
    other_actions: tuple[ResultAction, ...] = ()
    audience_shares: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(theme label, one cell per audience in ``audience_columns``)."""
    audience_columns: tuple[str, ...] = ()
    areas: tuple[AreaRow, ...] = ()
    agreement: CoderAgreement | None = None

    @property
    def consultation(self) -> Consultation:
        return self.dashboard.consultation

    @property
    def appendix(self) -> tuple[QuestionResult, ...]:
        """Closed questions anyone answered (one with no answers would be an empty table), except the ward
        question: "Who responded" already shows it."""
        return tuple(result for result in self.dashboard.questions if result.base and result.type != "ward")

    @property
    def summary_paragraphs(self) -> list[str]:
        return paragraphs(self.summary.text) if self.summary else []

    @property
    def under_represented(self) -> tuple[str, ...]:
        return tuple(category for comparison in self.comparisons for category in comparison.under_represented)


def find_summary(consultation: Consultation) -> ReportSummary | None:
    return db.session.get(ReportSummary, consultation.id)


def build_report(consultation: Consultation) -> Report:
    dashboard = build_dashboard(consultation)
    profile = representativeness.find_profile(consultation)
    comparisons = tuple(representativeness.compare(consultation, profile))
    by_audience = _theme_audiences(consultation, pupil_results.scope_of(consultation, utcnow()))
    links = {key: (link.priority_id, link.action_id) for key, link in traceability.theme_links(consultation).items()}
    priorities = traceability.list_priorities(consultation)
    actions = traceability.list_actions(consultation)
    priority_labels = {priority.id: priority.label for priority in priorities}
    actions_by_id = {action.id: action for action in actions}
    picker = QuotePicker(consultation)
    themes = []
    for row in dashboard.themes:
        counts = by_audience.get(row.key, {})
        quotes = picker.pick(row.key, counts)
        priority_id, action_id = links.get(row.key, (None, None))
        themes.append(
            ThemeSection(
                row.key,
                row.label,
                row.count,
                row.share,
                dict(row.sentiment),
                shares(counts, AUDIENCE_LABELS, order=list(AUDIENCE_LABELS)),
                tuple(
                    (label, tuple(q for q in quotes if q.audience == label))
                    for label in AUDIENCE_LABELS.values()
                    if any(q.audience == label for q in quotes)
                ),
                priority_labels.get(priority_id, "") if priority_id else "",
                actions_by_id.get(action_id) if action_id else None,
            )
        )
    sections = tuple(
        replace(section, asked_for=picker.requests([key for key, _, _ in section.themes]))
        for section in priority_sections(consultation, dashboard, priorities, actions, links)
    )
    columns, shares_rows = _audience_table(dashboard, by_audience)
    report = Report(
        dashboard,
        profile,
        comparisons,
        tuple(themes),
        utcnow(),
        find_summary(consultation),
        priorities=tuple(s for s in sections if s.has_content),
        other_actions=tuple(a for a in actions if a.priority_id is None),
        audience_shares=shares_rows,
        audience_columns=columns,
        areas=area_rows(consultation, {row.key: row.label for row in dashboard.themes}),
        agreement=coder_agreement(consultation),
    )
    findings = key_findings(dashboard, report.priorities, report.under_represented)
    return replace(report, findings=tuple(findings))


def _audience_table(
    dashboard: Dashboard, by_audience: dict[str, dict[str, int]]
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """Themes as a share of each audience's theme mentions, for audiences with at least MIN_BASE mentions; only
    worth a table when two or more audiences can be compared."""
    theme_shares = audience_theme_shares(by_audience)
    audiences = [a for a in AUDIENCE_LABELS if any(s.get(a) is not None for s in theme_shares.values())]
    if len(audiences) < 2:
        return (), ()
    rows = tuple(
        (
            row.label,
            tuple(
                "–" if (share := theme_shares.get(row.key, {}).get(a)) is None else f"{100 * share:.0f}%"
                for a in audiences
            ),
        )
        for row in dashboard.themes
    )
    return tuple(AUDIENCE_LABELS[a] for a in audiences), rows


def _theme_audiences(consultation: Consultation, scope: PupilScope) -> dict[str, dict[str, int]]:
    """Coded answers per theme and audience. Pupils' part is summed from the same (theme, sentiment) parts that
    the dashboard counts, so "Pupils" here always adds up with the theme's count there."""
    rows = db.session.execute(
        coded_sent(
            consultation,
            AnswerTheme.theme_key,
            Response.audience,
            AnswerCoding.sentiment,
            func.count(AnswerTheme.answer_id),
        ).group_by(AnswerTheme.theme_key, Response.audience, AnswerCoding.sentiment)
    ).all()
    result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, audience, _sentiment, count in rows:
        if audience == SurveyAudience.SCHOOLS:
            count = pupil_results.shown_part(count) if scope.final else 0
        if count:
            result[key][audience.value] += count
    return {key: dict(counts) for key, counts in result.items()}


__all__ = ["MIN_BASE", "Report", "ThemeSection", "build_report", "find_summary"]
