"""How well the learned coder agrees with officers, measured on coded answers it was not trained on.

Officers need this figure before trusting suggestions, and it must not flatter: the held-back answers are excluded
from training (their text still widens the vocabulary, as uncoded answers do in normal use).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from app.analysis.engine.codebook import Codebook
from app.analysis.engine.learned import CodedAnswer, train_coder
from app.analysis.engine.lexicon import SentimentLexicon
from app.analysis.engine.metrics import sentiment_agreement, theme_agreement

MIN_HOLDOUT = 5


@dataclass(frozen=True)
class AgreementReport:
    n_train: int
    n_holdout: int
    sentiment_accuracy: float | None
    sentiment_macro_f1: float | None
    themes_micro_f1: float | None
    themes_samples_f1: float | None
    themes_macro_f1: float | None = None


def measure_agreement(
    coded: Sequence[CodedAnswer],
    codebook: Codebook | None = None,
    *,
    holdout_fraction: float = 0.2,
    lexicon: SentimentLexicon | None = None,
    seed: int = 0,
) -> AgreementReport:
    """Train on a seeded share of the coded answers and compare suggestions with officers' coding on the rest."""
    order = list(range(len(coded)))
    random.Random(seed).shuffle(order)
    n_holdout = max(MIN_HOLDOUT, round(len(coded) * holdout_fraction)) if len(coded) > 2 * MIN_HOLDOUT else 0
    if n_holdout == 0:
        return AgreementReport(len(coded), 0, None, None, None, None)
    holdout = [coded[i] for i in order[:n_holdout]]
    train = [coded[i] for i in order[n_holdout:]]
    coder = train_coder(train, codebook, uncoded_texts=[a.text for a in holdout], lexicon=lexicon, seed=seed)
    suggestions = coder.suggest([answer.text for answer in holdout])
    sentiment = None
    rated = [(a.sentiment, s.sentiment) for a, s in zip(holdout, suggestions, strict=True) if a.sentiment]
    if rated and coder.sentiment_model is not None:
        sentiment = sentiment_agreement([g for g, _ in rated], [p or "" for _, p in rated])
    themes = None
    if coder.theme_rules:
        themes = theme_agreement([a.theme_ids for a in holdout], [s.theme_ids for s in suggestions])
    return AgreementReport(
        n_train=len(train),
        n_holdout=len(holdout),
        sentiment_accuracy=sentiment.accuracy if sentiment else None,
        sentiment_macro_f1=sentiment.macro_f1 if sentiment else None,
        themes_micro_f1=themes.micro_f1 if themes else None,
        themes_samples_f1=themes.samples_f1 if themes else None,
        themes_macro_f1=themes.macro_f1 if themes else None,
    )
