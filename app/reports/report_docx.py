"""The themed summary report as an editable Word document (python-docx): real headings, tables and captioned
chart images, so the strategy team can paste sections straight into the draft strategy."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Cm
from flask import current_app

from app.common.filters import london, london_date
from app.models import Consultation
from app.reports.charts import question_chart
from app.reports.dashboard import Count, QuestionResult
from app.reports.report_data import Report, ThemeSection, build_report

SENTIMENTS = (("negative", "negative"), ("neutral", "neutral"), ("positive", "positive"))


def write_docx(consultation: Consultation, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    report = build_report(consultation)
    questions = report.dashboard.questions
    total = len(questions) + 1
    document = Document()
    _introduction(document, report)
    _who_responded(document, report)
    _themes(document, report.themes)
    if progress:
        progress(1, total)
    document.add_heading("Closed questions", level=1)
    for number, result in enumerate(questions, start=1):
        _question(document, number, result)
        if progress and number % 5 == 0:
            progress(number + 1, total)
    document.save(str(path))
    return total


def _table(document: DocumentType, headings: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Light Grid Accent 1"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    document.add_paragraph()


def _count_rows(counts: Sequence[Count]) -> list[list[object]]:
    return [[c.label, c.shown, c.percent] for c in counts]


def _introduction(document: DocumentType, report: Report) -> None:
    consultation, dashboard = report.consultation, report.dashboard
    document.add_heading(f"Themed summary: {consultation.title}", level=0)
    document.add_paragraph(f"{current_app.config['PARTNERSHIP_NAME']} Community Safety Partnership. "
                           f"Prepared {london(report.generated_at_utc)} from the consultation data.")
    document.add_heading("About the consultation", level=1)
    _table(document, ["Fact", "Value"], [
        ["Open", f"{london_date(consultation.open_at_utc)} to {london_date(consultation.close_at_utc)}"],
        ["Responses sent", dashboard.total],
        ["Free-text answers coded", dashboard.coded_answers],
        ["Pupil answers held back by the safeguarding screen (not reported)",
         "fewer than 10" if dashboard.held_back is None else dashboard.held_back],
    ])


def _who_responded(document: DocumentType, report: Report) -> None:
    dashboard = report.dashboard
    document.add_heading("Who responded", level=1)
    _table(document, ["Audience", "Responses", "Share"], _count_rows(dashboard.by_audience))
    _table(document, ["Channel", "Responses", "Share"], _count_rows(dashboard.by_channel))
    if dashboard.by_ward:
        _table(document, ["Ward", "Answers", "Share"], _count_rows(dashboard.by_ward))
    document.add_heading("Representativeness", level=2)
    if report.profile is None:
        document.add_paragraph("No population profile has been uploaded, so respondents have not been compared "
                               "with the population.")
        return
    document.add_paragraph(f"Compared with the population profile from {report.profile.source}. A group is "
                           "under-represented when its share of respondents is less than 80% of its share of the "
                           "population. Counts under 10 are not shown.")
    for comparison in report.comparisons:
        rows = [[c.category, f"{100 * c.population_share:.1f}%",
                 "–" if not c.matched else "fewer than 10" if c.suppressed else c.respondents,
                 f"{100 * c.respondent_share:.1f}%" if c.respondent_share is not None else "–",
                 "Under-represented" if c.under_represented else ""] for c in comparison.categories]
        document.add_paragraph(comparison.dimension.replace("_", " ").capitalize(), style="Heading 3")
        _table(document, ["Category", "Population share", "Respondents", "Respondents' share", ""], rows)


def _themes(document: DocumentType, themes: Sequence[ThemeSection]) -> None:
    document.add_heading("Themes", level=1)
    if not themes:
        document.add_paragraph("No free-text answers have been coded yet.")
    for theme in themes:
        document.add_heading(theme.label, level=2)
        split = ", ".join(f"{theme.sentiment.get(key, 0)} {word}" for key, word in SENTIMENTS)
        document.add_paragraph(f"{theme.count} answers ({100 * theme.share:.0f}% of coded answers). "
                               f"Sentiment: {split}.")
        _table(document, ["Audience", "Answers", "Share of this theme"], _count_rows(theme.by_audience))
        for audience, quotes in theme.quotes:
            document.add_paragraph(f"What {audience.lower()} said", style="Heading 4")
            for quote in quotes:
                document.add_paragraph(f"“{quote.text}”", style="Quote")


def _question(document: DocumentType, number: int, result: QuestionResult) -> None:
    document.add_heading(result.label, level=2)
    document.add_picture(io.BytesIO(question_chart(result)), width=Cm(15))
    previous = f" Last time: {result.previous_title}." if result.previous else ""
    document.add_paragraph(f"Figure {number}: {result.label} ({result.survey_title}; {result.base} answered)."
                           f"{previous}", style="Caption")
    if result.rows:
        _table(document, ["Row", *result.columns],
               [[line.label, *(c.shown if c.suppressed else f"{c.count} ({c.percent})" for c in line.cells)]
                for line in result.rows])
    else:
        headings = ["Answer", "Count", "Share"] + (["Last time"] if result.previous else [])
        _table(document, headings, [[o.label, o.shown, o.percent]
                                    + ([result.previous_share(o.key)] if result.previous else [])
                                    for o in result.options])
