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

from app.analysis.engine.safeguarding import FLAGGED_LEVELS, LEVELS, ScreeningResult, screen, screen_rules


class EvaluationInputError(ValueError):
    """The CSV cannot be scored as given; the message says what to fix."""


@dataclass(frozen=True)
class LabelledText:
    """One labelled pupil answer; ``category`` is None when the file has no category column."""

    text: str
    level: str
    category: str | None
    split: str | None = None


def read_labelled(path: str, split: str | None = None) -> list[LabelledText]:
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
        if split is not None and "split" not in (reader.fieldnames or ()):
            raise EvaluationInputError("--split given but the file has no split column")
        rows = [_row(row, line, has_category) for line, row in enumerate(reader, start=2)]
    return [row for row in rows if split is None or row.split == split]


def _row(row: dict[str, str], line: int, has_category: bool) -> LabelledText:
    level = (row.get("level") or "").strip().lower()
    if level not in LEVELS:
        raise EvaluationInputError(f"line {line}: unknown level {level!r} (expected one of {', '.join(LEVELS)})")
    category = (row.get("category") or "").strip().lower() if has_category else None
    return LabelledText(text=row.get("text") or "", level=level, category=category, split=row.get("split"))


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
        figures["recall_by_category"] = _recall_by_category(pairs)
    figures["flagged_by_level"] = _flagged_by_level(pairs)
    figures["share_flagged"] = _share(sum(r.level in FLAGGED_LEVELS for r in results), len(results))
    figures["urgent_vs_concern"] = _urgent_confusion(pairs)
    return figures


def _flagged_by_level(pairs: Sequence[tuple[LabelledText, ScreeningResult]]) -> dict[str, float | None]:
    """Of each labelled level's rows, the share flagged: recall for concern/urgent, false positives for none."""
    present = [level for level in LEVELS if any(row.level == level for row, _ in pairs)]
    return {
        level: _share(
            sum(r.level in FLAGGED_LEVELS for row, r in pairs if row.level == level),
            sum(row.level == level for row, _ in pairs),
        )
        for level in present
    }


def _recall_by_category(pairs: Sequence[tuple[LabelledText, ScreeningResult]]) -> dict[str, float | None]:
    """Of each category's concern/urgent rows, the share the screen flagged (at either level)."""
    at_risk = [(row, result) for row, result in pairs if row.level in FLAGGED_LEVELS]
    names = sorted({row.category or "none" for row, _ in at_risk})
    return {
        name: _share(
            sum(r.level in FLAGGED_LEVELS for row, r in at_risk if row.category == name),
            sum(row.category == name for row, _ in at_risk),
        )
        for name in names
    }


def _urgent_confusion(pairs: Sequence[tuple[LabelledText, ScreeningResult]]) -> dict[str, dict[str, int]]:
    """Rows labelled urgent or concern, by the level the screen gave them: where urgency is lost or over-called."""
    return {
        label: {level: sum(row.level == label and r.level == level for row, r in pairs) for level in LEVELS}
        for label in ("urgent", "concern")
    }


def run_evaluate_safeguarding(input_path: str, split: str | None = None, rules_only: bool = False) -> int:
    """Print one JSON object of figures; a clear message and exit code 2 when the input is unusable."""
    try:
        rows = read_labelled(input_path, split)
    except (EvaluationInputError, UnicodeDecodeError, csv.Error) as error:
        print(json.dumps({"error": str(error)}), file=sys.stderr)
        return 2
    figures = {
        "screen": "rules" if rules_only else "rules+learned",
        **score(rows, screen_rules if rules_only else screen),
    }
    print(json.dumps(figures, sort_keys=False))
    return 0
