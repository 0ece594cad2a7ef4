"""The per-answer pipeline run when an answer is saved: sentiment, codebook themes and redaction.

A codebook whose themes have examples also finds themes by meaning (``theme_meaning``): the answer is encoded once,
and the encoder and numpy are imported only then, so the web app starts without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.analysis.engine.codebook import Codebook, ThemeMatch, compile_codebook
from app.analysis.engine.lexicon import SentimentLexicon
from app.analysis.engine.redaction import redact
from app.analysis.engine.sentiment import score_tokens
from app.analysis.engine.text import tokenise


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
    tokens = tokenise(text)
    score = score_tokens(tokens, lexicon)
    themes = _themes(text, tokens, codebook)
    return AnswerAnalysis(score.label, score.polarity, score.confidence, themes, redact(text))


def _themes(text: str, tokens: list[str], codebook: Codebook) -> tuple[ThemeMatch, ...]:
    phrases = compile_codebook(codebook).match_tokens(tokens)
    if not text.strip() or not any(theme.examples for theme in codebook.active_themes):
        return phrases
    from app.analysis.engine.encoder import encode
    from app.analysis.engine.theme_meaning import theme_meaning

    return theme_meaning(codebook).match(encode([text])[0], phrases)


def analyse_answers(
    texts: Iterable[str], codebook: Codebook, lexicon: SentimentLexicon | None = None
) -> list[AnswerAnalysis]:
    """Batch form for recomputing a consultation after a codebook change."""
    return [analyse_answer(text, codebook, lexicon) for text in texts]
