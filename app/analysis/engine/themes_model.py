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
THEME_C = 8.0
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8)
RELATIVES = (2.0, 1.0, 0.7, 0.5)
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
        """Probability above the tuned threshold; a large negative constant when there is no model."""
        if self.model is None:
            return np.full(matrix.shape[0], NO_MARGIN)
        return self.model.predict_proba(matrix)[:, 1] - self.threshold


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


def add_relative(predicted: np.ndarray, margins: np.ndarray, threshold: float, relative: float | None) -> np.ndarray:
    """Also predict learned themes scoring at least ``relative`` times the answer's best learned theme.

    With ``relative`` = 1 this gives every answer its most likely theme, which suits coding schemes where every answer
    has one; lower values add close runners-up. None leaves the plain threshold decisions alone.
    """
    if relative is None or margins.shape[1] == 0:
        return predicted
    usable = margins > NO_MARGIN
    probabilities = np.where(usable, margins + threshold, 0.0)
    best = probabilities.max(axis=1, keepdims=True)
    return predicted | (usable & (best > 0) & (probabilities >= relative * best))


def _f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    true_positive = float(np.sum(predicted & gold))
    total = float(predicted.sum() + gold.sum())
    return 2 * true_positive / total if total else 0.0


def _theme_model(seed: int) -> LogisticRegression:
    return LogisticRegression(C=THEME_C, class_weight="balanced", solver="liblinear", random_state=seed)


def _cv_probabilities(matrix: sparse.csr_matrix, labels: np.ndarray, seed: int) -> np.ndarray:
    splits = int(min(5, labels.sum(), len(labels) - labels.sum()))
    folds = StratifiedKFold(n_splits=splits, shuffle=True, random_state=seed)
    return cross_val_predict(_theme_model(seed), matrix, labels, cv=folds, method="predict_proba")[:, 1]


def _samples_f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    overlap = (predicted & gold).sum(axis=1)
    sizes = predicted.sum(axis=1) + gold.sum(axis=1)
    return float(np.where(sizes == 0, 1.0, 2 * overlap / np.maximum(sizes, 1)).mean())


def _choose_threshold(probabilities: np.ndarray, gold: np.ndarray, fixed: np.ndarray) -> tuple[float, float | None]:
    """One threshold for all learned themes and the relative rule, chosen by samples-F1 on cross-validated scores."""
    best: tuple[float, float, float] = (-1.0, 0.5, 2.0)
    for threshold in THRESHOLDS:
        margins = np.where(probabilities > NO_MARGIN, probabilities - threshold, NO_MARGIN)
        predicted = (margins >= 0) | fixed
        for relative in RELATIVES:
            candidate = add_relative(predicted, margins, threshold, None if relative > 1 else relative)
            best = max(best, (_samples_f1(candidate, gold), threshold, -relative))
    return best[1], None if -best[2] > 1 else -best[2]


def _source(learned: np.ndarray, keywords: np.ndarray | None, gold: np.ndarray) -> str:
    if keywords is None:
        return LEARNED
    options = [
        (_f1(learned, gold), 1, LEARNED),
        (_f1(keywords, gold), 2, KEYWORDS),
        (_f1(learned | keywords, gold), 0, UNION),
    ]
    return max(options)[2]


def choose_rules(
    theme_ids: Sequence[str],
    matrix: sparse.csr_matrix,
    gold: np.ndarray,
    keywords: np.ndarray,
    codebook_ids: set[str],
    seed: int,
) -> tuple[tuple[ThemeRule, ...], float | None]:
    """One rule per theme and the relative rule (see ``add_relative``), all chosen on cross-validated predictions."""
    learnable = [
        MIN_LEARNED_EXAMPLES <= gold[:, j].sum() <= len(gold) - MIN_LEARNED_EXAMPLES for j in range(len(theme_ids))
    ]
    in_codebook = np.array([theme_id in codebook_ids for theme_id in theme_ids])
    probabilities = np.zeros(gold.shape)
    for column in np.flatnonzero(learnable):
        probabilities[:, column] = _cv_probabilities(matrix, gold[:, column], seed)
    fixed = keywords & (in_codebook & ~np.array(learnable, dtype=bool))
    threshold, relative = _choose_threshold(np.where(learnable, probabilities, NO_MARGIN), gold, fixed)
    rules = []
    for column, theme_id in enumerate(theme_ids):
        if not learnable[column]:
            rules.append(ThemeRule(theme_id, KEYWORDS if in_codebook[column] else NONE))
            continue
        learned = probabilities[:, column] >= threshold
        source = _source(learned, keywords[:, column] if in_codebook[column] else None, gold[:, column])
        model = _theme_model(seed).fit(matrix, gold[:, column])
        rules.append(ThemeRule(theme_id, source, threshold, model))
    return tuple(rules), relative
