"""A coder learned from officers' coding that suggests themes and sentiment for the answers they have not coded.

Keywords beat trained models on rare themes, and trained models beat keywords on common ones, so for each theme the
coder picks, by internal cross-validation on the officers' own coding, whichever of "learned", "keywords" or their
union agrees with officers best, and tunes the learned models' decision rule the same way: most coding schemes give
nearly every answer a theme, so an answer gets its best-scoring theme (when that scores at all) plus any close
runners-up, with "close" chosen on the officers' own coding. Theme ids outside the codebook (an NHS framework, say)
simply have no keyword option.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.analysis.engine.codebook import Codebook, compile_codebook
from app.analysis.engine.features import TextFeatures, fit_features
from app.analysis.engine.lexicon import SentimentLexicon
from app.analysis.engine.sentiment_model import SentimentModel, train_sentiment_model
from app.analysis.engine.sparse_rows import SparseRows
from app.analysis.engine.themes_model import (
    LEARNED,
    UNION,
    DecisionRule,
    ThemeRule,
    add_relative,
    choose_rules,
    keyword_matrix,
    predict_matrix,
)

MIN_SENTIMENT_EXAMPLES = 10


@dataclass(frozen=True)
class CodedAnswer:
    """An answer an officer has coded; ``sentiment`` is None when only themes were coded."""

    text: str
    theme_ids: tuple[str, ...] = ()
    sentiment: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """The coder's suggestion for one answer, for the officer to accept or change."""

    theme_ids: tuple[str, ...]
    sentiment: str | None
    sentiment_confidence: float | None


@dataclass(frozen=True, eq=False)
class LearnedCoder:
    features: TextFeatures
    theme_rules: tuple[ThemeRule, ...]
    relative: DecisionRule | None
    sentiment_model: SentimentModel | None
    n_train: int

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(rule.theme_id for rule in self.theme_rules)

    def suggest(self, texts: Sequence[str], *, unlearned_keywords: bool = False) -> list[Suggestion]:
        """Suggested themes and sentiment per text.

        The coder knows only the themes officers have used. With ``unlearned_keywords`` the codebook's other themes
        are still found by their phrases, as before any coding, so a theme added after officers began coding is not
        lost; leave it off when the codebook does not describe the officers' scheme (an evaluation on NHS feedback,
        say)."""
        if not texts:
            return []
        themed = self.features.transform(texts)
        margins = self._margins(themed)
        themes = self._themes(texts, margins)
        if unlearned_keywords:
            themes = self._with_unlearned_keywords(texts, themes)
        sentiments: list[tuple[str | None, float | None]] = [(None, None)] * len(texts)
        if self.sentiment_model is not None:
            modelled = [rule.model is not None for rule in self.theme_rules]
            scores = margins[:, modelled] + np.array([r.threshold for r in self.theme_rules if r.model is not None])
            probabilities = self.sentiment_model.predict_proba(self.features, texts, scores, themed)
            classes = self.sentiment_model.classes
            sentiments = [(str(classes[row.argmax()]), round(float(row.max()), 3)) for row in probabilities]
        return [Suggestion(ids, label, conf) for ids, (label, conf) in zip(themes, sentiments, strict=True)]

    def _with_unlearned_keywords(self, texts: Sequence[str], themes: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
        codebook = self.features.codebook
        unlearned = [t for t in compile_codebook(codebook).theme_ids if t not in self.theme_ids] if codebook else []
        if not unlearned:
            return themes
        keywords = keyword_matrix(texts, codebook, unlearned)
        return [
            ids + tuple(unlearned[j] for j in np.flatnonzero(row)) for ids, row in zip(themes, keywords, strict=True)
        ]

    def _margins(self, matrix: SparseRows) -> np.ndarray:
        if not self.theme_rules:
            return np.zeros((matrix.shape[0], 0))
        return np.column_stack([rule.margins(matrix) for rule in self.theme_rules])

    def _themes(self, texts: Sequence[str], margins: np.ndarray) -> list[tuple[str, ...]]:
        if not self.theme_rules:
            return [()] * len(texts)
        keywords = keyword_matrix(texts, self.features.codebook, self.theme_ids)
        predicted = predict_matrix(self.theme_rules, margins, keywords)
        threshold = next((rule.threshold for rule in self.theme_rules if rule.model is not None), 0.0)
        learned_columns = np.array([rule.source in (LEARNED, UNION) for rule in self.theme_rules])
        predicted = add_relative(predicted, margins, threshold, self.relative, learned_columns)
        return [tuple(self.theme_ids[j] for j in np.flatnonzero(row)) for row in predicted]


def train_coder(
    coded: Sequence[CodedAnswer],
    codebook: Codebook | None = None,
    *,
    uncoded_texts: Sequence[str] = (),
    lexicon: SentimentLexicon | None = None,
    seed: int = 0,
) -> LearnedCoder:
    """Train on officers' coding; ``uncoded_texts`` only widen the vocabulary (their labels are never needed)."""
    texts = [answer.text for answer in coded]
    features = fit_features([*texts, *uncoded_texts], codebook, lexicon, seed=seed)
    rules, relative, theme_scores = _train_themes(coded, features.transform(texts), features, seed)
    sentiment = _train_sentiment(coded, features, theme_scores, seed)
    return LearnedCoder(features, rules, relative, sentiment, len(coded))


def _train_themes(
    coded: Sequence[CodedAnswer], matrix: SparseRows, features: TextFeatures, seed: int
) -> tuple[tuple[ThemeRule, ...], DecisionRule | None, np.ndarray]:
    theme_ids = tuple(sorted({theme_id for answer in coded for theme_id in answer.theme_ids}))
    if not theme_ids:
        return (), None, np.zeros((len(coded), 0))
    gold = np.array([[theme_id in answer.theme_ids for theme_id in theme_ids] for answer in coded], dtype=bool)
    keywords = keyword_matrix([answer.text for answer in coded], features.codebook, theme_ids)
    codebook_ids = set(compile_codebook(features.codebook).theme_ids) if features.codebook else set()
    return choose_rules(theme_ids, matrix, gold, keywords, codebook_ids, seed)


def _train_sentiment(
    coded: Sequence[CodedAnswer], features: TextFeatures, theme_scores: np.ndarray, seed: int
) -> SentimentModel | None:
    """``theme_scores`` are out-of-fold theme probabilities for every coded answer, rated or not."""
    rows = [index for index, answer in enumerate(coded) if answer.sentiment]
    labels = np.array([coded[index].sentiment for index in rows])
    if len(rows) < MIN_SENTIMENT_EXAMPLES or len(set(labels)) < 2:
        return None
    texts = [coded[index].text for index in rows]
    return train_sentiment_model(features, texts, labels, theme_scores[rows], seed)
