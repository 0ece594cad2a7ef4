"""``python -m app.analysis tune-theme-meaning``: choose when meaning adds a theme, by cross-validation on a labelled
training file (the team's ``community_safety_training.csv``), and print the figures as one JSON object.

Only rows whose ``split`` is ``train`` (or every row, when the file has no split column) choose the rule; the
5-fold figure is the rule chosen on four folds scored on the fifth, so it is not flattered by the choice. Rows split
``holdout`` are scored once with the rule chosen on all training rows. The shipped ``DEFAULT_RULE`` is the rule this
prints; a measuring file (``community_safety_comments_dev.csv``) must never be passed here.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict

import numpy as np

from app.analysis.engine.codebook import Codebook, load_default_codebook
from app.analysis.engine.encoder import encode
from app.analysis.engine.theme_meaning import DEFAULT_RULE, MeaningRule, ThemeMeaning, theme_meaning
from app.analysis.engine.themes_model import keyword_matrix
from app.analysis.evaluation import EvaluationError, _read_rows, _themes

ALONE = tuple(round(value, 3) for value in np.arange(0.30, 0.701, 0.025))
EXTRA = (*(round(value, 3) for value in np.arange(0.45, 0.801, 0.025)), 1.01)
MARGINS = (0.0, 0.02, 0.04, 0.06, 0.08, 0.12, 1.0)
MAX_THEMES = (1, 2, 3)
FOLDS = 5


def _samples_f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    overlap = (predicted & gold).sum(axis=1)
    sizes = predicted.sum(axis=1) + gold.sum(axis=1)
    return float(np.where(sizes == 0, 1.0, 2 * overlap / np.maximum(sizes, 1)).mean())


def _gold(rows: Sequence[dict[str, str]], theme_ids: Sequence[str]) -> np.ndarray:
    column = {theme_id: index for index, theme_id in enumerate(theme_ids)}
    gold = np.zeros((len(rows), len(theme_ids)), dtype=bool)
    for row_index, row in enumerate(rows):
        for theme_id in _themes(row):
            if theme_id not in column:
                raise EvaluationError(f"theme id {theme_id!r} is not in the default codebook")
            gold[row_index, column[theme_id]] = True
    return gold


def _rules() -> list[MeaningRule]:
    return [
        MeaningRule(alone, extra, margin, top)
        for alone, extra, margin, top in itertools.product(ALONE, EXTRA, MARGINS, MAX_THEMES)
    ]


def _predict(meaning: ThemeMeaning, scores: np.ndarray, phrases: np.ndarray, rule: MeaningRule) -> np.ndarray:
    return phrases | meaning.chosen(scores, phrases, rule)


def _best(
    meaning: ThemeMeaning, scores: np.ndarray, phrases: np.ndarray, gold: np.ndarray
) -> tuple[MeaningRule, float]:
    """The rule with the best samples-F1; ties go to the stricter rule (higher floors, smaller margin, fewer)."""
    best: tuple[float, float, float, float, int, MeaningRule] | None = None
    for rule in _rules():
        score = _samples_f1(_predict(meaning, scores, phrases, rule), gold)
        key = (round(score, 6), rule.alone, rule.extra, -rule.margin, -rule.max_themes, rule)
        if best is None or key[:5] > best[:5]:
            best = key
    assert best is not None
    return best[5], best[0]


def _cross_validated(meaning: ThemeMeaning, scores: np.ndarray, phrases: np.ndarray, gold: np.ndarray) -> float:
    folds = np.random.default_rng(0).permutation(len(gold)) % FOLDS
    predicted = np.zeros_like(gold)
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        rule, _ = _best(meaning, scores[train], phrases[train], gold[train])
        predicted[test] = _predict(meaning, scores[test], phrases[test], rule)
    return _samples_f1(predicted, gold)


def tune(rows: Sequence[dict[str, str]], codebook: Codebook) -> dict[str, object]:
    train = [row for row in rows if row.get("split", "train") in ("train", "")]
    holdout = [row for row in rows if row.get("split") == "holdout"]
    if len(train) < 2 * FOLDS:
        raise EvaluationError("the file needs at least ten training rows with themes")
    meaning = theme_meaning(codebook)
    theme_ids = meaning.theme_ids
    result: dict[str, object] = {"n_train": len(train), "n_holdout": len(holdout)}
    sets = {"train": train, "holdout": holdout}
    data = {}
    for name, part in sets.items():
        texts = [row["text"] for row in part]
        scores, _ = meaning.scores(encode(texts)) if texts else (np.zeros((0, len(theme_ids))), None)
        data[name] = (scores, keyword_matrix(texts, codebook, theme_ids), _gold(part, theme_ids))
    scores, phrases, gold = data["train"]
    rule, fitted = _best(meaning, scores, phrases, gold)
    result.update(
        chosen_rule=asdict(rule),
        train_phrases_only=round(_samples_f1(phrases, gold), 4),
        train_fitted=round(fitted, 4),
        train_cv=round(_cross_validated(meaning, scores, phrases, gold), 4),
        shipped_rule=asdict(DEFAULT_RULE),
    )
    if holdout:
        scores, phrases, gold = data["holdout"]
        result.update(
            holdout_phrases_only=round(_samples_f1(phrases, gold), 4),
            holdout_chosen=round(_samples_f1(_predict(meaning, scores, phrases, rule), gold), 4),
            holdout_shipped=round(_samples_f1(_predict(meaning, scores, phrases, DEFAULT_RULE), gold), 4),
        )
    return result


def run_tune_theme_meaning(input_path: str) -> int:
    try:
        rows, columns = _read_rows(input_path)
        if "themes" not in columns:
            raise EvaluationError(f"{input_path} has no 'themes' column")
        result = tune(rows, load_default_codebook())
    except EvaluationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result, sort_keys=True))
    return 0
