"""The per-answer pipeline run when an answer is saved: sentiment, codebook themes and redaction.

The answer is encoded once and its vector serves both the shipped sentiment model (``sentiment_meaning``) and, for
a codebook whose themes have examples, themes by meaning (``theme_meaning``); the encoder and numpy are imported only
then, so the web app starts without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.analysis.engine.codebook import Codebook, ThemeMatch, compile_codebook
from app.analysis.engine.lexicon import SentimentLexicon
from app.analysis.engine.redaction import redact
from app.analysis.engine.sentiment import NEUTRAL, SentimentScore, score_tokens
from app.analysis.engine.text import tokenise

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class AnswerAnalysis:
    """What the app stores for one answer; ``themes`` keep their triggering words for the officer's review."""

    sentiment: str
    polarity: float
    confidence: float
    themes: tuple[ThemeMatch, ...]
    redacted_text: str

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(match.theme_id for match in self.themes)


def analyse_answer(text: str, codebook: Codebook, lexicon: SentimentLexicon | None = None) -> AnswerAnalysis:
    """Analyse one answer; tokenises once and reuses the cached codebook matcher, so it is cheap enough per save."""
    return _analyse(text, _vector(text), codebook, lexicon)


def _analyse(
    text: str, vector: np.ndarray | None, codebook: Codebook, lexicon: SentimentLexicon | None
) -> AnswerAnalysis:
    tokens = tokenise(text)
    score = _sentiment(text, tokens, vector, lexicon)
    themes = _themes(tokens, vector, codebook)
    return AnswerAnalysis(score.label, score.polarity, score.confidence, themes, redact(text))


def _vector(text: str) -> np.ndarray | None:
    if not text.strip():
        return None
    from app.analysis.engine.encoder import shared_encoder

    return shared_encoder().encode_one(text)


def _sentiment(
    text: str, tokens: list[str], vector: np.ndarray | None, lexicon: SentimentLexicon | None
) -> SentimentScore:
    """The shipped model reads the vector and the word list's signals; an empty answer or a non-answer ("n/a",
    "nothing to add") is neutral."""
    words = score_tokens(tokens, lexicon)
    if vector is None:
        return words
    from app.analysis.engine.sentiment_meaning import is_non_answer, shipped_model

    if is_non_answer(text):
        return SentimentScore(NEUTRAL, 0.0, 0.9)
    return shipped_model().score(vector, words)


def _themes(tokens: list[str], vector: np.ndarray | None, codebook: Codebook) -> tuple[ThemeMatch, ...]:
    phrases = compile_codebook(codebook).match_tokens(tokens)
    if vector is None or not any(theme.examples for theme in codebook.active_themes):
        return phrases
    from app.analysis.engine.theme_meaning import theme_meaning

    return theme_meaning(codebook).match(vector, phrases)


def analyse_answers(
    texts: Iterable[str],
    codebook: Codebook,
    lexicon: SentimentLexicon | None = None,
    vectors: np.ndarray | None = None,
) -> list[AnswerAnalysis]:
    """Batch form for recomputing a consultation after a codebook change: the same analyses as ``analyse_answer``,
    with the answers encoded together (``SentenceEncoder.encode``), or ``vectors`` (one row per text) if the
    caller has them."""
    texts = list(texts)
    if vectors is None:
        vectors = encode_texts(texts)
    return [
        _analyse(text, vector if text.strip() else None, codebook, lexicon)
        for text, vector in zip(texts, vectors, strict=True)
    ]


def encode_texts(texts: list[str]) -> np.ndarray:
    """The encoder's rows for ``texts`` in batches (an empty text gets a zero row, which the pipeline ignores)."""
    from app.analysis.engine.encoder import encode

    return encode(texts)
