"""Responses and summaries as an Excel workbook, written in openpyxl's write-only mode so rows stream to disk.

Every text cell goes through ``safe_cell``: a cell that starts like a formula is stored as text with a leading
apostrophe, and openpyxl is never given a string it would write as a formula. An unanswered question is an absent
cell (``None``) rather than an empty string, which openpyxl would still write out: a third of a large export's cells.

Pupils never have a row in "Responses" (``response_rows`` leaves them out): their surveys appear only in "Closed
questions", as the dashboard's suppressed aggregates, with "not shown" for a hidden count. No pupil comment is
exported here, so no comment sits beside any other answer of the same pupil.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook

from app.models import Consultation
from app.reports.dashboard import Count
from app.reports.report_data import Report, build_report
from app.reports.response_rows import count_sent, iter_chunks, layout, safe_cell


def _safe(row: Iterable[object]) -> list[object]:
    return [safe_cell(value) if isinstance(value, str) else value for value in row]


def write_xlsx(consultation: Consultation, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    workbook = Workbook(write_only=True)
    plan = layout(consultation)
    sheet = workbook.create_sheet("Responses")
    sheet.append(_safe(plan.headers))
    total, done = count_sent(consultation), 0
    for rows in iter_chunks(consultation, plan):
        for row in rows:
            sheet.append([value or None for value in row])
        done += len(rows)
        if progress:
            progress(done, total)
    report = build_report(consultation)
    _summary_sheet(workbook, report)
    _questions_sheet(workbook, report)
    _themes_sheet(workbook, report)
    _representativeness_sheet(workbook, report)
    workbook.save(path)
    return done


def _figures(count: Count) -> list[object]:
    """Count and share, or "not shown" and nothing for a count hidden to protect pupils."""
    return ["not shown", None] if count.suppressed else [count.count, round(count.share, 4)]


def _summary_sheet(workbook: Workbook, report: Report) -> None:
    sheet = workbook.create_sheet("Summary")
    dashboard = report.dashboard
    held_back = "fewer than 10" if dashboard.held_back is None else dashboard.held_back
    for row in (["Consultation", report.consultation.title], ["Responses sent", dashboard.total],
                ["Started but not sent (not counting pupils)", dashboard.in_progress],
                ["Pupil answers held back by the safeguarding screen", held_back],
                *[[f"Pupils' answers to {note.survey_title}", "not shown yet"] for note in dashboard.pupil_notes],
                []):
        sheet.append(_safe(row))
    for title, counts in (("Channel", dashboard.by_channel), ("Audience", dashboard.by_audience),
                          ("Ward", dashboard.by_ward), ("Day", dashboard.by_day)):
        sheet.append([title, "Count", "Share"])
        for count in counts:
            sheet.append(_safe([count.label, *_figures(count)]))
        sheet.append([])


def _questions_sheet(workbook: Workbook, report: Report) -> None:
    sheet = workbook.create_sheet("Closed questions")
    sheet.append(["Survey", "Question", "Row", "Answer", "Count", "Share", "Answered", "Last time share"])
    for result in report.dashboard.questions:
        if result.rows:
            for line in result.rows:
                for cell in line.cells:
                    sheet.append(_safe([result.survey_title, result.label, line.label, cell.label,
                                        *_figures(cell), line.base, ""]))
            continue
        for option in result.options:
            sheet.append(_safe([result.survey_title, result.label, "", option.label, *_figures(option),
                                result.base, result.previous_share(option.key)]))


def _themes_sheet(workbook: Workbook, report: Report) -> None:
    sheet = workbook.create_sheet("Themes")
    sheet.append(["Theme", "Answers", "Share", "Negative", "Neutral", "Positive", "Residents", "Stakeholders",
                  "Pupils (counted in groups of 10 or more)"])
    for theme in report.themes:
        audiences = {count.key: count.count for count in theme.by_audience}
        sheet.append(_safe([theme.label, theme.count, round(theme.share, 4), theme.sentiment.get("negative", 0),
                            theme.sentiment.get("neutral", 0), theme.sentiment.get("positive", 0),
                            audiences.get("public", 0), audiences.get("stakeholder", 0),
                            audiences.get("schools")]))


def _representativeness_sheet(workbook: Workbook, report: Report) -> None:
    sheet = workbook.create_sheet("Representativeness")
    sheet.append(["Dimension", "Category", "Population share", "Respondents", "Respondents' share",
                  "Under-represented"])
    for comparison in report.comparisons:
        for category in comparison.categories:
            respondents = "fewer than 10" if category.matched and category.suppressed else category.respondents
            sheet.append(_safe([comparison.dimension, category.category, round(category.population_share, 4),
                                respondents, round(category.respondent_share, 4)
                                if category.respondent_share is not None else "",
                                "yes" if category.under_represented else "no"]))
