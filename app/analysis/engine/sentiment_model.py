"""The learned coder's sentiment model: an n-gram model whose view is combined with three others by stacking.

One linear model over n-grams and tone columns misses what short patient and resident comments often show: an
answer is *mixed* when one sentence praises and another complains, and officers' theme coding says a lot about tone
("gratitude" is positive, "waiting times" rarely is). So a small combiner weighs, per answer:

- the n-gram model's class probabilities;
- a per-sentence positive-versus-negative model (mean, weakest and strongest sentence);
- the lexicon's tone columns and TextBlob's own polarity and subjectivity (a second lexicon that knows other words);
- the theme models' probabilities, learned from the officers' theme coding of the same answers;
- the shipped sentiment model's probabilities (``sentiment_meaning``), which knows tone from thousands of answers the
  officers never coded (without sentence embeddings, a constant column).

Every view the combiner learns from is predicted out of fold on the coded answers, so it learns how far to trust
each view on answers that view has not seen, as it will be used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from textblob import TextBlob

from app.analysis.engine.features import TextFeatures
from app.analysis.engine.logistic import (
    BinaryModel,
    MultinomialModel,
    binary_from_dual,
    fit_binary,
    fit_kernel_binary,
    fit_multinomial,
    stratified_folds,
)
from app.analysis.engine.sentiment import NEUTRAL, POSITIVE, score_tokens
from app.analysis.engine.sentiment_meaning import feature_rows, shipped_model
from app.analysis.engine.sparse_rows import SparseRows
from app.analysis.engine.text import split_sentences, tokenise

FOLDS = 5
NGRAM_C = 1.0
SENTENCE_C = 4.0
COMBINER_C = 0.1
MIN_SENTENCE_EXAMPLES = 2
_FLOOR = 1e-4


@dataclass(frozen=True, eq=False)
class SentimentModel:
    """Fitted views and the combiner; ``classes`` are the sentiment labels in the combiner's column order."""

    ngram: tuple[BinaryModel, ...]
    sentences: BinaryModel | None
    combiner: MultinomialModel

    @property
    def classes(self) -> np.ndarray:
        return self.combiner.classes

    def predict_proba(
        self,
        features: TextFeatures,
        texts: Sequence[str],
        theme_scores: np.ndarray,
        themed: SparseRows | None = None,
    ) -> np.ndarray:
        """Class probabilities; ``theme_scores`` are the theme models' probabilities for ``texts``, if any, and
        ``themed`` their ``features.transform`` if the caller has it."""
        tone = features.tone_signals(texts)
        ngram = _log(_ngram_scores(self.ngram, features.sentiment_transform(texts, themed, tone)))
        views = np.hstack(
            [
                tone_views(features, texts, tone),
                sentence_scores(features, texts, self.sentences),
                theme_scores,
                meaning_view(features, texts),
            ]
        )
        return self.combiner.probabilities(np.hstack([ngram, views]))


def train_sentiment_model(
    features: TextFeatures, texts: Sequence[str], labels: np.ndarray, theme_scores: np.ndarray, seed: int
) -> SentimentModel:
    """Fit on coded answers; ``theme_scores`` must be out-of-fold theme probabilities for the same answers."""
    tone = features.tone_signals(texts)
    matrix = features.sentiment_transform(texts, tone=tone)
    folds = _folds(labels, seed)
    kernel = matrix.gram() + 1.0
    ngram_oof = np.zeros((len(labels), len(np.unique(labels))))
    sentence_oof = np.zeros((len(labels), 3))
    for train, held in folds:
        ngram_oof[held] = _kernel_ngram_scores(kernel, labels, train, held)
        model = fit_sentence_model(features, [texts[i] for i in train], labels[train], seed)
        sentence_oof[held] = sentence_scores(features, [texts[i] for i in held], model)
    views = np.hstack([tone_views(features, texts, tone), sentence_oof, theme_scores, meaning_view(features, texts)])
    combiner = fit_multinomial(np.hstack([_log(ngram_oof), views]), labels, COMBINER_C)
    ngram = _fit_ngram(matrix, labels, kernel)
    return SentimentModel(ngram, fit_sentence_model(features, texts, labels, seed), combiner)


def fit_sentence_model(
    features: TextFeatures, texts: Sequence[str], labels: np.ndarray, seed: int
) -> BinaryModel | None:
    """Positive versus negative per sentence, each sentence taking its answer's label; None without both sides."""
    rated = [(text, label) for text, label in zip(texts, labels, strict=True) if label != NEUTRAL]
    pairs = [(sentence, label) for text, label in rated for sentence in _sentences(text)]
    targets = np.array([label == POSITIVE for _, label in pairs])
    if min(targets.sum(), len(targets) - targets.sum()) < MIN_SENTENCE_EXAMPLES:
        return None
    return fit_binary(features.ngrams([s for s, _ in pairs]), targets, SENTENCE_C)


def sentence_scores(features: TextFeatures, texts: Sequence[str], model: BinaryModel | None) -> np.ndarray:
    """Per answer: mean, lowest and highest probability that a sentence is positive (0.5 throughout without a model)."""
    if model is None or not texts:
        return np.full((len(texts), 3), 0.5)
    sentences = [_sentences(text) for text in texts]
    scores = model.probability(features.ngrams([s for group in sentences for s in group]))
    bounds = np.concatenate([[0], np.cumsum([len(group) for group in sentences])])
    return np.array([_summary(scores[start:end]) for start, end in zip(bounds[:-1], bounds[1:], strict=True)])


def tone_views(features: TextFeatures, texts: Sequence[str], tone: np.ndarray | None = None) -> np.ndarray:
    """The engine lexicon's tone columns (``tone``, if already worked out) and TextBlob's polarity, subjectivity and
    sentence extremes."""
    textblob = np.array([_textblob_row(text) for text in texts], dtype=float).reshape(len(texts), -1)
    return np.hstack([features.tone_signals(texts) if tone is None else tone, textblob])


def meaning_view(features: TextFeatures, texts: Sequence[str]) -> np.ndarray:
    """Log-probabilities of the shipped sentiment model, from the vectors the coder already holds."""
    if features.vectors is None or not texts:
        return np.zeros((len(texts), 3))
    model = shipped_model()
    rows = feature_rows(
        features.vectors.rows(texts), [score_tokens(tokenise(t), features.lexicon) for t in texts], model.use_lexicon
    )
    return _log(model.probabilities(rows))


def _textblob_row(text: str) -> list[float]:
    whole = TextBlob(text).sentiment
    sentences = [TextBlob(s).sentiment.polarity for s in split_sentences(text)] or [whole.polarity]
    silent = float(whole.polarity == 0 and whole.subjectivity == 0)
    return [whole.polarity, whole.subjectivity, max(sentences), min(sentences), silent]


def _sentences(text: str) -> list[str]:
    return split_sentences(text) or [text]


def _summary(scores: np.ndarray) -> list[float]:
    return [float(scores.mean()), float(scores.min()), float(scores.max())]


def _folds(labels: np.ndarray, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    splits = int(min(FOLDS, np.unique(labels, return_counts=True)[1].min()))
    if splits < 2:
        return [(np.arange(len(labels)), np.arange(len(labels)))]
    return stratified_folds(labels, splits, seed)


def _fit_ngram(matrix: SparseRows, labels: np.ndarray, kernel: np.ndarray) -> tuple[BinaryModel, ...]:
    """One class-balanced model per label against the rest, in sorted label order.

    One binary model per label (fitted in the answers' space on ``kernel``, see ``logistic``) is many times faster
    than one multinomial model over tens of thousands of n-grams, and the combiner recalibrates the scores anyway;
    balanced, because officers care about the rare tone (often "neutral") as much as the rest.
    """
    return tuple(
        binary_from_dual(matrix, fit_kernel_binary(kernel, labels == label, NGRAM_C)) for label in np.unique(labels)
    )


def _kernel_ngram_scores(kernel: np.ndarray, labels: np.ndarray, train: np.ndarray, held: np.ndarray) -> np.ndarray:
    """Held-back rows' probabilities from per-label models fitted on the training rows' part of ``kernel``."""
    inner, across = kernel[np.ix_(train, train)], kernel[np.ix_(held, train)]
    return np.column_stack(
        [
            1.0 / (1.0 + np.exp(-(across @ fit_kernel_binary(inner, labels[train] == label, NGRAM_C))))
            for label in np.unique(labels)
        ]
    )


def _ngram_scores(models: Sequence[BinaryModel], matrix: SparseRows) -> np.ndarray:
    return np.column_stack([model.probability(matrix) for model in models])


def _log(probabilities: np.ndarray) -> np.ndarray:
    return np.log(np.clip(probabilities, _FLOOR, 1.0))
