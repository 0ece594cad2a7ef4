"""Sentence embeddings for the learned coder, so it can see that differently worded answers say the same thing.

"The ambulance took ages" and "we waited over three hours" share no n-gram, yet officers code both as timeliness. A
sentence encoder places them close together, which lets a theme model trained on a few hundred coded answers reach
the many ways residents put the same point. The encoder is the one the safeguarding screen uses (``encoder``):
all-MiniLM-L6-v2 (384 dimensions) as int8 ONNX, run by onnxruntime with its files checked against reviewed SHA-256
digests; no torch, nothing downloaded at run time. Its vectors agree with the full-precision model's to a cosine of
0.999 or better.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from app.analysis.engine.encoder import DIMENSIONS, EncoderIntegrityError, encode

EmbeddingModelError = EncoderIntegrityError
"""The encoder's files are missing or are not the reviewed ones."""


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length row per text (float32)."""
    return encode(list(texts))


@dataclass(frozen=True, eq=False)
class SentenceVectors:
    """Embeddings of the answers a coder was fitted on, kept so that suggesting for those answers encodes nothing
    again; other texts are encoded when asked for."""

    known: dict[str, np.ndarray]

    def rows(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        missing = [text for text in dict.fromkeys(texts) if text not in self.known]
        fresh = dict(zip(missing, embed(missing), strict=True)) if missing else {}
        return np.vstack([self.known[text] if text in self.known else fresh[text] for text in texts])

    @contextmanager
    def lent(self, texts: Sequence[str], vectors: np.ndarray) -> Iterator[None]:
        """Use vectors the caller already has inside the block, then forget them: a recompute encodes each batch of
        answers once for both the pipeline and the coder, without keeping every answer's vector."""
        added = {text: vector for text, vector in zip(texts, vectors, strict=True) if text not in self.known}
        self.known.update(added)
        try:
            yield
        finally:
            for text in added:
                del self.known[text]


def fit_vectors(texts: Sequence[str]) -> SentenceVectors:
    unique = list(dict.fromkeys(texts))
    return SentenceVectors(dict(zip(unique, embed(unique), strict=True)))
