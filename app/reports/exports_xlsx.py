"""Responses and summaries as an Excel workbook an officer can use as it opens: a sheet of responses per survey (the
question text as headings, the themes and sentiment of each comment beside it), then Summary, Closed questions
(this year beside last year's, where the question was asked before), Themes, Codebook and Representativeness.
Every sheet has a bold, frozen header row, a filter on every column and widths that fit; shares are numbers
formatted as percentages, dates are dates.

Written in openpyxl's write-only mode so rows stream to disk. Every text cell goes through ``safe_cell``: a cell that
starts like a formula is stored as text with a leading apostrophe, and openpyxl is never given a string it would
write as a formula. An unanswered question is an absent cell (``None``).

A number hidden by ``app.reports.suppression`` is an empty number cell with the reason in the row's "Note" column,
never text in a number column. Pupils never have a row in a survey sheet (``response_rows`` leaves them out): their
surveys appear only in "Closed questions", as the dashboard's suppressed aggregates. No pupil comment is exported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.analysis.codebooks import list_themes
from app.models import Consultation
from app.reports import suppression
from app.reports.dashboard import Count, QuestionResult
from app.reports.report_data import Report, build_report
from app.reports.response_rows import (
    DATE_COLUMN,
    SENTIMENT_SUFFIX,
    THEMES_SUFFIX,
    count_sent,
    exported_surveys,
    iter_chunks,
    layout,
    safe_cell,
)

PERCENT = "0.0%"
DATE_TIME = "yyyy-mm-dd hh:mm"
HIDDEN_NOTE = f"Not shown: {suppression.EXPLANATION}"
BOLD = Font(bold=True)
SHEET_TITLE_CHARACTERS = re.compile(r"[\[\]:*?/\\']")


@dataclass
class Table:
    """One sheet: its headings, widths (characters) and the number format of any column that needs one."""

    title: str
    headers: Sequence[str]
    widths: Sequence[float]
    formats: dict[int, str] = field(default_factory=dict)


def write_xlsx(consultation: Consultation, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    workbook = Workbook(write_only=True)
    total, done = count_sent(consultation), 0
    titles: set[str] = set()
    for survey in exported_surveys(consultation):
        plan = layout(consultation, survey)
        table = Table(
            _sheet_title(survey.title, titles),
            plan.headers,
            _response_widths(plan.headers, plan.text_columns),
            {DATE_COLUMN: DATE_TIME},
        )
        sheet, rows = _start(workbook, table), 1
        for chunk in iter_chunks(consultation, plan):
            for row in chunk:
                row[DATE_COLUMN] = _formatted(sheet, row[DATE_COLUMN], DATE_TIME)
                sheet.append(row)
            rows += len(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
        _finish(sheet, table, rows)
    report = build_report(consultation)
    for table, rows in (
        _summary(report),
        _questions(report),
        _themes(report),
        _codebook(consultation),
        _representativeness(report),
    ):
        table.title = _sheet_title(table.title, titles)
        _write_table(workbook, table, rows)
    workbook.save(path)
    return done


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel allows 31 characters and no ``[]:*?/\\'``; two surveys with the same title get a number."""
    base = SHEET_TITLE_CHARACTERS.sub(" ", title).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.casefold())
    return name


def _response_widths(headers: Sequence[str], text_columns: frozenset[int]) -> list[float]:
    fixed = [14, 12, 28, 17]
    widths = []
    for index, header in enumerate(headers[len(fixed) :], start=len(fixed)):
        if index in text_columns:
            widths.append(60)
        elif header.endswith(THEMES_SUFFIX):
            widths.append(36)
        elif header.endswith(SENTIMENT_SUFFIX):
            widths.append(14)
        else:
            widths.append(min(max(len(header) * 0.6, 14), 40))
    return fixed + widths


def _start(workbook: Workbook, table: Table) -> WriteOnlyWorksheet:
    """A sheet with its widths, frozen header row and bold, wrapped headings (set before any row is written, as
    write-only mode requires)."""
    sheet = workbook.create_sheet(table.title)
    for index, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    heading = []
    for text in table.headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(text))
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        heading.append(cell)
    sheet.append(heading)
    return sheet


def _finish(sheet: WriteOnlyWorksheet, table: Table, rows: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{max(rows, 1)}"


def _formatted(sheet: WriteOnlyWorksheet, value: object, number_format: str) -> object:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _write_table(workbook: Workbook, table: Table, rows: Iterable[Sequence[object]]) -> None:
    sheet, count = _start(workbook, table), 1
    for row in rows:
        sheet.append(
            [
                _formatted(sheet, value, table.formats[index])
                if index in table.formats
                else safe_cell(value)
                if isinstance(value, str)
                else value
                for index, value in enumerate(row)
            ]
        )
        count += 1
    _finish(sheet, table, count)


def _figures(count: Count) -> list[object]:
    """Count, share and note: a hidden count is two empty number cells and the reason."""
    if count.suppressed:
        return [None, None, HIDDEN_NOTE]
    return [count.count, count.share, None]


def _summary(report: Report) -> tuple[Table, list[list[object]]]:
    dashboard = report.dashboard
    table = Table("Summary", ["Measure", "Group", "Count", "Share", "Note"], [34, 34, 10, 10, 60], {3: PERCENT})
    held_back = dashboard.held_back
    rows: list[list[object]] = [
        ["Consultation", report.consultation.title, None, None, None],
        ["Responses sent", "All", dashboard.total, None, None],
        ["Started but not sent (not counting pupils)", "All", dashboard.in_progress, None, None],
        [
            "Pupil answers held back by the safeguarding screen",
            "All",
            held_back,
            None,
            "Fewer than 10: not shown" if held_back is None else None,
        ],
        *[
            [f"Pupils' answers to {note.survey_title}", "All", None, None, "Not shown yet"]
            for note in dashboard.pupil_notes
        ],
    ]
    for title, counts in (
        ("Channel", dashboard.by_channel),
        ("Audience", dashboard.by_audience),
        ("Ward", dashboard.by_ward),
        ("Day received", dashboard.by_day),
    ):
        rows += [[title, count.label, *_figures(count)] for count in counts]
    return table, rows


def _questions(report: Report) -> tuple[Table, list[list[object]]]:
    previous_titles = sorted({result.previous_title for result in report.dashboard.questions if result.previous})
    last_year = f"Last time ({'; '.join(previous_titles)})" if previous_titles else "Last time"
    table = Table(
        "Closed questions",
        [
            "Survey",
            "Question",
            "Row",
            "Answer",
            "Count",
            "Share",
            "Answered",
            f"{last_year}: count",
            f"{last_year}: share",
            "Note",
        ],
        [24, 50, 24, 28, 10, 10, 11, 14, 14, 60],
        {5: PERCENT, 8: PERCENT},
    )
    rows: list[list[object]] = []
    for result in report.dashboard.questions:
        if not result.base:
            continue
        for line_key, line_label, base, cells in _lines(result):
            for cell in cells:
                before = _previous_cell(result, line_key, cell.key)
                count, share, note = _figures(cell)
                rows.append(
                    [
                        result.survey_title,
                        result.label,
                        line_label,
                        cell.label,
                        count,
                        share,
                        base,
                        *(_previous(before)),
                        note or (HIDDEN_NOTE if before and before.suppressed else None),
                    ]
                )
    return table, rows


def _lines(result: QuestionResult) -> list[tuple[str | None, str | None, int, tuple[Count, ...]]]:
    if result.rows:
        return [(line.key, line.label, line.base, line.cells) for line in result.rows]
    return [(None, None, result.base, result.options)]


def _previous_cell(result: QuestionResult, line_key: str | None, key: str) -> Count | None:
    if result.previous is None:
        return None
    cells = (
        result.previous.options
        if line_key is None
        else next((line.cells for line in result.previous.rows if line.key == line_key), ())
    )
    return next((cell for cell in cells if cell.key == key), None)


def _previous(cell: Count | None) -> list[object]:
    return [None, None] if cell is None or cell.suppressed else [cell.count, cell.share]


def _themes(report: Report) -> tuple[Table, list[list[object]]]:
    table = Table(
        "Themes",
        [
            "Theme",
            "Answers",
            "Share of coded answers",
            "Negative",
            "Neutral",
            "Positive",
            "Residents",
            "Stakeholders",
            "Pupils (counted in groups of 10 or more)",
        ],
        [34, 10, 12, 10, 10, 10, 11, 13, 16],
        {2: PERCENT},
    )
    rows = []
    for theme in report.themes:
        audiences = {count.key: count.count for count in theme.by_audience}
        rows.append(
            [
                theme.label,
                theme.count,
                theme.share,
                theme.sentiment.get("negative", 0),
                theme.sentiment.get("neutral", 0),
                theme.sentiment.get("positive", 0),
                audiences.get("public", 0),
                audiences.get("stakeholder", 0),
                audiences.get("schools"),
            ]
        )
    return table, rows


def _codebook(consultation: Consultation) -> tuple[Table, list[list[object]]]:
    table = Table(
        "Codebook", ["Theme", "Key", "In use", "What it covers", "Words and phrases that code it"], [34, 26, 8, 60, 60]
    )
    return table, [
        [theme.label, theme.key, "No" if theme.retired else "Yes", theme.description, "; ".join(theme.phrases)]
        for theme in list_themes(consultation)
    ]


def _representativeness(report: Report) -> tuple[Table, list[list[object]]]:
    table = Table(
        "Representativeness",
        ["Dimension", "Category", "Population share", "Respondents", "Respondents' share", "Heard from", "Why", "Note"],
        [16, 28, 12, 12, 12, 20, 60, 60],
        {2: PERCENT, 4: PERCENT},
    )
    rows = []
    for comparison in report.comparisons:
        for category in comparison.categories:
            hidden = category.matched and category.suppressed
            rows.append(
                [
                    comparison.dimension,
                    category.category,
                    category.population_share,
                    category.respondents,
                    category.respondent_share,
                    category.status,
                    category.reason,
                    HIDDEN_NOTE if hidden else None,
                ]
            )
    return table, rows
