"""``python -m app.analysis evaluate``: agreement of the engine with a labelled CSV, as one JSON object.

Zero-shot (``--train-size 0``) scores the default codebook and the shipped sentiment model; with ``--train-size N`` the
first N rows after a seeded shuffle play the officer-coded answers and the learned coder is scored on the rest. A file
whose themes are not the codebook's (NHS feedback, say) is scored zero-shot on sentiment alone. ``--split holdout``
scores only the rows whose ``split`` column says so (the held-back fifth of a training file).
"""

from __future__ import annotations

import csv
import json
import random
import sys
from dataclasses import asdict
from typing import Any

from app.analysis.engine import (
    CodedAnswer,
    analyse_answer,
    load_default_codebook,
    sentiment_agreement,
    theme_agreement,
    train_coder,
)


class EvaluationError(Exception):
    """A problem with the input the user can fix; reported on stderr with exit code 2."""


def _read_rows(path: str, split: str | None = None) -> tuple[list[dict[str, str]], set[str]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            columns = set(reader.fieldnames or ())
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise EvaluationError(f"cannot read {path}: {error}") from error
    if "text" not in columns:
        raise EvaluationError(f"{path} has no 'text' column (columns: {', '.join(sorted(columns)) or 'none'})")
    if split is not None:
        if "split" not in columns:
            raise EvaluationError(f"{path} has no 'split' column, so --split {split} selects nothing")
        rows = [row for row in rows if row["split"] == split]
    if not rows:
        raise EvaluationError(f"{path} has no rows" + (f" with split {split}" if split else ""))
    return rows, columns


def _themes(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(part.strip() for part in (row.get("themes") or "").split(";") if part.strip())


def _zero_shot(rows: list[dict[str, str]], columns: set[str]) -> dict[str, Any]:
    codebook = load_default_codebook()
    note = None
    if "themes" in columns:
        unknown = sorted({t for row in rows for t in _themes(row)} - set(codebook.theme_ids))
        if unknown:
            columns = columns - {"themes"}
            note = f"theme ids not in the default codebook ({', '.join(unknown)}), so themes are not scored zero-shot"
            if "sentiment" not in columns:
                raise EvaluationError(f"{note} and the file has no sentiment (use --train-size N to learn them)")
    results = [analyse_answer(row["text"], codebook) for row in rows]
    scores = _scores(rows, columns, [r.sentiment for r in results], [r.theme_ids for r in results], 0)
    return {**scores, "note": note} if note else scores


def _learned(rows: list[dict[str, str]], columns: set[str], train_size: int, seed: int) -> dict[str, Any]:
    if train_size >= len(rows):
        raise EvaluationError(f"--train-size {train_size} leaves no rows to score (the file has {len(rows)})")
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    train, test = shuffled[:train_size], shuffled[train_size:]
    coded = [
        CodedAnswer(row["text"], _themes(row) if "themes" in columns else (), row.get("sentiment") or None)
        for row in train
    ]
    coder = train_coder(coded, load_default_codebook(), uncoded_texts=[row["text"] for row in test], seed=seed)
    suggestions = coder.suggest([row["text"] for row in test])
    return _scores(
        test, columns, [s.sentiment or "" for s in suggestions], [s.theme_ids for s in suggestions], len(train)
    )


def _scores(
    rows: list[dict[str, str]], columns: set[str], sentiments: list[str], themes: list[tuple[str, ...]], n_train: int
) -> dict[str, Any]:
    result: dict[str, Any] = {"n_train": n_train, "n_test": len(rows), "sentiment": None, "themes": None}
    if "sentiment" in columns:
        result["sentiment"] = asdict(sentiment_agreement([row["sentiment"] for row in rows], sentiments))
    if "themes" in columns:
        result["themes"] = asdict(theme_agreement([_themes(row) for row in rows], themes))
    return result


def run_evaluate(input_path: str, *, train_size: int = 0, seed: int = 0, split: str | None = None) -> int:
    """Print one JSON object with agreement figures; exit code 2 for input problems."""
    try:
        if train_size < 0:
            raise EvaluationError("--train-size must be 0 or more")
        rows, columns = _read_rows(input_path, split)
        result = _learned(rows, columns, train_size, seed) if train_size else _zero_shot(rows, columns)
    except EvaluationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result, sort_keys=True))
    return 0
