"""SaferVoice analysis engine: a pure library (stdlib, TextBlob data, scikit-learn) with no Flask or database.

The web app and the command line call only the names re-exported here.
"""

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
