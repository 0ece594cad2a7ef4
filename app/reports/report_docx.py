"""The themed summary report as an editable Word document (python-docx): real headings, a contents list, tables that
fit the page and captioned charts, so the strategy team can paste sections straight into the draft strategy.

A section is written only when it has something to say (no empty headings), and a chart only when at least
``MIN_BASE`` people answered (a bar of one person is not a finding) and there are more than a few options."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Inches, Pt
from flask import current_app

from app.common.filters import london, london_date
from app.models import Consultation
from app.reports.charts import WIDTH, question_chart
from app.reports.docx_tables import add_table
from app.reports.report_data import MIN_BASE, Report, ThemeSection, build_report
from app.reports.report_quotes import ReportQuote
from app.reports.report_sections import PrioritySection
from app.reports.report_text import (
    hidden_wards,
    methodology,
    question_rows,
    representativeness_note,
    sections_of,
    who_responded_rows,
)
from app.reports.suppression import HIDDEN

CHART_WIDTH = Inches(WIDTH)
CHART_MIN_OPTIONS = 3
"""A question with this many answer options or fewer is read at a glance from its table, so it gets no chart."""


def write_docx(consultation: Consultation, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    report = build_report(consultation)
    document = new_document()
    questions = report.appendix
    total = len(questions) + 1
    _cover(document, report)
    _contents(document, report)
    _executive_summary(document, report)
    _who_responded(document, report)
    _priorities(document, report.priorities, report)
    _themes(document, report.themes)
    _differences(document, report)
    _methodology(document, report)
    if progress:
        progress(1, total)
    if questions:
        document.add_heading("Appendix: question by question", level=1)
    for number, result in enumerate(questions, start=1):
        _question(document, number, result)
        if progress and number % 5 == 0:
            progress(number + 1, total)
    document.save(str(path))
    return total


def new_document() -> DocumentType:
    """A4 with 2 cm margins, body text in Arial 10 pt."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    return document


def _cover(document: DocumentType, report: Report) -> None:
    consultation = report.consultation
    document.add_paragraph(f"{current_app.config['PARTNERSHIP_NAME']} Community Safety Partnership")
    document.add_heading(f"Themed summary: {consultation.title}", level=0)
    document.add_paragraph(
        f"Consultation open {london_date(consultation.open_at_utc)} to "
        f"{london_date(consultation.close_at_utc)}. {report.dashboard.total} responses."
    )
    document.add_paragraph(f"Prepared {london(report.generated_at_utc)} from the consultation data.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(document: DocumentType, report: Report) -> None:
    document.add_heading("Contents", level=1)
    for number, heading in enumerate(sections_of(report), start=1):
        document.add_paragraph(f"{number}. {heading}")


def _bullets(document: DocumentType, lines: Sequence[str]) -> None:
    for line in lines:
        document.add_paragraph(line, style="List Bullet")


def _executive_summary(document: DocumentType, report: Report) -> None:
    document.add_heading("Executive summary", level=1)
    if report.summary_paragraphs:
        for paragraph in report.summary_paragraphs:
            document.add_paragraph(paragraph)
        return
    document.add_paragraph("Key findings suggested from the data (an officer has not yet written the summary):")
    _bullets(document, report.findings)


def _who_responded(document: DocumentType, report: Report) -> None:
    document.add_heading("Who responded", level=1)
    for heading, rows in who_responded_rows(report):
        add_table(document, [heading, "Responses", "Share"], rows)
    if hidden_wards(report):
        document.add_paragraph(hidden_wards(report))
    if report.profile is None:
        document.add_paragraph(
            "No population profile has been uploaded, so respondents have not been compared with the population."
        )
        return
    document.add_heading("Representativeness", level=2)
    document.add_paragraph(representativeness_note(report))
    for comparison in report.comparisons:
        document.add_heading(comparison.dimension.replace("_", " ").capitalize(), level=3)
        add_table(
            document,
            ["Category", "Population share", "Respondents", "Respondents' share", "Compared"],
            [
                [
                    c.category,
                    f"{100 * c.population_share:.1f}%",
                    "–" if not c.matched else HIDDEN if c.suppressed else c.respondents,
                    f"{100 * c.respondent_share:.1f}%" if c.respondent_share is not None else "–",
                    c.status,
                ]
                for c in comparison.categories
            ],
        )


def _priorities(document: DocumentType, sections: Sequence[PrioritySection], report: Report) -> None:
    if not sections and not report.other_actions:
        return
    document.add_heading("Strategy priorities", level=1)
    for section in sections:
        document.add_heading(section.label, level=2)
        ratings = [[r.audience, "Agree it should be a priority", r.agree, r.base] for r in section.ratings]
        ratings += [[r.audience, "Chose it in their top three", r.agree, r.base] for r in section.ranked_first_three]
        if ratings:
            add_table(document, ["Audience", "Measure", "Result", "Answered"], ratings)
        if section.themes:
            document.add_paragraph(
                "Themes that bear on it: "
                + "; ".join(f"{label} ({count} answers)" for _, label, count in section.themes)
                + "."
            )
        if section.asked_for:
            document.add_paragraph("What people asked for", style="Heading 4")
            _quotes(document, section.asked_for)
        for action in section.actions:
            document.add_paragraph("You said", style="Heading 4")
            document.add_paragraph(action.you_said)
            document.add_paragraph("What changes", style="Heading 4")
            document.add_paragraph(action.we_did)
    if report.other_actions:
        document.add_heading("Other changes", level=2)
        for action in report.other_actions:
            document.add_paragraph(f"You said: {action.you_said}")
            document.add_paragraph(f"What changes: {action.we_did}")


def _themes(document: DocumentType, themes: Sequence[ThemeSection]) -> None:
    if not themes:
        return
    document.add_heading("What people said: themes", level=1)
    add_table(
        document,
        ["Theme", "Answers", "Share", "Negative", "Neutral", "Positive"],
        [
            [
                t.label,
                t.count,
                f"{100 * t.share:.0f}%",
                *(t.sentiment.get(k, 0) for k in ("negative", "neutral", "positive")),
            ]
            for t in themes
        ],
    )
    for theme in themes:
        document.add_heading(theme.label, level=2)
        only = f" All from {theme.by_audience[0].label.lower()}." if len(theme.by_audience) == 1 else ""
        document.add_paragraph(
            f"{theme.count} answers ({100 * theme.share:.0f}% of coded answers): "
            f"{theme.sentiment.get('negative', 0)} negative, "
            f"{theme.sentiment.get('neutral', 0)} neutral, "
            f"{theme.sentiment.get('positive', 0)} positive.{only}"
        )
        if theme.priority or theme.action:
            links = ([f"Priority: {theme.priority}."] if theme.priority else []) + (
                [f"What changes: {theme.action.we_did}"] if theme.action else []
            )
            document.add_paragraph(" ".join(links))
        if len(theme.by_audience) > 1:
            add_table(
                document,
                ["Audience", "Answers", "Share of this theme"],
                [[c.label, c.shown, c.percent] for c in theme.by_audience],
            )
        for _, quotes in theme.quotes:
            _quotes(document, quotes)


def _quotes(document: DocumentType, quotes: Sequence[ReportQuote]) -> None:
    for quote in quotes:
        document.add_paragraph(f"“{quote.text}” ({quote.audience.removesuffix('s')})", style="Quote")


def _differences(document: DocumentType, report: Report) -> None:
    if not (report.audience_shares or report.areas):
        return
    document.add_heading("Differences between groups", level=1)
    if report.audience_shares:
        document.add_heading("Residents, stakeholders and pupils", level=2)
        document.add_paragraph(
            "Each theme's share of the themes each audience raised. A dash means the audience "
            f"raised it fewer than {MIN_BASE} times in all, or not at all."
        )
        add_table(
            document, ["Theme", *report.audience_columns], [[label, *cells] for label, cells in report.audience_shares]
        )
    if report.areas:
        document.add_heading("Areas", level=2)
        document.add_paragraph(
            f"The three themes raised most in each ward with at least {MIN_BASE} coded answers, "
            "as a share of that ward's theme mentions."
        )
        add_table(
            document,
            ["Ward", "Theme mentions", "Most raised"],
            [[row.ward, row.coded, row.top_themes] for row in report.areas],
        )


def _methodology(document: DocumentType, report: Report) -> None:
    document.add_heading("Methodology and limits", level=1)
    for paragraph in methodology(report):
        document.add_paragraph(paragraph)


def _question(document: DocumentType, number: int, result) -> None:
    document.add_heading(result.label, level=3).paragraph_format.keep_with_next = True
    previous = f" Last time: {result.previous_title}." if result.previous else ""
    if result.base >= MIN_BASE and (result.rows or len(result.options) > CHART_MIN_OPTIONS):
        document.add_picture(io.BytesIO(question_chart(result)), width=CHART_WIDTH)
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph(f"Table {number}: {result.survey_title}; {result.base} answered.{previous}", style="Caption")
    headings, rows = question_rows(result)
    add_table(document, headings, rows)
