"""The parts of the themed summary that read across the data: each strategy priority (how each audience rated it,
the themes that bear on it, what people asked for and what changes), the differences between audiences and between
areas, and the suggested key findings an officer drafts the executive summary from.

Every figure comes from the dashboard's own counts (``Count`` and ``GridLine``), so a cell hidden there is hidden
here, and a group of fewer than ``MIN_BASE`` is never given a percentage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import (
    Answer,
    AnswerTheme,
    Consultation,
    Response,
    ResultAction,
    StrategyPriority,
    SurveyAudience,
    SurveyQuestion,
)
from app.reports import aggregates
from app.reports.dashboard import AUDIENCE_LABELS, WARD_LABELS, Dashboard, QuestionResult
from app.reports.report_quotes import ReportQuote, coded_sent

MIN_BASE = 10
AGREE = ("strongly_agree", "agree")
DIFFERENCE_POINTS = 10


@dataclass(frozen=True)
class Rating:
    audience: str
    agree: str
    """"72% agree", or why there is no figure ("not shown", "fewer than 10 answered")."""
    base: int
    agree_share: float | None = None


@dataclass(frozen=True)
class PrioritySection:
    id: int
    label: str
    ratings: tuple[Rating, ...]
    ranked_first_three: tuple[Rating, ...]
    themes: tuple[tuple[str, str, int], ...]
    """(key, label, count) of the themes linked to it."""
    actions: tuple[ResultAction, ...]
    asked_for: tuple[ReportQuote, ...] = ()
    """Answers under its themes that ask for something (not quoted elsewhere in the report)."""

    @property
    def has_content(self) -> bool:
        return bool(self.ratings or self.ranked_first_three or self.themes or self.actions)


@dataclass(frozen=True)
class AreaRow:
    ward: str
    coded: int
    top_themes: str


def audience_of_surveys(consultation: Consultation) -> dict[str, str]:
    return {survey.slug: survey.audience.value for survey in aggregates.surveys_of(consultation)}


def _rating(audience: str, result: QuestionResult, key: str) -> Rating | None:
    line = next((line for line in result.rows if line.key == key), None)
    if line is None:
        return None
    label = AUDIENCE_LABELS[audience]
    cells = [cell for cell in line.cells if cell.key in AGREE]
    if not line.base:
        return None
    if any(cell.suppressed for cell in cells):
        return Rating(label, "not shown", line.base)
    if line.base < MIN_BASE:
        return Rating(label, f"fewer than {MIN_BASE} answered", line.base)
    share = sum(cell.share for cell in cells)
    return Rating(label, f"{100 * share:.0f}% agree", line.base, share)


def _ranked(audience: str, result: QuestionResult, key: str) -> Rating | None:
    option = next((option for option in result.options if option.key == key), None)
    if option is None:
        return None
    label = AUDIENCE_LABELS[audience]
    if not result.base:
        return None
    if option.suppressed:
        return Rating(label, "not shown", result.base)
    if result.base < MIN_BASE:
        return Rating(label, f"fewer than {MIN_BASE} answered", result.base)
    return Rating(label, f"{option.percent} chose it", result.base, option.share)


def priority_sections(
    consultation: Consultation,
    dashboard: Dashboard,
    priorities: Sequence[StrategyPriority],
    actions: Sequence[ResultAction],
    links: dict[str, tuple[int | None, int | None]],
) -> tuple[PrioritySection, ...]:
    audiences = audience_of_surveys(consultation)
    themes = {row.key: row for row in dashboard.themes}
    sections = []
    for priority in priorities:
        ratings, ranked = [], []
        for result in dashboard.questions if priority.rating_key else ():
            audience = audiences.get(result.survey_slug, "")
            found = _rating if result.rows else _ranked if result.type == "ranking" else None
            rating = found(audience, result, priority.rating_key) if found and audience else None
            if rating is not None:
                (ratings if result.rows else ranked).append(rating)
        linked = tuple(
            (key, themes[key].label, themes[key].count)
            for key, (priority_id, _) in links.items()
            if priority_id == priority.id and key in themes
        )
        sections.append(
            PrioritySection(
                priority.id,
                priority.label,
                tuple(ratings),
                tuple(ranked),
                tuple(sorted(linked, key=lambda t: (-t[2], t[1]))),
                tuple(a for a in actions if a.priority_id == priority.id),
            )
        )
    return tuple(sections)


def audience_theme_shares(by_audience: dict[str, dict[str, int]]) -> dict[str, dict[str, float | None]]:
    """Each theme's share of each audience's theme mentions; None where the audience has fewer than MIN_BASE."""
    totals: dict[str, int] = defaultdict(int)
    for counts in by_audience.values():
        for audience, count in counts.items():
            totals[audience] += count
    return {
        key: {
            audience: (counts.get(audience, 0) / totals[audience] if totals[audience] >= MIN_BASE else None)
            for audience in AUDIENCE_LABELS
            if totals[audience]
        }
        for key, counts in by_audience.items()
    }


def area_rows(consultation: Consultation, labels: dict[str, str]) -> tuple[AreaRow, ...]:
    """Themes by the ward respondents gave, for wards with at least MIN_BASE coded answers (pupils are never asked
    for their ward)."""
    ward = aliased(Answer)
    ward_question = aliased(SurveyQuestion)
    rows = db.session.execute(
        coded_sent(consultation, ward.value, AnswerTheme.theme_key, func.count(AnswerTheme.answer_id))
        .join(ward, ward.response_id == Answer.response_id)
        .join(ward_question, (ward_question.id == ward.question_id) & (ward_question.key == "ward"))
        .where(Response.audience != SurveyAudience.SCHOOLS)
        .group_by(ward.value, AnswerTheme.theme_key)
    ).all()
    by_ward: dict[str, dict[str, int]] = defaultdict(dict)
    for value, key, count in rows:
        by_ward[value][key] = count
    result = []
    for value, counts in sorted(by_ward.items(), key=lambda item: (-sum(item[1].values()), item[0])):
        total = sum(counts.values())
        if total < MIN_BASE:
            continue
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
        result.append(
            AreaRow(
                WARD_LABELS.get(value, value),
                total,
                "; ".join(f"{labels.get(key, key)} ({100 * count / total:.0f}%)" for key, count in top),
            )
        )
    return tuple(result)


def key_findings(
    dashboard: Dashboard, priorities: Sequence[PrioritySection], under_represented: Sequence[str]
) -> list[str]:
    """Suggested findings, each one sentence built from the figures, for the officer to keep, edit or drop."""
    findings = [
        f"{dashboard.total} people and organisations responded: "
        + ", ".join(f"{c.shown} {c.label.lower()}" for c in dashboard.by_audience if c.count)
        + "."
    ]
    for theme in dashboard.themes[:3]:
        findings.append(
            f"{theme.label} was raised in {theme.count} free-text answers ({100 * theme.share:.0f}% of coded answers)."
        )
    rated = [
        (rating.agree_share, section.label, rating.audience)
        for section in priorities
        for rating in section.ratings
        if rating.agree_share is not None
    ]
    if rated:
        share, label, audience = max(rated)
        findings.append(
            f"{label} had the strongest support: {100 * share:.0f}% of {audience.lower()} agreed it "
            "should be a priority."
        )
        share, label, audience = min(rated)
        findings.append(f"{label} had the least support: {100 * share:.0f}% of {audience.lower()} agreed.")
    if under_represented:
        findings.append("Under-represented among respondents: " + ", ".join(under_represented) + ".")
    return findings
