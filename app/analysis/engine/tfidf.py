"""TF-IDF n-gram vectorisers and a randomised truncated SVD in numpy, for the learned coder.

They follow scikit-learn's ``TfidfVectorizer`` (lower-cased; word n-grams from a token pattern or ``char_wb``
n-grams padded at word edges; ``min_df``; the ``max_features`` most frequent terms; smooth idf; sublinear tf; unit
rows) and ``TruncatedSVD`` (randomised range finder, five power iterations), so the runtime needs neither
scikit-learn nor scipy. Columns are in sorted term order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.analysis.engine.sparse_rows import SparseRows

_SPACES = re.compile(r"\s\s+")
WORD, CHAR_WB = "word", "char_wb"


@dataclass(frozen=True, eq=False)
class TfidfVectoriser:
    """A fitted vocabulary (term -> column) and each column's idf."""

    analyzer: str
    ngram_range: tuple[int, int]
    token_pattern: str
    vocabulary_: dict[str, int]
    idf: np.ndarray

    def transform(self, texts: Sequence[str]) -> SparseRows:
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for row, text in enumerate(texts):
            counts = Counter(
                term
                for term in _terms(text, self.analyzer, self.ngram_range, self.token_pattern)
                if term in self.vocabulary_
            )
            found = sorted((self.vocabulary_[term], count) for term, count in counts.items())
            tf = np.array([1.0 + math.log(count) for _, count in found]) * self.idf[[c for c, _ in found]]
            norm = float(np.linalg.norm(tf)) or 1.0
            rows.extend([row] * len(found))
            columns.extend(c for c, _ in found)
            values.extend((tf / norm).tolist())
        return SparseRows.from_triplets(
            np.array(rows, dtype=np.int64),
            np.array(columns, dtype=np.int64),
            np.array(values, dtype=float),
            (len(texts), len(self.vocabulary_)),
        )


def fit_tfidf(
    texts: Sequence[str],
    *,
    analyzer: str = WORD,
    ngram_range: tuple[int, int] = (1, 1),
    min_df: int = 1,
    max_features: int | None = None,
    token_pattern: str = r"(?u)\b\w\w+\b",
) -> TfidfVectoriser:
    frequency: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for text in texts:
        counts = Counter(_terms(text, analyzer, ngram_range, token_pattern))
        frequency.update(counts)
        documents.update(counts.keys())
    kept = sorted(term for term, count in documents.items() if count >= min_df)
    if max_features is not None and len(kept) > max_features:
        kept = sorted(sorted(kept, key=lambda term: -frequency[term])[:max_features])
    idf = np.array([math.log((1 + len(texts)) / (1 + documents[term])) + 1.0 for term in kept])
    return TfidfVectoriser(analyzer, ngram_range, token_pattern, {term: i for i, term in enumerate(kept)}, idf)


def _terms(text: str, analyzer: str, ngram_range: tuple[int, int], token_pattern: str) -> list[str]:
    low, high = ngram_range
    text = text.lower()
    if analyzer == CHAR_WB:
        grams: list[str] = []
        for word in _SPACES.sub(" ", text).split():
            padded = f" {word} "
            for n in range(low, high + 1):
                grams.extend(padded[i : i + n] for i in range(max(len(padded) - n, 0) + 1))
                if len(padded) <= n:
                    break
        return grams
    tokens = re.findall(token_pattern, text)
    return [" ".join(tokens[i : i + n]) for n in range(low, high + 1) for i in range(len(tokens) - n + 1)]


@dataclass(frozen=True, eq=False)
class TruncatedSvd:
    """The leading right singular vectors; ``transform`` projects rows onto them."""

    components: np.ndarray

    @property
    def n_components(self) -> int:
        return int(self.components.shape[0])

    def transform(self, matrix: SparseRows) -> np.ndarray:
        return matrix.dot(self.components.T)


def fit_truncated_svd(matrix: SparseRows, dimensions: int, seed: int, power_iterations: int = 5) -> TruncatedSvd:
    """Halko et al.'s randomised SVD with ten extra directions and QR between power iterations."""
    rng = np.random.default_rng(seed)
    sketch = min(dimensions + 10, min(matrix.shape))
    basis, _ = np.linalg.qr(matrix.dot(rng.standard_normal((matrix.shape[1], sketch))))
    for _ in range(power_iterations):
        across, _ = np.linalg.qr(matrix.transpose_dot(basis))
        basis, _ = np.linalg.qr(matrix.dot(across))
    small = matrix.transpose_dot(basis).T
    _, _, right = np.linalg.svd(small, full_matrices=False)
    return TruncatedSvd(right[:dimensions])
