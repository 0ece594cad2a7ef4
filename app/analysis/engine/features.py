"""Text features for the learned coder: word and character n-grams plus, for sentiment, the lexicon's own view.

Officers code a few hundred answers at most, so the learned sentiment model starts from little data. Feeding it the
lexicon's scores lets it begin where the rule-based coding already is and learn the corrections, instead of
relearning tone from scratch. Codebook keywords reach the theme decisions through each theme's source instead (see
``TextFeatures.transform``).

Beyond the lexicon score it gets two more dense blocks. A linear model over n-grams cannot see that an answer is
*mixed* (praise for the crew, anger at the wait), which is exactly what "neutral" often means, so the lexicon's
per-sentence view is given explicitly: the weaker of the two sides, whether sentences disagree, the most positive and
most negative sentence.
And a latent semantic space (truncated SVD of the word TF-IDF, fitted on coded and uncoded answers alike) lets words
that officers never coded borrow the tone of words they did.

Both the theme and sentiment models also see each answer's sentence embedding (see ``embeddings``), which carries
meaning that no n-gram shares. Measured with ``python -m app.analysis evaluate`` on NHS feedback with 1,000 coded
answers, it raised themes samples-F1 from 0.70-0.71 to 0.72-0.74 over five seeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.analysis.engine.codebook import Codebook
from app.analysis.engine.embeddings import SentenceVectors, fit_vectors
from app.analysis.engine.lexicon import SentimentLexicon, load_default_lexicon
from app.analysis.engine.sentiment import NEGATIVE, POSITIVE, SentimentScore, score_tokens
from app.analysis.engine.sparse_rows import SparseRows, hstack, unit_rows
from app.analysis.engine.text import normalise, split_sentences, tokenise
from app.analysis.engine.tfidf import CHAR_WB, TfidfVectoriser, TruncatedSvd, fit_tfidf, fit_truncated_svd

LATENT_DIMENSIONS = 150
MIN_LATENT_TEXTS = 50


@dataclass(frozen=True, eq=False)
class TextFeatures:
    """Fitted vectorisers; ``transform`` gives one sparse row per text."""

    word_vectoriser: TfidfVectoriser
    char_vectoriser: TfidfVectoriser
    codebook: Codebook | None
    lexicon: SentimentLexicon
    latent: TruncatedSvd | None = None
    vectors: SentenceVectors | None = None

    def tone_signals(self, texts: Sequence[str]) -> np.ndarray:
        """Dense per-answer tone columns from the lexicon, including how mixed the answer is across sentences."""
        return np.array([_tone_row(text, self.lexicon) for text in texts], dtype=float).reshape(len(texts), -1)

    def ngrams(self, texts: Sequence[str]) -> SparseRows:
        """Word and character n-grams, the word block first."""
        normalised = [normalise(text) for text in texts]
        return hstack([self.word_vectoriser.transform(normalised), self.char_vectoriser.transform(normalised)])

    def transform(self, texts: Sequence[str]) -> SparseRows:
        """Features for the theme models: n-grams and, when fitted with them, sentence embeddings.

        Codebook keywords reach the theme decisions through each theme's source (learned, keywords or union), so
        they are not repeated here; measured on NHS feedback, adding the signal columns made themes slightly worse.
        """
        ngrams = self.ngrams(texts)
        if self.vectors is None:
            return ngrams
        return hstack([ngrams, self.vectors.rows(texts)])

    def sentiment_transform(
        self, texts: Sequence[str], themed: SparseRows | None = None, tone: np.ndarray | None = None
    ) -> SparseRows:
        """Features for the sentiment model: the theme features, tone columns and (with enough answers) the latent
        space.

        ``themed`` (``transform`` of the same texts) and ``tone`` (``tone_signals``) are reused when the caller
        already has them, so a recompute does not work them out twice."""
        themed = self.transform(texts) if themed is None else themed
        tone = self.tone_signals(texts) if tone is None else tone
        blocks: list[SparseRows | np.ndarray] = [themed, tone]
        if self.latent is not None:
            word = themed.leading_columns(len(self.word_vectoriser.vocabulary_))
            blocks.append(unit_rows(self.latent.transform(word)))
        return hstack(blocks)


def _tone_row(text: str, lexicon: SentimentLexicon) -> list[float]:
    tokens = tokenise(text)
    whole = score_tokens(tokens, lexicon)
    sentences: list[SentimentScore] = [score_tokens(tokenise(s), lexicon) for s in split_sentences(text)] or [whole]
    positive, negative = min(whole.positive, 2.0) / 2, min(whole.negative, 2.0) / 2
    positive_sentences = sum(s.label == POSITIVE for s in sentences)
    negative_sentences = sum(s.label == NEGATIVE for s in sentences)
    return [
        whole.polarity,
        positive,
        negative,
        min(positive, negative),
        float(positive > 0 and negative > 0),
        float(min(positive_sentences, negative_sentences) > 0),
        float(np.log1p(len(tokens)) / 5),
        float(any(token in lexicon.contrast for token in tokens)),
        float(whole.positive + whole.negative == 0),
        max(s.polarity for s in sentences),
        min(s.polarity for s in sentences),
        sentences[-1].polarity,
    ]


def fit_features(
    texts: Sequence[str],
    codebook: Codebook | None = None,
    lexicon: SentimentLexicon | None = None,
    *,
    seed: int = 0,
    embeddings: bool = True,
) -> TextFeatures:
    """Fit the vocabularies; ``texts`` may include uncoded answers, which widens the vocabulary at no labelling cost.

    With ``embeddings`` the texts are also encoded once here, so transforming them later costs no encoding."""
    normalised = [normalise(text) for text in texts]
    min_df = 2 if len(normalised) >= 200 else 1
    word = fit_tfidf(
        normalised, ngram_range=(1, 2), min_df=min_df, token_pattern=r"(?u)\b\w[\w']*\b", max_features=60_000
    )
    char = fit_tfidf(normalised, analyzer=CHAR_WB, ngram_range=(2, 5), min_df=min_df, max_features=120_000)
    word_matrix = word.transform(normalised)
    return TextFeatures(
        word,
        char,
        codebook,
        lexicon or load_default_lexicon(),
        _fit_latent(word_matrix, seed),
        fit_vectors(texts) if embeddings else None,
    )


def _fit_latent(word_matrix: SparseRows, seed: int) -> TruncatedSvd | None:
    """A deterministic LSA space over all known answers; None when there are too few answers for one to mean much."""
    dimensions = min(LATENT_DIMENSIONS, word_matrix.shape[0] - 1, word_matrix.shape[1] - 1)
    if word_matrix.shape[0] < MIN_LATENT_TEXTS or dimensions < 2:
        return None
    return fit_truncated_svd(word_matrix, dimensions, seed)
