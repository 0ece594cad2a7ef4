"""Themes from meaning: an answer gets a theme when its sentence embedding is close to the theme's description or
one of its examples, even when it shares no phrase with the codebook.

Phrases are precise but brittle: "the lamps on our road have been out since winter" names no codebook phrase for
lighting if residents happen to say "lamps" and the codebook says "street light*". The sentence encoder
(``encoder``, MiniLM) places such answers near the theme's own examples. Phrase matches are kept as they are (an
officer can see and edit them); meaning adds themes on top:

- an answer no phrase matched gets its closest themes when they score at least ``alone`` (so "nothing to add"
  stays unthemed), and
- an answer phrases did match also gets a theme whose score is at least ``extra`` (higher: phrases usually found
  the point already, and a second theme from meaning is more often wrong than right),

and in both cases only themes within ``margin`` of the answer's best score, at most ``max_themes`` of them. The
values were chosen by cross-validation on the team's community-safety training file
(``python -m app.analysis tune-theme-meaning``), never on a measuring file.

A theme's score is the cosine of the answer with its nearest example (or its description); the nearest example is
kept as the trigger the officer sees, so a theme found by meaning is as explainable as one found by a phrase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.analysis.engine.codebook import Codebook, ThemeMatch
from app.analysis.engine.encoder import DIMENSIONS, encode

TRIGGER_PREFIX = "close in meaning to: "
"""Triggers starting with this name the example an answer was close to, rather than words found in the answer."""


@dataclass(frozen=True)
class MeaningRule:
    """When meaning adds a theme (see the module docstring)."""

    alone: float
    extra: float
    margin: float
    max_themes: int = 2


DEFAULT_RULE = MeaningRule(alone=0.475, extra=0.60, margin=0.02, max_themes=2)


@dataclass(frozen=True, eq=False)
class ThemeMeaning:
    """The embedded descriptions and examples of a codebook's active themes."""

    theme_ids: tuple[str, ...]
    texts: tuple[str, ...]
    owners: np.ndarray
    vectors: np.ndarray

    def scores(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per answer row and theme: the best cosine, and the index (into ``texts``) of the text that gave it."""
        n_rows, n_themes = vectors.shape[0], len(self.theme_ids)
        best = np.full((n_rows, n_themes), -1.0, dtype=np.float32)
        nearest = np.zeros((n_rows, n_themes), dtype=np.int64)
        if not len(self.texts) or not n_rows:
            return best, nearest
        similarity = vectors @ self.vectors.T
        for column in range(n_themes):
            rows = np.flatnonzero(self.owners == column)
            if rows.size:
                local = similarity[:, rows]
                position = local.argmax(axis=1)
                best[:, column] = local[np.arange(n_rows), position]
                nearest[:, column] = rows[position]
        return best, nearest

    def chosen(self, scores: np.ndarray, phrase_found: np.ndarray, rule: MeaningRule) -> np.ndarray:
        """Boolean (answers x themes): the themes meaning adds, by ``rule``; ``phrase_found`` marks phrase matches."""
        if not scores.size:
            return np.zeros(scores.shape, dtype=bool)
        has_phrase = phrase_found.any(axis=1, keepdims=True)
        floor = np.where(has_phrase, rule.extra, rule.alone)
        top = scores.max(axis=1, keepdims=True)
        keep = (scores >= floor) & (scores >= top - rule.margin)
        order = np.argsort(-scores, axis=1, kind="stable")
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(scores.shape[1])[None, :].repeat(scores.shape[0], axis=0), axis=1)
        return keep & (ranks < rule.max_themes) & ~phrase_found

    def match(
        self, vector: np.ndarray, phrases: Sequence[ThemeMatch], rule: MeaningRule = DEFAULT_RULE
    ) -> tuple[ThemeMatch, ...]:
        """``phrases`` plus the themes meaning adds, in codebook order, each new one triggered by its nearest text."""
        column = {theme_id: index for index, theme_id in enumerate(self.theme_ids)}
        found = np.zeros((1, len(self.theme_ids)), dtype=bool)
        for match in phrases:
            if match.theme_id in column:
                found[0, column[match.theme_id]] = True
        scores, nearest = self.scores(vector.reshape(1, -1))
        added = self.chosen(scores, found, rule)[0]
        result = {match.theme_id: match for match in phrases}
        for index in np.flatnonzero(added):
            text = self.texts[int(nearest[0, index])]
            result[self.theme_ids[index]] = ThemeMatch(self.theme_ids[index], (f"{TRIGGER_PREFIX}{text}",))
        order = {theme_id: index for index, theme_id in enumerate(self.theme_ids)}
        return tuple(sorted(result.values(), key=lambda match: order.get(match.theme_id, len(order))))


def theme_texts(codebook: Codebook) -> list[tuple[int, str]]:
    """(theme index, text) for each active theme's description and examples."""
    rows = []
    for index, theme in enumerate(codebook.active_themes):
        for text in (theme.description, *theme.examples):
            if text.strip():
                rows.append((index, text.strip()))
    return rows


def has_meaning(codebook: Codebook) -> bool:
    return any(theme.examples for theme in codebook.active_themes)


@lru_cache(maxsize=4096)
def _vector(text: str) -> np.ndarray:
    """Per text, so an edited codebook re-encodes only the examples that changed."""
    return encode([text])[0]


@lru_cache(maxsize=16)
def theme_meaning(codebook: Codebook) -> ThemeMeaning:
    """Cached per codebook value, like the phrase matcher."""
    rows = theme_texts(codebook)
    vectors = np.vstack([_vector(text) for _, text in rows]) if rows else np.zeros((0, DIMENSIONS), np.float32)
    return ThemeMeaning(
        theme_ids=tuple(theme.id for theme in codebook.active_themes),
        texts=tuple(text for _, text in rows),
        owners=np.array([index for index, _ in rows], dtype=np.int64),
        vectors=vectors,
    )
