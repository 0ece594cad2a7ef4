"""Per-theme choice between a learned classifier, codebook keywords or both, made by internal cross-validation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from app.analysis.engine.codebook import Codebook, compile_codebook

MIN_LEARNED_EXAMPLES = 4
THEME_C = 4.0
NO_MARGIN = -10.0
LEARNED, KEYWORDS, UNION, NONE = "learned", "keywords", "union", "none"


@dataclass(frozen=True, eq=False)
class ThemeRule:
    """How one theme is predicted: ``source`` is learned, keywords, union or none."""

    theme_id: str
    source: str
    threshold: float = 0.0
    model: LogisticRegression | None = None

    def margins(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Decision value above the tuned threshold; a large negative constant when there is no model."""
        if self.model is None:
            return np.full(matrix.shape[0], NO_MARGIN)
        return self.model.decision_function(matrix) - self.threshold


def keyword_matrix(texts: Sequence[str], codebook: Codebook | None, theme_ids: Sequence[str]) -> np.ndarray:
    result = np.zeros((len(texts), len(theme_ids)), dtype=bool)
    if codebook is None:
        return result
    matcher = compile_codebook(codebook)
    column = {theme_id: index for index, theme_id in enumerate(theme_ids)}
    for row, text in enumerate(texts):
        for match in matcher.match(text):
            if match.theme_id in column:
                result[row, column[match.theme_id]] = True
    return result


def predict_matrix(rules: Sequence[ThemeRule], margins: np.ndarray, keywords: np.ndarray) -> np.ndarray:
    predicted = np.zeros(margins.shape, dtype=bool)
    for column, rule in enumerate(rules):
        learned = margins[:, column] >= 0
        if rule.source == LEARNED:
            predicted[:, column] = learned
        elif rule.source == KEYWORDS:
            predicted[:, column] = keywords[:, column]
        elif rule.source == UNION:
            predicted[:, column] = learned | keywords[:, column]
    return predicted


def force_top_theme(predicted: np.ndarray, margins: np.ndarray) -> np.ndarray:
    """Give an answer with no theme its most likely learned theme, for coding schemes where every answer has one."""
    result = predicted.copy()
    if margins.shape[1] == 0:
        return result
    empty = ~result.any(axis=1)
    best = margins.argmax(axis=1)
    usable = empty & (margins.max(axis=1) > NO_MARGIN)
    result[np.flatnonzero(usable), best[usable]] = True
    return result


def _f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    true_positive = float(np.sum(predicted & gold))
    total = float(predicted.sum() + gold.sum())
    return 2 * true_positive / total if total else 0.0


def best_threshold(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """Threshold on cross-validated scores that maximises F1, placed midway to the next score for robustness."""
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], gold[order].astype(float)
    true_positive = np.cumsum(hits)
    f1 = 2 * true_positive / (np.arange(1, len(ranked) + 1) + gold.sum())
    cut = int(np.argmax(f1))
    below = ranked[cut + 1] if cut + 1 < len(ranked) else ranked[cut] - 1.0
    return float((ranked[cut] + below) / 2), float(f1[cut])


def _theme_model(seed: int) -> LogisticRegression:
    return LogisticRegression(C=THEME_C, class_weight="balanced", solver="liblinear", random_state=seed)


def _learned_rule(
    theme_id: str, matrix: sparse.csr_matrix, gold: np.ndarray, keywords: np.ndarray | None, seed: int
) -> tuple[ThemeRule, np.ndarray]:
    folds = StratifiedKFold(n_splits=int(min(5, gold.sum(), len(gold) - gold.sum())), shuffle=True, random_state=seed)
    scores = cross_val_predict(_theme_model(seed), matrix, gold, cv=folds, method="decision_function")
    threshold, learned_f1 = best_threshold(scores, gold)
    options = [(learned_f1, 1, LEARNED)]
    if keywords is not None:
        union = (scores >= threshold) | keywords
        options += [(_f1(keywords, gold), 2, KEYWORDS), (_f1(union, gold), 0, UNION)]
    source = max(options)[2]
    model = _theme_model(seed).fit(matrix, gold)
    return ThemeRule(theme_id, source, threshold, model), scores - threshold


def choose_rules(
    theme_ids: Sequence[str], matrix: sparse.csr_matrix, gold: np.ndarray, keywords: np.ndarray, codebook_ids: set[str],
    seed: int,
) -> tuple[tuple[ThemeRule, ...], np.ndarray]:
    """One rule per theme plus the cross-validated margins, which the caller uses to decide on forcing a theme."""
    rules, margins = [], np.full(gold.shape, NO_MARGIN)
    for column, theme_id in enumerate(theme_ids):
        labels = gold[:, column]
        in_codebook = theme_id in codebook_ids
        if labels.sum() >= MIN_LEARNED_EXAMPLES and len(labels) - labels.sum() >= MIN_LEARNED_EXAMPLES:
            rule, margins[:, column] = _learned_rule(
                theme_id, matrix, labels, keywords[:, column] if in_codebook else None, seed
            )
        else:
            rule = ThemeRule(theme_id, KEYWORDS if in_codebook else NONE)
        rules.append(rule)
    return tuple(rules), margins
