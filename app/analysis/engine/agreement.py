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
from app.analysis.engine.gate import GainInterval, sentiment_gain, themes_gain
from app.analysis.engine.learned import CodedAnswer, train_coder
from app.analysis.engine.lexicon import SentimentLexicon
from app.analysis.engine.metrics import sentiment_agreement, theme_agreement
from app.analysis.engine.pipeline import AnswerAnalysis, analyse_answer

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
    sentiment_gain: GainInterval | None = None
    themes_gain: GainInterval | None = None

    @property
    def learned_themes_better(self) -> bool:
        return self.themes_gain is not None and self.themes_gain.switch

    @property
    def learned_sentiment_better(self) -> bool:
        return self.sentiment_gain is not None and self.sentiment_gain.switch


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
    baseline = _codebook_coding(holdout, codebook, lexicon)
    sentiment = sentiment_interval = None
    rated = [
        (a.sentiment, s.sentiment or "", b.sentiment)
        for a, s, b in zip(holdout, suggestions, baseline, strict=True)
        if a.sentiment
    ]
    gold_sentiments = [g for g, _, _ in rated]
    if rated and coder.sentiment_model is not None:
        sentiment = sentiment_agreement(gold_sentiments, [p for _, p, _ in rated])
        sentiment_interval = sentiment_gain(gold_sentiments, [p for _, p, _ in rated], [b for _, _, b in rated], seed)
    themes = themes_interval = None
    gold_themes = [a.theme_ids for a in holdout]
    if coder.theme_rules:
        themes = theme_agreement(gold_themes, [s.theme_ids for s in suggestions])
        themes_interval = themes_gain(
            gold_themes, [s.theme_ids for s in suggestions], [b.theme_ids for b in baseline], seed
        )
    baseline_sentiment = sentiment_agreement(gold_sentiments, [b for _, _, b in rated]).macro_f1 if rated else None
    baseline_themes = theme_agreement(gold_themes, [b.theme_ids for b in baseline]).samples_f1
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
        sentiment_gain=sentiment_interval,
        themes_gain=themes_interval,
    )


def _codebook_coding(
    holdout: Sequence[CodedAnswer], codebook: Codebook | None, lexicon: SentimentLexicon | None
) -> list[AnswerAnalysis]:
    """What the codebook and shipped sentiment give the held-back answers (no themes without a codebook)."""
    codebook = codebook or Codebook(themes=())
    return [analyse_answer(a.text, codebook, lexicon) for a in holdout]
