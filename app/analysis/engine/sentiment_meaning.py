"""Sentiment from meaning: a shipped linear model on the answer's sentence embedding and the word list's signals.

The word list (``sentiment``) was tuned on the development file and does not transfer: on comments written apart
from this repository its macro-F1 fell from 0.81 to 0.55, while a logistic regression on sentence embeddings trained
on 150 comments reached 0.73. An embedding carries the tone of a sentence whose words no list holds ("they have
nowhere to go and nobody cares"), so this model reads the same MiniLM vector as the theme and safeguarding models,
plus three numbers from the word list (its polarity and its positive and negative evidence), which keep what the list
does well: negation, requests and reported speech.

It is trained by ``sentiment_training`` on the team's community-safety file and real NHS feedback from three trusts
(one expert each, mixed by how much an answer reads like each source), never on a measuring file. The fitted model is
a few arrays in ``data/sentiment_model.npz`` (no pickled code), whose SHA-256 is checked before use; applying it is
three matrix products, so a request imports no scikit-learn.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from app.analysis.engine.integrity import verified_bytes
from app.analysis.engine.sentiment import NEGATIVE, POSITIVE, SentimentScore

SHIPPED_MODEL_PATH = Path(__file__).parent / "data" / "sentiment_model.npz"
SHIPPED_MODEL_SHA256 = "74301a09c06ffe031d06b16fb030d53ba129fb368a0a942719c9b9a2c44898c5"
EVIDENCE_CAP = 3.0


NON_ANSWER = re.compile(
    r"^\W*(n\W?a|none|nil|nothing( else| more)?( to add)?|no( comments?| thanks?)?|not sure|not applicable"
    r"|(i )?don'?t know|idk|dunno|as above|see above|no further comments?)\W*$",
    re.IGNORECASE,
)
"""Answers that say nothing: neutral by the codebook (no tone), whatever an embedding of "n/a" resembles."""


def is_non_answer(text: str) -> bool:
    return bool(NON_ANSWER.match(text.strip()))


class SentimentModelError(RuntimeError):
    """The fitted sentiment model is missing, altered, or not one this code can read."""


def lexicon_signals(score: SentimentScore) -> np.ndarray:
    """The word list's view as model inputs: polarity, and each side's evidence capped and scaled to 0-1."""
    return np.array(
        [
            score.polarity,
            min(score.positive, EVIDENCE_CAP) / EVIDENCE_CAP,
            min(score.negative, EVIDENCE_CAP) / EVIDENCE_CAP,
        ],
        dtype=np.float32,
    )


def feature_rows(vectors: np.ndarray, lexicon_scores: Sequence[SentimentScore], use_lexicon: bool) -> np.ndarray:
    """What the model reads per answer: the embedding, then (if the model uses them) the word list's signals."""
    if not use_lexicon:
        return np.asarray(vectors, dtype=np.float32)
    signals = np.array([lexicon_signals(score) for score in lexicon_scores], dtype=np.float32).reshape(-1, 3)
    return np.hstack([np.asarray(vectors, dtype=np.float32), signals])


@dataclass(frozen=True, eq=False)
class Expert:
    """A multinomial logistic regression over ``feature_rows``: ``weights`` is features x classes."""

    weights: np.ndarray
    intercept: np.ndarray

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = features @ self.weights + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exponentials = np.exp(logits)
        return exponentials / exponentials.sum(axis=1, keepdims=True)


@dataclass(frozen=True, eq=False)
class SentimentMeaningModel:
    """Two experts and a gate between them.

    Residents writing about their streets and patients writing about their care follow different conventions ("Nothing."
    under "what could be improved" is praise to the NHS labellers; "nothing to add" is neutral in our codebook), and
    one linear model trained on both learned neither: cross-validated on our own file it fell from 0.78 to 0.53. So one
    expert learns community-safety answers, one learns service feedback, and ``domain`` (a logistic model on the same
    features) says how much each answer reads like the first; the probabilities are mixed in that proportion."""

    classes: tuple[str, ...]
    community: Expert
    service: Expert
    domain: Expert
    use_lexicon: bool
    about: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        features = np.atleast_2d(features)
        community_share = self.domain.probabilities(features)[:, 1:2]
        mixed = community_share * self.community.probabilities(features)
        return mixed + (1 - community_share) * self.service.probabilities(features)

    def score(self, vector: np.ndarray, lexicon_score: SentimentScore) -> SentimentScore:
        """The label with the highest probability; polarity is P(positive) minus P(negative), from -1 to 1."""
        row = self.probabilities(feature_rows(vector[np.newaxis, :], [lexicon_score], self.use_lexicon))[0]
        by_label = dict(zip(self.classes, row.tolist(), strict=True))
        label = self.classes[int(row.argmax())]
        polarity = by_label.get(POSITIVE, 0.0) - by_label.get(NEGATIVE, 0.0)
        return SentimentScore(
            label,
            round(polarity, 4),
            round(min(0.99, float(row.max())), 3),
            lexicon_score.positive,
            lexicon_score.negative,
        )

    def to_bytes(self) -> bytes:
        arrays = {
            f"{name}_{part}": getattr(getattr(self, name), part).astype(np.float32)
            for name in ("community", "service", "domain")
            for part in ("weights", "intercept")
        }
        buffer = io.BytesIO()
        np.savez(
            buffer,
            classes=np.array(self.classes),
            use_lexicon=np.array(self.use_lexicon),
            about=np.array(json.dumps(self.about, sort_keys=True)),
            **arrays,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, content: bytes) -> SentimentMeaningModel:
        try:
            with np.load(io.BytesIO(content), allow_pickle=False) as arrays:
                community, service, domain = (
                    Expert(arrays[f"{name}_weights"], arrays[f"{name}_intercept"])
                    for name in ("community", "service", "domain")
                )
                return cls(
                    tuple(str(label) for label in arrays["classes"]),
                    community,
                    service,
                    domain,
                    bool(arrays["use_lexicon"]),
                    json.loads(str(arrays["about"])),
                )
        except (KeyError, ValueError, OSError) as error:
            raise SentimentModelError(f"the sentiment model file cannot be read: {error}") from error


def load_model(path: Path = SHIPPED_MODEL_PATH, expected_sha256: str = SHIPPED_MODEL_SHA256) -> SentimentMeaningModel:
    return SentimentMeaningModel.from_bytes(verified_bytes(path, expected_sha256, SentimentModelError))


@cache
def shipped_model() -> SentimentMeaningModel:
    """The reviewed model, loaded once per process."""
    return load_model()
