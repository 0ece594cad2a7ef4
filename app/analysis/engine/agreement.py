"""How well the learned coder agrees with officers, measured on coded answers it was not trained on.

Officers need this figure before trusting suggestions, and it must not flatter: the held-back answers are excluded
from training (their text still widens the vocabulary, as uncoded answers do in normal use). The same held-back
answers are also coded by the codebook and lexicon alone, so the app can use the learned coder only where it agrees
with officers better than they do: with a few dozen coded answers it often does not.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from app.analysis.engine.codebook import Codebook
from app.analysis.engine.learned import CodedAnswer, train_coder
from app.analysis.engine.lexicon import SentimentLexicon
from app.analysis.engine.metrics import sentiment_agreement, theme_agreement
from app.analysis.engine.pipeline import analyse_answer

MIN_HOLDOUT = 5


@dataclass(frozen=True)
class AgreementReport:
    """The learned coder's agreement with officers on held-back answers, and the codebook's on the same answers."""

    n_train: int
    n_holdout: int
    sentiment_accuracy: float | None
    sentiment_macro_f1: float | None
    themes_micro_f1: float | None
    themes_samples_f1: float | None
    themes_macro_f1: float | None = None
    codebook_sentiment_macro_f1: float | None = None
    codebook_themes_samples_f1: float | None = None

    @property
    def learned_themes_better(self) -> bool:
        return _better(self.themes_samples_f1, self.codebook_themes_samples_f1)

    @property
    def learned_sentiment_better(self) -> bool:
        return _better(self.sentiment_macro_f1, self.codebook_sentiment_macro_f1)


def _better(learned: float | None, codebook: float | None) -> bool:
    return learned is not None and (codebook is None or learned > codebook)


def measure_agreement(
    coded: Sequence[CodedAnswer],
    codebook: Codebook | None = None,
    *,
    holdout_fraction: float = 0.2,
    lexicon: SentimentLexicon | None = None,
    seed: int = 0,
    unlearned_keywords: bool = False,
) -> AgreementReport:
    """Train on a seeded share of the coded answers and compare suggestions with officers' coding on the rest.

    ``unlearned_keywords`` is passed to ``LearnedCoder.suggest``, so the figure is for the suggestions as used."""
    order = list(range(len(coded)))
    random.Random(seed).shuffle(order)
    n_holdout = max(MIN_HOLDOUT, round(len(coded) * holdout_fraction)) if len(coded) > 2 * MIN_HOLDOUT else 0
    if n_holdout == 0:
        return AgreementReport(len(coded), 0, None, None, None, None)
    holdout = [coded[i] for i in order[:n_holdout]]
    train = [coded[i] for i in order[n_holdout:]]
    coder = train_coder(train, codebook, uncoded_texts=[a.text for a in holdout], lexicon=lexicon, seed=seed)
    suggestions = coder.suggest([answer.text for answer in holdout], unlearned_keywords=unlearned_keywords)
    sentiment = None
    rated = [(a.sentiment, s.sentiment) for a, s in zip(holdout, suggestions, strict=True) if a.sentiment]
    if rated and coder.sentiment_model is not None:
        sentiment = sentiment_agreement([g for g, _ in rated], [p or "" for _, p in rated])
    themes = None
    if coder.theme_rules:
        themes = theme_agreement([a.theme_ids for a in holdout], [s.theme_ids for s in suggestions])
    baseline_sentiment, baseline_themes = _codebook_agreement(holdout, codebook, lexicon)
    return AgreementReport(
        n_train=len(train),
        n_holdout=len(holdout),
        sentiment_accuracy=sentiment.accuracy if sentiment else None,
        sentiment_macro_f1=sentiment.macro_f1 if sentiment else None,
        themes_micro_f1=themes.micro_f1 if themes else None,
        themes_samples_f1=themes.samples_f1 if themes else None,
        themes_macro_f1=themes.macro_f1 if themes else None,
        codebook_sentiment_macro_f1=baseline_sentiment,
        codebook_themes_samples_f1=baseline_themes,
    )


def _codebook_agreement(
    holdout: Sequence[CodedAnswer], codebook: Codebook | None, lexicon: SentimentLexicon | None
) -> tuple[float | None, float | None]:
    """Sentiment macro-F1 and themes samples-F1 of the lexicon and codebook alone (no themes without a codebook)."""
    codebook = codebook or Codebook(themes=())
    analyses = [analyse_answer(a.text, codebook, lexicon) for a in holdout]
    rated = [(a.sentiment, r.sentiment) for a, r in zip(holdout, analyses, strict=True) if a.sentiment]
    sentiment = sentiment_agreement([g for g, _ in rated], [p for _, p in rated]).macro_f1 if rated else None
    themes = theme_agreement([a.theme_ids for a in holdout], [r.theme_ids for r in analyses]).samples_f1
    return sentiment, themes
