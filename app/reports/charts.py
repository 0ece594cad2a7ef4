"""Chart images for the Word report, drawn with matplotlib's object API on the Agg backend (no display, and no
pyplot global state, so it is safe in a worker thread).

Margins are fixed in inches rather than found with ``bbox_inches="tight"``, which draws every figure twice: a report
has a chart per closed question, so drawing is most of its cost.

Figures are drawn at the size they print (``WIDTH`` inches, placed at that width in the Word report), so 8-point
labels stay 8 points on paper, and each bar is only as tall as its label needs, so a question costs little page."""

from __future__ import annotations

import io
import math
import textwrap
from typing import TYPE_CHECKING

from app.reports.dashboard import QuestionResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BLUE, GREY = "#1d70b8", "#b1b4b6"
PALETTE = ["#1d70b8", "#5694ca", "#85994b", "#f47738", "#d4351c", "#505a5f", "#b1b4b6", "#912b88", "#28a197"]


def _wrap(label: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(label, width)[:3]) or label


LABELS_WIDTH = 2.5
"""Inches left of the axes for option labels (wrapped to 38 characters, at most 3 lines, at 8 points)."""
WIDTH = 6.3
"""Inches: 16 cm, the A4 report's text width less a margin."""
BAR_HEIGHT = 0.22
"""Inches per option (twice that with last year's bar beside it)."""


def _figure(figsize: tuple[float, float]) -> Figure:
    """A new figure; matplotlib is imported here, on the first chart, so starting the web app does not pay for it."""
    from matplotlib.figure import Figure

    return Figure(figsize=figsize)


def _png(figure: Figure, bottom: float, top: float = 0.15) -> bytes:
    """``bottom`` and ``top`` are the margins below and above the axes, in inches."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(
        left=LABELS_WIDTH / width, right=1 - 0.6 / width, bottom=bottom / height, top=1 - top / height
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def question_chart(result: QuestionResult) -> bytes:
    return _grid(result) if result.rows else _bars(result)


def _bars(result: QuestionResult) -> bytes:
    options = list(result.options)
    height = 0.75 + BAR_HEIGHT * len(options) * (1.3 if result.previous else 1) + (0.3 if result.previous else 0)
    figure = _figure(figsize=(WIDTH, min(height, 9)))
    axes = figure.subplots()
    positions = list(range(len(options)))
    size = 0.4 if result.previous else 0.7
    axes.barh(
        [p - (size / 2 if result.previous else 0) for p in positions],
        [100 * o.share for o in options],
        height=size,
        color=BLUE,
        label="This time",
    )
    if result.previous:
        previous = {o.key: o.share for o in result.previous.options}
        axes.barh(
            [p + size / 2 for p in positions],
            [100 * previous.get(o.key, 0) for o in options],
            height=size,
            color=GREY,
            label=f"Last time ({result.previous_title})",
        )
        figure.legend(loc="upper right", ncol=2, fontsize=7, frameon=False)
    for position, option in zip(positions, options, strict=True):
        axes.text(
            100 * option.share + 1,
            position - (size / 2 if result.previous else 0),
            option.shown if option.suppressed else f"{option.percent} ({option.count})",
            va="center",
            fontsize=8,
        )
    axes.set_yticks(positions, [_wrap(o.label) for o in options], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 115)
    axes.set_xlabel("% of those who answered", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure, bottom=0.45, top=0.45 if result.previous else 0.15)


def _grid(result: QuestionResult) -> bytes:
    rows = list(result.rows)
    legend_lines = math.ceil(len(result.columns) / 3)
    figure = _figure(figsize=(WIDTH, min(1.1 + BAR_HEIGHT * 1.3 * len(rows) + 0.22 * legend_lines, 9)))
    axes = figure.subplots()
    positions = list(range(len(rows)))
    left = [0.0] * len(rows)
    for index, column in enumerate(result.columns):
        widths = [100 * row.cells[index].share for row in rows]
        axes.barh(positions, widths, left=left, color=PALETTE[index % len(PALETTE)], label=column, height=0.7)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_yticks(positions, [_wrap(row.label) for row in rows], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of those who answered each row", fontsize=8)
    figure.legend(loc="lower center", ncol=3, fontsize=7, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure, bottom=0.55 + 0.22 * legend_lines)
