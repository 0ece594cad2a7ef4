"""Everything one view of the dashboard shows: the filter read from the address, the section asked for, and only
the figures that section needs.

The dashboard is a short summary and a handful of sections on their own pages (``?view=``), rather than one very
long page; every link between them keeps the filter, so "ward: Olney, age 16 to 24" stays set while the officer
moves from the summary to the closed questions to a cross-tab.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.models import Consultation, PopulationProfile
from app.reports import crosstab, filters, representativeness
from app.reports.crosstab import CrossTab
from app.reports.dashboard import AUDIENCE_LABELS, CHANNEL_LABELS, Dashboard, build_dashboard
from app.reports.filters import Choices, Option, Reading
from app.reports.representativeness import DimensionComparison

SECTIONS = {
    "summary": "Summary",
    "questions": "Closed questions",
    "themes": "Themes and sentiment",
    "representativeness": "Who we have heard from",
    "crosstab": "Compare groups",
    "exports": "Exports",
}
TOP_THEMES = 5


@dataclass(frozen=True)
class DashboardPage:
    consultation: Consultation
    section: str
    reading: Reading
    choices: Choices
    dashboard: Dashboard
    profile: PopulationProfile | None = None
    comparisons: list[DimensionComparison] = field(default_factory=list)
    crosstab_questions: tuple[Option, ...] = ()
    crosstab_question: str = ""
    crosstab_by: str = ""
    table: CrossTab | None = None

    @property
    def args(self) -> dict[str, str]:
        return self.reading.filter.args()

    @property
    def errors(self) -> list[dict[str, str]]:
        """For the page's error summary: each links to the filter it is about."""
        return [{"text": text, "href": f"#filter-{name}"} for name, text in self.reading.errors.items()]

    @property
    def top_themes(self) -> tuple[object, ...]:
        return self.dashboard.themes[:TOP_THEMES]

    @property
    def needs_attention(self) -> list[tuple[DimensionComparison, representativeness.CategoryComparison]]:
        """Every profile row to act on, in every dimension, so none is left off the summary."""
        return [(comparison, row) for comparison in self.comparisons for row in comparison.needs_attention]


def build_page(consultation: Consultation, args: Mapping[str, str]) -> DashboardPage:
    section = args.get("view", "summary")
    section = section if section in SECTIONS else "summary"
    choices = filters.choices_of(consultation, AUDIENCE_LABELS, CHANNEL_LABELS)
    reading = filters.read(args, choices)
    dashboard = build_dashboard(consultation, reading.filter)
    page = {
        "consultation": consultation,
        "section": section,
        "reading": reading,
        "choices": choices,
        "dashboard": dashboard,
    }
    if section in ("summary", "representativeness"):
        page["profile"] = representativeness.find_profile(consultation)
        page["comparisons"] = representativeness.compare(consultation, page["profile"]) if page["profile"] else []
    if section == "crosstab":
        question, by = args.get("question", ""), args.get("by", "ward")
        page.update(crosstab_questions=crosstab.questions_of(consultation), crosstab_question=question, crosstab_by=by)
        if question and not dashboard.too_few:
            page["table"] = crosstab.build(consultation, reading.filter, question, by, choices)
    return DashboardPage(**page)
