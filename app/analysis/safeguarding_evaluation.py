"""Score the safeguarding screen against a labelled CSV: ``python -m app.analysis evaluate-safeguarding``.

Recall on concern/urgent rows matters most (a missed disclosure is the costly error), so it is reported
separately from the false-positive rate on ordinary answers, which is what reviewers pay for in time.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.analysis.engine.safeguarding import FLAGGED_LEVELS, LEVELS, ScreeningResult, screen


class EvaluationInputError(ValueError):
    """The CSV cannot be scored as given; the message says what to fix."""


@dataclass(frozen=True)
class LabelledText:
    """One labelled pupil answer; ``category`` is None when the file has no category column."""

    text: str
    level: str
    category: str | None


def read_labelled(path: str) -> list[LabelledText]:
    """Read ``text,level`` (and optional ``category``) rows, rejecting anything that would skew the figures."""
    file = Path(path)
    if not file.is_file():
        raise EvaluationInputError(f"input file not found: {path}")
    with file.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"text", "level"} - set(reader.fieldnames or ())
        if missing:
            raise EvaluationInputError(f"missing column(s): {', '.join(sorted(missing))}")
        has_category = "category" in (reader.fieldnames or ())
        return [_row(row, line, has_category) for line, row in enumerate(reader, start=2)]


def _row(row: dict[str, str], line: int, has_category: bool) -> LabelledText:
    level = (row.get("level") or "").strip().lower()
    if level not in LEVELS:
        raise EvaluationInputError(f"line {line}: unknown level {level!r} (expected one of {', '.join(LEVELS)})")
    category = (row.get("category") or "").strip().lower() if has_category else None
    return LabelledText(text=row.get("text") or "", level=level, category=category)


def _share(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def score(rows: Sequence[LabelledText], screener: Callable[[str], ScreeningResult] = screen) -> dict[str, object]:
    """Compute the headline figures; ``None`` where a figure has no rows to be measured on."""
    results = [screener(row.text) for row in rows]
    pairs = list(zip(rows, results, strict=True))
    at_risk = [result for row, result in pairs if row.level in FLAGGED_LEVELS]
    urgent = [result for row, result in pairs if row.level == "urgent"]
    ordinary = [result for row, result in pairs if row.level == "none"]
    figures: dict[str, object] = {
        "n": len(rows),
        "recall_flagged": _share(sum(r.level in FLAGGED_LEVELS for r in at_risk), len(at_risk)),
        "recall_urgent": _share(sum(r.level == "urgent" for r in urgent), len(urgent)),
        "false_positive_rate": _share(sum(r.level in FLAGGED_LEVELS for r in ordinary), len(ordinary)),
        "level_accuracy": _share(sum(row.level == result.level for row, result in pairs), len(pairs)),
    }
    if rows and all(row.category is not None for row in rows):
        flagged = [(row, result) for row, result in pairs if result.level in FLAGGED_LEVELS]
        correct = sum((row.category or "none") == (result.category or "none") for row, result in flagged)
        figures["category_accuracy"] = _share(correct, len(flagged))
    return figures


def run_evaluate_safeguarding(input_path: str) -> int:
    """Print one JSON object of figures; a clear message and exit code 2 when the input is unusable."""
    try:
        rows = read_labelled(input_path)
    except (EvaluationInputError, UnicodeDecodeError, csv.Error) as error:
        print(json.dumps({"error": str(error)}), file=sys.stderr)
        return 2
    print(json.dumps(score(rows), sort_keys=False))
    return 0
