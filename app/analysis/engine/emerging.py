"""Candidate new themes: groups of answers the codebook does not cover that share one topic, each labelled from the
words most typical of it.

Clustering words (TF-IDF and k-means, as before) put answers together because they shared a frequent word, and
k-means must place every answer somewhere, so a candidate could mix dogs, stations and buses under a label taken
from two of them. Here answers are grouped by meaning instead (MiniLM sentence embeddings, ``encoder``), by
average-linkage clustering that only joins groups whose answers are, on average, at least ``JOIN_SIMILARITY`` alike;
an answer like no other stays on its own and is not offered. Each group's cohesion (the mean cosine of its answers
to their centre) is measured and a group below ``MIN_COHESION`` is dropped, so a candidate is never a mix.

The label is the word (or two-word phrase) most of the group's answers use, at least ``LABEL_SHARE`` of them; among
words every answer uses, the one most used in uncovered answers overall (the topic, "dogs", rather than a detail,
"owners"). The key phrases, offered as the new theme's codebook phrases, are the words most typical of the group:
frequent in it and rare among the other uncovered answers. The examples shown are the answers nearest the centre.

On the team's training file (single-theme training rows, grouped blind), 92% of the answers in the groups share the
group's majority codebook theme at ``JOIN_SIMILARITY`` 0.45 (85% at 0.40, 74% at 0.30), with 61% of answers grouped.

Encoding costs about 10 ms an answer, so a large consultation is read from a seeded sample of ``sample_size``
uncovered answers and the counts are scaled up (``CandidateTheme.estimated``).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.analysis.engine.codebook import Codebook, compile_codebook
from app.analysis.engine.redaction import redact
from app.analysis.engine.text import normalise, tokenise, words

MIN_WORDS = 3
JOIN_SIMILARITY = 0.45
MIN_COHESION = 0.60
LABEL_SHARE = 0.4
PHRASE_SHARE = 0.25
SAMPLE_SIZE = 1000
_STOP = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each few for from further get gets getting got had hadn't has hasn't have haven't having he her here hers herself him
himself his how i i'm if in into is isn't it it's its itself just let's like lot lots me more most much must my myself
need needs no nor not now of off on once only or other ought our ours ourselves out over own people please really
same she should shouldn't so some such than that that's the their theirs them themselves then there there's these
they they're this those through thing things think to too under until up us very was wasn't we we're were weren't
what what's when where which while who whom why will with won't would wouldn't you your yours yourself area areas
also even still always never every ever one two get go going make made want well back see""".split()
)


@dataclass(frozen=True)
class CandidateTheme:
    """A suggested theme: a label to start from, the phrases behind it, how many uncovered answers it holds (scaled
    from the sample when ``estimated``) and how alike they are (``cohesion``, mean cosine to the group's centre)."""

    label: str
    key_phrases: tuple[str, ...]
    count: int
    example_indices: tuple[int, ...]
    examples: tuple[str, ...]
    cohesion: float = 0.0
    estimated: bool = False


def uncovered_indices(texts: Sequence[str], codebook: Codebook) -> list[int]:
    """Answers with no codebook phrase and enough words to be about something."""
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
    sample_size: int = SAMPLE_SIZE,
    seed: int = 0,
) -> tuple[CandidateTheme, ...]:
    """Group the uncovered answers (``candidates``, or those no codebook phrase matches) into coherent candidates."""
    if candidates is None:
        candidates = uncovered_indices(texts, codebook) if codebook else list(range(len(texts)))
    candidates = [index for index in candidates if sum(word.isalnum() for word in words(texts[index])) >= MIN_WORDS]
    sample = _sample(candidates, sample_size, seed)
    if len(sample) < max(min_count, 2):
        return ()
    from app.analysis.engine.encoder import encode

    vectors = encode([texts[index] for index in sample])
    scale = len(candidates) / len(sample)
    documents = [_terms(texts[index]) for index in sample]
    themes = []
    for members in _groups(vectors, min_count):
        centre = vectors[members].mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        closeness = vectors[members] @ centre
        cohesion = float(closeness.mean())
        if cohesion < MIN_COHESION:
            continue
        typical = [sample[members[i]] for i in np.argsort(-closeness)]
        theme = _candidate(texts, typical, [documents[i] for i in members], documents, cohesion, scale)
        if theme is not None:
            themes.append(theme)
    return tuple(sorted(themes, key=lambda theme: (-theme.count, -theme.cohesion, theme.label))[:max_themes])


def _groups(vectors: np.ndarray, min_count: int) -> list[np.ndarray]:
    labels = average_linkage(vectors, 1 - JOIN_SIMILARITY)
    groups = [np.flatnonzero(labels == label) for label in np.unique(labels)]
    return [group for group in groups if len(group) >= min_count]


def average_linkage(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Average-linkage clustering on cosine distance, joining groups while their mean distance is below
    ``threshold``; returns a group number per row.

    The same grouping as scikit-learn's ``AgglomerativeClustering(linkage="average", metric="cosine",
    distance_threshold=...)``, kept in numpy so the runtime install needs neither scikit-learn nor scipy. A sample
    is at most ``SAMPLE_SIZE`` answers, so the full distance matrix is small.
    """
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    n = len(unit)
    distance = 1.0 - unit @ unit.T
    np.fill_diagonal(distance, np.inf)
    sizes = np.ones(n)
    labels = np.arange(n)
    while n > 1:
        i, j = divmod(int(np.argmin(distance)), n)
        if not distance[i, j] < threshold:
            break
        joined = (sizes[i] * distance[i] + sizes[j] * distance[j]) / (sizes[i] + sizes[j])
        distance[i, :], distance[:, i] = joined, joined
        distance[i, i] = np.inf
        distance[j, :], distance[:, j] = np.inf, np.inf
        sizes[i] += sizes[j]
        labels[labels == j] = i
    return labels


def _sample(indices: Sequence[int], size: int, seed: int) -> list[int]:
    if len(indices) <= size:
        return list(indices)
    return sorted(random.Random(seed).sample(list(indices), size))


def _stem(word: str) -> str:
    """Plurals count with their singular ("dogs" with "dog"), which is all the folding a label needs."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _terms(text: str) -> dict[str, str]:
    """The answer's words and two-word phrases (stemmed key -> the form it used), stop words left out."""
    tokens = [word for word in words(normalise(text)) if word.isalpha()]
    kept = [word for word in tokens if word not in _STOP and len(word) > 2]
    terms = {_stem(word): word for word in kept}
    for first, second in zip(tokens, tokens[1:], strict=False):
        if first in kept and second in kept:
            terms[f"{_stem(first)} {_stem(second)}"] = f"{first} {second}"
    return terms


def _candidate(
    texts: Sequence[str],
    typical: list[int],
    members: list[dict[str, str]],
    everyone: list[dict[str, str]],
    cohesion: float,
    scale: float,
) -> CandidateTheme | None:
    share = Counter(term for document in members for term in document)
    overall = Counter(term for document in everyone for term in document)
    surface = Counter((term, form) for document in members for term, form in document.items())

    def weight(term: str) -> float:
        return share[term] / len(members) * math.log(1 + len(everyone) / overall[term])

    ranked = sorted(share, key=lambda term: (-weight(term), term))
    phrases = [term for term in ranked if share[term] / len(members) >= PHRASE_SHARE][:6]
    label_terms = sorted(
        (term for term in share if share[term] / len(members) >= LABEL_SHARE),
        key=lambda term: (-share[term], -overall[term], term),
    )
    if not label_terms:
        return None
    shown_terms = list(dict.fromkeys([label_terms[0], *phrases]))
    shown = {
        term: max((count, form) for (key, form), count in surface.items() if key == term)[1] for term in shown_terms
    }
    examples = list(dict.fromkeys(normalise(texts[index]).strip() for index in typical))[:3]
    chosen = [next(index for index in typical if normalise(texts[index]).strip() == text) for text in examples]
    return CandidateTheme(
        label=shown[label_terms[0]].capitalize(),
        key_phrases=tuple(shown[term] for term in shown_terms)[:6],
        count=round(len(members) * scale),
        example_indices=tuple(chosen),
        examples=tuple(redact(texts[index]) for index in chosen),
        cohesion=round(cohesion, 3),
        estimated=scale > 1,
    )
