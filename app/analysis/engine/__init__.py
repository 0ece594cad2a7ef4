"""SaferVoice analysis engine: a pure library (stdlib, numpy, TextBlob, the ONNX sentence encoder) with no Flask or
database. scikit-learn is used only by the training commands that fit the shipped models (requirements-dev); the
running engine, the learned coder included, needs neither it nor SciPy.

The web app and the command line call only the names re-exported here. The re-exports are lazy (PEP 562): a name's
module is imported the first time the name is read, so importing the package, or a light module such as
``redaction`` or ``codebook``, does not load numpy, TextBlob or the encoder (seconds and tens of megabytes that every
web worker would otherwise pay at start, though most requests never analyse text).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.analysis.engine.agreement import AgreementReport, measure_agreement
    from app.analysis.engine.codebook import (
        Codebook,
        CodebookError,
        Theme,
        ThemeMatch,
        compile_codebook,
        load_default_codebook,
        match_themes,
    )
    from app.analysis.engine.emerging import CandidateTheme, find_emerging_themes, noun_phrases, uncovered_indices
    from app.analysis.engine.learned import CodedAnswer, LearnedCoder, Suggestion, train_coder
    from app.analysis.engine.lexicon import SentimentLexicon, build_lexicon, load_default_lexicon
    from app.analysis.engine.metrics import SentimentAgreement, ThemeAgreement, sentiment_agreement, theme_agreement
    from app.analysis.engine.pipeline import AnswerAnalysis, analyse_answer, analyse_answers
    from app.analysis.engine.redaction import redact
    from app.analysis.engine.sentiment import (
        LABELS,
        SentenceSentiment,
        SentimentScore,
        score_sentiment,
        sentence_sentiments,
    )
    from app.analysis.engine.summaries import AnalysedAnswer, Quote, ThemeSummary, select_quotes, summarise_themes

# Each public name -> the engine module that defines it.
_SOURCES: dict[str, str] = {
    "AgreementReport": "agreement",
    "measure_agreement": "agreement",
    "Codebook": "codebook",
    "CodebookError": "codebook",
    "Theme": "codebook",
    "ThemeMatch": "codebook",
    "compile_codebook": "codebook",
    "load_default_codebook": "codebook",
    "match_themes": "codebook",
    "CandidateTheme": "emerging",
    "find_emerging_themes": "emerging",
    "noun_phrases": "emerging",
    "uncovered_indices": "emerging",
    "CodedAnswer": "learned",
    "LearnedCoder": "learned",
    "Suggestion": "learned",
    "train_coder": "learned",
    "SentimentLexicon": "lexicon",
    "build_lexicon": "lexicon",
    "load_default_lexicon": "lexicon",
    "SentimentAgreement": "metrics",
    "ThemeAgreement": "metrics",
    "sentiment_agreement": "metrics",
    "theme_agreement": "metrics",
    "AnswerAnalysis": "pipeline",
    "analyse_answer": "pipeline",
    "analyse_answers": "pipeline",
    "redact": "redaction",
    "LABELS": "sentiment",
    "SentenceSentiment": "sentiment",
    "SentimentScore": "sentiment",
    "score_sentiment": "sentiment",
    "sentence_sentiments": "sentiment",
    "AnalysedAnswer": "summaries",
    "Quote": "summaries",
    "ThemeSummary": "summaries",
    "select_quotes": "summaries",
    "summarise_themes": "summaries",
}

__all__ = [
    "LABELS",
    "AgreementReport",
    "AnalysedAnswer",
    "AnswerAnalysis",
    "CandidateTheme",
    "CodedAnswer",
    "Codebook",
    "CodebookError",
    "LearnedCoder",
    "Quote",
    "SentenceSentiment",
    "SentimentAgreement",
    "SentimentLexicon",
    "SentimentScore",
    "Suggestion",
    "Theme",
    "ThemeAgreement",
    "ThemeMatch",
    "ThemeSummary",
    "analyse_answer",
    "analyse_answers",
    "build_lexicon",
    "compile_codebook",
    "find_emerging_themes",
    "load_default_codebook",
    "load_default_lexicon",
    "match_themes",
    "measure_agreement",
    "noun_phrases",
    "redact",
    "score_sentiment",
    "select_quotes",
    "sentence_sentiments",
    "sentiment_agreement",
    "summarise_themes",
    "theme_agreement",
    "train_coder",
    "uncovered_indices",
]


def __getattr__(name: str) -> Any:
    module = _SOURCES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
