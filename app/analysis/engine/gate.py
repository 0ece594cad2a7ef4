"""Whether the learned coder has earned the right to replace the codebook: a paired bootstrap of its gain.

A recompute once switched a demo consultation's sentiment to the learned coder because it scored 0.45 against 0.38 on
six held-back answers, and turned "MK feels much safer, people are friendly" negative. With so few answers that gap
is noise: a single answer moves macro-F1 by a tenth. So the gate asks two things of the held-back answers officers
coded: there are at least ``MIN_HELD_BACK`` of them, and the whole 95% interval of the gain (learned minus codebook,
resampling the same answers for both, so shared easy and hard answers cancel out) lies above zero. The interval is
kept, so the officer can see how sure the choice was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MIN_HELD_BACK = 50
RESAMPLES = 2000
CONFIDENCE = 0.95


@dataclass(frozen=True)
class GainInterval:
    """The learned coder's gain over the codebook on ``n`` held-back answers: the observed gain and its interval."""

    n: int
    gain: float
    low: float
    high: float

    @property
    def switch(self) -> bool:
        return self.n >= MIN_HELD_BACK and self.low > 0


def sentiment_gain(gold: Sequence[str], learned: Sequence[str], baseline: Sequence[str], seed: int = 0) -> GainInterval:
    """Gain in macro-F1 over the labels officers used (as ``metrics.sentiment_agreement`` scores it)."""
    labels = sorted(set(gold))
    gold_array = np.asarray(gold)
    counts = _resample_counts(len(gold), seed)
    observed = np.ones((1, len(gold)))
    learned_scores = _macro_f1(gold_array, np.asarray(learned), labels, np.vstack([observed, counts]))
    baseline_scores = _macro_f1(gold_array, np.asarray(baseline), labels, np.vstack([observed, counts]))
    return _interval(len(gold), learned_scores - baseline_scores)


def themes_gain(
    gold: Sequence[Sequence[str]], learned: Sequence[Sequence[str]], baseline: Sequence[Sequence[str]], seed: int = 0
) -> GainInterval:
    """Gain in samples-F1 (the mean of per-answer F1, so each resample is a weighted mean)."""
    difference = np.array(
        [_answer_f1(g, a) - _answer_f1(g, b) for g, a, b in zip(gold, learned, baseline, strict=True)]
    )
    counts = _resample_counts(len(gold), seed)
    observed = np.ones((1, len(gold)))
    weights = np.vstack([observed, counts])
    return _interval(len(gold), weights @ difference / max(len(gold), 1))


def _answer_f1(gold: Sequence[str], found: Sequence[str]) -> float:
    expected, predicted = set(gold), set(found)
    if not expected and not predicted:
        return 1.0
    return 2 * len(expected & predicted) / (len(expected) + len(predicted))


def _resample_counts(n: int, seed: int) -> np.ndarray:
    """How often each answer is drawn in each resample (rows), so a metric over a resample is a weighted sum."""
    if n == 0:
        return np.zeros((RESAMPLES, 0))
    return np.random.default_rng(seed).multinomial(n, np.full(n, 1.0 / n), size=RESAMPLES).astype(float)


def _macro_f1(gold: np.ndarray, predicted: np.ndarray, labels: Sequence[str], weights: np.ndarray) -> np.ndarray:
    """Macro-F1 per row of ``weights``; a label with no gold and no prediction in a resample scores 0, as sklearn's
    ``zero_division=0`` does."""
    scores = np.zeros(weights.shape[0])
    for label in labels:
        true_positive = weights @ ((gold == label) & (predicted == label))
        false_positive = weights @ ((gold != label) & (predicted == label))
        false_negative = weights @ ((gold == label) & (predicted != label))
        denominator = 2 * true_positive + false_positive + false_negative
        scores += np.divide(2 * true_positive, denominator, out=np.zeros_like(denominator), where=denominator > 0)
    return scores / max(len(labels), 1)


def _interval(n: int, gains: np.ndarray) -> GainInterval:
    if n == 0:
        return GainInterval(0, 0.0, 0.0, 0.0)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(gains[1:], [tail, 100 - tail])
    return GainInterval(n, round(float(gains[0]), 4), round(float(low), 4), round(float(high), 4))
