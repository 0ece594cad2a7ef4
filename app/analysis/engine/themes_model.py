"""Per-theme choice between a learned classifier, codebook keywords or both, made by internal cross-validation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.analysis.engine.codebook import Codebook, compile_codebook
from app.analysis.engine.logistic import BinaryModel, fit_binary, fit_kernel_binary, stratified_folds
from app.analysis.engine.sparse_rows import SparseRows

MIN_LEARNED_EXAMPLES = 4
THEME_C = 4.0
NO_THRESHOLD = 1.01
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, NO_THRESHOLD)
RATIOS = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3)
FLOORS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
NO_MARGIN = -10.0
LEARNED, KEYWORDS, UNION, NONE = "learned", "keywords", "union", "none"


@dataclass(frozen=True)
class DecisionRule:
    """Give an answer its best learned theme when that scores at least ``floor``, plus themes within ``ratio`` of it."""

    ratio: float
    floor: float


@dataclass(frozen=True, eq=False)
class ThemeRule:
    """How one theme is predicted: ``source`` is learned, keywords, union or none."""

    theme_id: str
    source: str
    threshold: float = 0.0
    model: BinaryModel | None = None

    def margins(self, matrix: SparseRows) -> np.ndarray:
        """Probability above the tuned threshold; a large negative constant when there is no model."""
        if self.model is None:
            return np.full(matrix.shape[0], NO_MARGIN)
        return self.model.probability(matrix) - self.threshold


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


def add_relative(
    predicted: np.ndarray,
    margins: np.ndarray,
    threshold: float,
    rule: DecisionRule | None,
    columns: np.ndarray | None = None,
) -> np.ndarray:
    """Also predict learned themes scoring at least ``rule.ratio`` times the answer's best learned theme.

    With ratio 1 this gives every answer its most likely theme, which suits coding schemes where nearly every answer
    has one (samples-F1 rewards one right theme per answer far more than a second); lower ratios add close
    runners-up, and ``rule.floor`` leaves answers whose best theme is unlikely uncoded. ``columns`` limits the rule
    to themes whose source uses the learned model. None leaves the plain threshold decisions alone.
    """
    if rule is None or margins.shape[1] == 0:
        return predicted
    usable = margins > NO_MARGIN
    if columns is not None:
        usable = usable & columns
    probabilities = np.where(usable, margins + threshold, 0.0)
    best = probabilities.max(axis=1, keepdims=True)
    return predicted | (usable & (best > 0) & (best >= rule.floor) & (probabilities >= rule.ratio * best))


def _f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    true_positive = float(np.sum(predicted & gold))
    total = float(predicted.sum() + gold.sum())
    return 2 * true_positive / total if total else 0.0


def _cv_probabilities(kernel: np.ndarray, labels: np.ndarray, seed: int) -> np.ndarray:
    """Out-of-fold probabilities from class-balanced L2 logistic models (``THEME_C``) on the coded rows' kernel."""
    splits = int(min(5, labels.sum(), len(labels) - labels.sum()))
    probabilities = np.zeros(len(labels))
    for train, held in stratified_folds(labels, splits, seed):
        alpha = fit_kernel_binary(kernel[np.ix_(train, train)], labels[train], THEME_C)
        probabilities[held] = 1.0 / (1.0 + np.exp(-(kernel[np.ix_(held, train)] @ alpha)))
    return probabilities


def _samples_f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    overlap = (predicted & gold).sum(axis=1)
    sizes = predicted.sum(axis=1) + gold.sum(axis=1)
    return float(np.where(sizes == 0, 1.0, 2 * overlap / np.maximum(sizes, 1)).mean())


def _learned_predictions(probabilities: np.ndarray, threshold: float, rule: DecisionRule | None) -> np.ndarray:
    margins = np.where(probabilities > NO_MARGIN, probabilities - threshold, NO_MARGIN)
    return add_relative(margins >= 0, margins, threshold, rule)


def _choose_threshold(
    probabilities: np.ndarray, gold: np.ndarray, fixed: np.ndarray
) -> tuple[float, DecisionRule | None]:
    """One threshold for all learned themes and the decision rule, chosen by samples-F1 on cross-validated scores.

    A single global rule rather than one threshold per theme: with a few hundred coded answers per-theme thresholds
    chase noise. Ties go to the simpler rule (no ratio rule, higher threshold, higher ratio and floor).
    """
    best: tuple[float, int, float, float, float] = (-1.0, 1, 0.5, 0.0, 0.0)
    for threshold in THRESHOLDS:
        plain = _learned_predictions(probabilities, threshold, None)
        if threshold < NO_THRESHOLD:
            best = max(best, (_samples_f1(plain | fixed, gold), 1, threshold, 0.0, 0.0))
        for ratio in RATIOS:
            for floor in FLOORS:
                rule = DecisionRule(ratio, floor)
                candidate = _learned_predictions(probabilities, threshold, rule) | fixed
                best = max(best, (_samples_f1(candidate, gold), 0, threshold, ratio, floor))
    _, plain_only, threshold, ratio, floor = best
    return threshold, None if plain_only else DecisionRule(ratio, floor)


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
    matrix: SparseRows,
    gold: np.ndarray,
    keywords: np.ndarray,
    codebook_ids: set[str],
    seed: int,
) -> tuple[tuple[ThemeRule, ...], DecisionRule | None, np.ndarray]:
    """One rule per theme and the decision rule (see ``add_relative``), all chosen on cross-validated predictions.

    Also returns those cross-validated probabilities for the themes that got a model (in rule order), which the
    sentiment model learns from.
    """
    learnable = [
        MIN_LEARNED_EXAMPLES <= gold[:, j].sum() <= len(gold) - MIN_LEARNED_EXAMPLES for j in range(len(theme_ids))
    ]
    in_codebook = np.array([theme_id in codebook_ids for theme_id in theme_ids])
    probabilities = np.zeros(gold.shape)
    kernel = matrix.gram() + 1.0 if any(learnable) else None
    if kernel is not None:
        for learnable_column in np.flatnonzero(learnable):
            probabilities[:, learnable_column] = _cv_probabilities(kernel, gold[:, learnable_column], seed)
    fixed = keywords & (in_codebook & ~np.array(learnable, dtype=bool))
    scores = np.where(learnable, probabilities, NO_MARGIN)
    threshold, relative = _choose_threshold(scores, gold, fixed)
    learned_all = _learned_predictions(scores, threshold, relative)
    rules = []
    for column, theme_id in enumerate(theme_ids):
        if not learnable[column]:
            rules.append(ThemeRule(theme_id, KEYWORDS if in_codebook[column] else NONE))
            continue
        learned = learned_all[:, column]
        source = _source(learned, keywords[:, column] if in_codebook[column] else None, gold[:, column])
        model = fit_binary(matrix, gold[:, column], THEME_C, kernel)
        rules.append(ThemeRule(theme_id, source, threshold, model))
    return tuple(rules), relative, probabilities[:, np.flatnonzero(learnable)]
