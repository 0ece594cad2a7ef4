"""Text features for the learned coder: word and character n-grams plus the lexicon's and codebook's own signals.

Officers code a few hundred answers at most, so the learned models start from little data. Feeding them the
lexicon score and the codebook keyword hits lets them begin where the rule-based coding already is and learn the
corrections, instead of relearning sentiment and themes from scratch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from app.analysis.engine.codebook import Codebook, compile_codebook
from app.analysis.engine.lexicon import SentimentLexicon, load_default_lexicon
from app.analysis.engine.sentiment import score_tokens
from app.analysis.engine.text import normalise, tokenise

SIGNAL_WEIGHT = 1.0


@dataclass(frozen=True, eq=False)
class TextFeatures:
    """Fitted vectorisers; ``transform`` gives one sparse row per text."""

    word_vectoriser: TfidfVectorizer
    char_vectoriser: TfidfVectorizer
    codebook: Codebook | None
    lexicon: SentimentLexicon

    def signals(self, texts: Sequence[str]) -> np.ndarray:
        """Dense lexicon and codebook columns: polarity, evidence on each side, and one column per theme."""
        matcher = compile_codebook(self.codebook) if self.codebook else None
        width = 3 + (len(matcher.theme_ids) if matcher else 0)
        rows = np.zeros((len(texts), width))
        for row, text in enumerate(texts):
            tokens = tokenise(text)
            score = score_tokens(tokens, self.lexicon)
            rows[row, :3] = (score.polarity, min(score.positive, 2.0) / 2, min(score.negative, 2.0) / 2)
            if matcher:
                for match in matcher.match_tokens(tokens):
                    rows[row, 3 + matcher.theme_ids.index(match.theme_id)] = 1.0
        return rows * SIGNAL_WEIGHT

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        normalised = [normalise(text) for text in texts]
        return sparse.hstack(
            [
                self.word_vectoriser.transform(normalised),
                self.char_vectoriser.transform(normalised),
                sparse.csr_matrix(self.signals(texts)),
            ],
            format="csr",
        )


def fit_features(
    texts: Sequence[str], codebook: Codebook | None = None, lexicon: SentimentLexicon | None = None
) -> TextFeatures:
    """Fit the vocabularies; ``texts`` may include uncoded answers, which widens the vocabulary at no labelling cost."""
    normalised = [normalise(text) for text in texts]
    min_df = 2 if len(normalised) >= 200 else 1
    word = TfidfVectorizer(
        ngram_range=(1, 2), min_df=min_df, sublinear_tf=True, token_pattern=r"(?u)\b\w[\w']*\b", max_features=60_000
    )
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=min_df, sublinear_tf=True, max_features=120_000
    )
    word.fit(normalised)
    char.fit(normalised)
    return TextFeatures(word, char, codebook, lexicon or load_default_lexicon())
