"""Word tables that fit the page in readable columns: each column is at least as wide as its longest word (so Word
never breaks "Respondents" into "Respondent s"), the rest of the width goes to the columns with the most text, the
header row repeats on each page and no row splits across pages.

Words are measured with matplotlib's bundled DejaVu Sans Bold, which is wider than the Arial the tables are set in,
so a column that fits the measure fits the print."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table
from matplotlib.ft2font import FT2Font

FONT = "Arial"
FONT_SIZE = 9
CELL_MARGINS_CM = 0.45
"""Word's default left and right cell margins (0.19 cm each) and a little room for borders."""
TEXT_CAP = 45
"""Columns are given room for about this many characters before the text wraps (between words)."""


KEEP_TOGETHER_ROWS = 8
"""Tables up to this many rows are kept on one page."""


class TableTooWideError(ValueError):
    pass


@lru_cache(maxsize=1)
def _font() -> FT2Font:
    return FT2Font(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"))


@lru_cache(maxsize=4096)
def text_width_cm(text: str, size: float = FONT_SIZE) -> float:
    if not text:
        return 0.0
    font = _font()
    font.set_size(size, 72)
    font.set_text(text, 0.0)
    width, _ = font.get_width_height()
    return width / 64 / 72 * 2.54


def _longest_word(texts: Sequence[str], size: float) -> float:
    return max((text_width_cm(word, size) for text in texts for word in text.split()), default=0.0)


def column_widths(columns: Sequence[Sequence[str]], available_cm: float, size: float = FONT_SIZE) -> list[float]:
    """Widths in cm: the longest word of each column first, then the remaining width shared in proportion to how
    much more each column's longest text needs (up to ``TEXT_CAP`` characters)."""
    minimum = [_longest_word(texts, size) + CELL_MARGINS_CM for texts in columns]
    if sum(minimum) > available_cm:
        raise TableTooWideError(f"columns need {sum(minimum):.1f} cm, {available_cm:.1f} cm available")
    wanted = [
        max(text_width_cm(text[:TEXT_CAP], size) for text in texts) + CELL_MARGINS_CM if texts else m
        for texts, m in zip(columns, minimum, strict=True)
    ]
    extra = [max(w - m, 0.0) for w, m in zip(wanted, minimum, strict=True)]
    spare = available_cm - sum(minimum)
    if sum(extra) <= spare:
        return [m + e for m, e in zip(minimum, extra, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(minimum, extra, strict=True)]


def text_width(document: DocumentType) -> float:
    section = document.sections[-1]
    return Emu(section.page_width - section.left_margin - section.right_margin).cm


def _repeat_header(table: Table) -> None:
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        keep = OxmlElement("w:cantSplit")
        properties.append(keep)
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))


def add_table(document: DocumentType, headings: Sequence[str], rows: Sequence[Sequence[object]]) -> Table:
    texts = [[str(heading)] + [str(row[i]) for row in rows] for i, heading in enumerate(headings)]
    size = FONT_SIZE
    try:
        widths = column_widths(texts, text_width(document), size)
    except TableTooWideError:
        size = FONT_SIZE - 1.5
        widths = column_widths(texts, text_width(document), size)
    table = document.add_table(rows=len(rows) + 1, cols=len(headings))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for row_index, cell in enumerate(table.columns[index].cells):
            cell.width = Cm(width)
            run = cell.paragraphs[0].add_run(texts[index][row_index])
            run.font.name, run.font.size, run.bold = FONT, Pt(size), row_index == 0 or None
    _repeat_header(table)
    if len(rows) <= KEEP_TOGETHER_ROWS:
        for row in table.rows[:-1]:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    document.add_paragraph()
    return table
