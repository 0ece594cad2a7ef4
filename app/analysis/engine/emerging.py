"""Candidate new themes: frequent noun phrases and clusters among answers the codebook does not cover.

Clustering runs on a seeded sample (large consultations would otherwise take minutes), then every uncovered answer is
assigned to its nearest cluster so that counts are over all answers. Noun phrases come from TextBlob's pattern
chunker (``textblob.en.parse``), which works without NLTK corpora, and are read from a small sample per cluster.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from app.analysis.engine.codebook import Codebook, compile_codebook
from app.analysis.engine.redaction import redact
from app.analysis.engine.text import normalise, tokenise

MIN_WORDS = 3
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"just", "really", "like", "people", "think", "area", "lot", "thing", "things"}


@dataclass(frozen=True)
class CandidateTheme:
    """A suggested theme: a label to start from, the phrases behind it, and how many uncovered answers it holds."""

    label: str
    key_phrases: tuple[str, ...]
    count: int
    example_indices: tuple[int, ...]
    examples: tuple[str, ...]


def uncovered_indices(texts: Sequence[str], codebook: Codebook) -> list[int]:
    """Answers with no codebook theme and enough words to be about something."""
    matcher = compile_codebook(codebook)
    result = []
    for index, text in enumerate(texts):
        tokens = tokenise(text)
        if sum(token[0].isalnum() for token in tokens) >= MIN_WORDS and not matcher.match_tokens(tokens):
            result.append(index)
    return result


def noun_phrases(text: str) -> list[str]:
    """Multi-word noun phrases from TextBlob's chunker, without determiners and pronouns."""
    from textblob.en import parse

    phrases, current = [], []
    for token in parse(normalise(text), chunks=True, relations=False, lemmata=False).split()[0] if text.strip() else []:
        word, tag, chunk = token[0], token[1], token[2]
        if chunk.endswith("NP") and tag.startswith(("NN", "JJ", "VBG")) and word.isalpha() and word not in _STOP:
            current.append(word)
            continue
        if len(current) >= 2:
            phrases.append(" ".join(current))
        current = []
    if len(current) >= 2:
        phrases.append(" ".join(current))
    return phrases


def find_emerging_themes(
    texts: Sequence[str],
    codebook: Codebook | None = None,
    *,
    candidates: Sequence[int] | None = None,
    max_themes: int = 8,
    min_count: int = 3,
    sample_size: int = 20_000,
    seed: int = 0,
) -> tuple[CandidateTheme, ...]:
    """Cluster the uncovered answers (``candidates`` or those the codebook misses) into candidate themes."""
    if candidates is None:
        candidates = uncovered_indices(texts, codebook) if codebook else list(range(len(texts)))
    if len(candidates) < max(min_count, 2):
        return ()
    vectoriser = TfidfVectorizer(
        stop_words=sorted(_STOP), ngram_range=(1, 2), min_df=2, max_features=20_000, sublinear_tf=True
    )
    positions = _sample(range(len(candidates)), sample_size, seed)
    try:
        vectoriser.fit([normalise(texts[candidates[p]]) for p in positions])
    except ValueError:
        return ()
    matrix = vectoriser.transform([normalise(texts[i]) for i in candidates])
    n_clusters = max(2, min(max_themes * 2, int(math.sqrt(len(candidates) / 2))))
    model = MiniBatchKMeans(n_clusters=n_clusters, random_state=seed, n_init=3, batch_size=2048)
    model.fit(matrix[positions])
    assigned = model.predict(matrix)
    terms = np.array(vectoriser.get_feature_names_out())
    themes = [
        _candidate(texts, [candidates[row] for row in np.flatnonzero(assigned == cluster)], model, cluster, terms, seed)
        for cluster in range(n_clusters)
    ]
    themes = _merge_same_label([theme for theme in themes if theme is not None])
    themes = [theme for theme in themes if theme.count >= min_count]
    return tuple(sorted(themes, key=lambda theme: (-theme.count, theme.label))[:max_themes])


def _merge_same_label(themes: list[CandidateTheme]) -> list[CandidateTheme]:
    """Clusters that end up with the same label are one topic split by wording; officers should see it once."""
    merged: dict[str, CandidateTheme] = {}
    for theme in sorted(themes, key=lambda theme: -theme.count):
        first = merged.get(theme.label)
        if first is None:
            merged[theme.label] = theme
            continue
        merged[theme.label] = CandidateTheme(
            first.label,
            tuple(dict.fromkeys([*first.key_phrases, *theme.key_phrases]))[:6],
            first.count + theme.count,
            first.example_indices,
            first.examples,
        )
    return list(merged.values())


def _sample(indices: Sequence[int], size: int, seed: int) -> list[int]:
    if len(indices) <= size:
        return list(indices)
    return sorted(random.Random(seed).sample(list(indices), size))


def _candidate(
    texts: Sequence[str], members: list[int], model: MiniBatchKMeans, cluster: int, terms: np.ndarray, seed: int
) -> CandidateTheme | None:
    centre = model.cluster_centers_[cluster]
    top_terms = [str(terms[j]) for j in np.argsort(-centre)[:6] if centre[j] > 0]
    if not members or not top_terms:
        return None
    phrase_counts = Counter(p for i in _sample(members, 200, seed) for p in set(noun_phrases(texts[i])))
    phrases = [phrase for phrase, count in phrase_counts.most_common(5) if count >= 2]
    key_phrases = tuple(dict.fromkeys([*phrases, *top_terms]))[:6]
    examples = _typical(texts, members, top_terms)
    return CandidateTheme(
        label=(phrases[0] if phrases else " / ".join(top_terms[:2])).capitalize(),
        key_phrases=key_phrases,
        count=len(members),
        example_indices=tuple(examples),
        examples=tuple(redact(texts[i]) for i in examples),
    )


def _typical(texts: Sequence[str], members: list[int], top_terms: list[str]) -> list[int]:
    """Members that mention most of the cluster's top terms, shortest first among equals."""

    def score(index: int) -> tuple[int, int]:
        text = normalise(texts[index])
        return (-sum(term in text for term in top_terms), len(text))

    chosen: dict[str, int] = {}
    for index in sorted(members[:2000], key=score):
        chosen.setdefault(normalise(texts[index]).strip(), index)
        if len(chosen) == 3:
            break
    return list(chosen.values())
