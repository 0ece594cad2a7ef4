"""Agreement measures between the engine's coding and officers' coding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SentimentAgreement:
    accuracy: float
    macro_f1: float


@dataclass(frozen=True)
class ThemeAgreement:
    micro_f1: float
    macro_f1: float
    samples_f1: float


def sentiment_agreement(gold: Sequence[str], predicted: Sequence[str]) -> SentimentAgreement:
    """Macro-F1 over the labels officers used, so a rare "positive" class counts as much as a common one."""
    pairs = list(zip(gold, predicted, strict=True))
    labels = sorted(set(gold))
    f1s = [
        _f1(
            sum(g == p == label for g, p in pairs), sum(p == label for _, p in pairs), sum(g == label for g, _ in pairs)
        )
        for label in labels
    ]
    return SentimentAgreement(
        accuracy=round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else 0.0,
        macro_f1=round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
    )


def _f1(both: int, predicted: int, gold: int) -> float:
    """F1 from counts; 0 when neither side has the label (scikit-learn's ``zero_division=0``)."""
    return 2 * both / (predicted + gold) if predicted + gold else 0.0


def samples_f1(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> float:
    """Mean per-answer F1; an answer that officers left uncoded and the engine left uncoded counts as agreement."""
    total = 0.0
    for gold_ids, predicted_ids in zip(gold, predicted, strict=True):
        expected, found = set(gold_ids), set(predicted_ids)
        total += 1.0 if not expected and not found else 2 * len(expected & found) / (len(expected) + len(found))
    return round(total / len(gold), 4) if gold else 0.0


def theme_agreement(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> ThemeAgreement:
    """Micro, macro (over themes officers or the engine used) and per-answer F1."""
    themes = sorted({t for ids in [*gold, *predicted] for t in ids})
    pairs = [(set(g), set(p)) for g, p in zip(gold, predicted, strict=True)]
    counts = [
        (sum(t in g and t in p for g, p in pairs), sum(t in p for _, p in pairs), sum(t in g for g, _ in pairs))
        for t in themes
    ]
    micro = _f1(sum(c[0] for c in counts), sum(c[1] for c in counts), sum(c[2] for c in counts))
    return ThemeAgreement(
        micro_f1=round(micro, 4),
        macro_f1=round(sum(_f1(*c) for c in counts) / len(counts), 4) if counts else 0.0,
        samples_f1=samples_f1(gold, predicted),
    )
