"""Agreement measures between the engine's coding and officers' coding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.metrics import accuracy_score, f1_score
from sklearn.preprocessing import MultiLabelBinarizer


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
    labels = sorted(set(gold))
    return SentimentAgreement(
        accuracy=round(float(accuracy_score(gold, predicted)), 4),
        macro_f1=round(float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4),
    )


def samples_f1(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> float:
    """Mean per-answer F1; an answer that officers left uncoded and the engine left uncoded counts as agreement."""
    total = 0.0
    for gold_ids, predicted_ids in zip(gold, predicted, strict=True):
        expected, found = set(gold_ids), set(predicted_ids)
        total += 1.0 if not expected and not found else 2 * len(expected & found) / (len(expected) + len(found))
    return round(total / len(gold), 4) if gold else 0.0


def theme_agreement(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> ThemeAgreement:
    """Micro, macro (over themes officers or the engine used) and per-answer F1."""
    binarizer = MultiLabelBinarizer(classes=sorted({t for ids in [*gold, *predicted] for t in ids}))
    gold_matrix = binarizer.fit_transform(gold)
    predicted_matrix = binarizer.transform(predicted)
    return ThemeAgreement(
        micro_f1=round(float(f1_score(gold_matrix, predicted_matrix, average="micro", zero_division=0)), 4),
        macro_f1=round(float(f1_score(gold_matrix, predicted_matrix, average="macro", zero_division=0)), 4),
        samples_f1=samples_f1(gold, predicted),
    )
