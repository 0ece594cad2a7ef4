"""The learned half of the safeguarding screen: classifiers on sentence embeddings, applied with numpy alone.

The rules in ``safeguarding_lexicon.yaml`` are precise but only catch the words they list, and children describe harm
in words no list holds ("i won't need my xbox after friday"). Three models read the answer's sentence embedding
instead: one scores "flagged" (concern or urgent), one scores "urgent", one names the category. They were trained by
``safeguarding_training`` on the team's own exemplars (``data/safeguarding_exemplars.csv``), and their thresholds were
chosen by cross-validation on those exemplars alone, for recall first and then the fewest false positives.

A fitted screen is a handful of arrays saved in a ``.npz`` file (no pickled code; ``allow_pickle`` stays off) whose
SHA-256 is checked before loading, like the encoder's files. Applying it is a few dot products, so a pupil's request
imports neither scikit-learn nor torch.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from app.analysis.engine.integrity import verified_bytes

SHIPPED_MODEL_PATH = Path(__file__).parent / "data" / "safeguarding_model.npz"
SHIPPED_MODEL_SHA256 = "61ad1543a83de865eb9d843d498ef852a5b9d2d9fac1576e48f76217b301b54b"


class ScreenModelError(RuntimeError):
    """The fitted screen is missing, altered, or not one this code can read."""


@dataclass(frozen=True, eq=False)
class Scorer:
    """A binary decision function over embeddings: linear (``weights``) or RBF kernel (``support`` rows)."""

    kind: str
    weights: np.ndarray
    intercept: float
    support: np.ndarray | None = None
    gamma: float = 0.0

    def score(self, vector: np.ndarray) -> float:
        if self.kind == "linear":
            return float(vector @ self.weights + self.intercept)
        assert self.support is not None
        distances = np.sum((self.support - vector) ** 2, axis=1)
        return float(self.weights @ np.exp(-self.gamma * distances) + self.intercept)


@dataclass(frozen=True)
class ModelVerdict:
    """What the learned screen makes of one answer: a level (never ``watch``), the category it reads most like (named
    even when the level is ``none``, for the rules' flags to use) and its scores."""

    level: str
    category: str | None
    flag_score: float
    urgent_score: float
    category_confidence: float


@dataclass(frozen=True, eq=False)
class LearnedScreen:
    flag: Scorer
    urgent: Scorer
    flag_threshold: float
    urgent_threshold: float
    categories: tuple[str, ...]
    category_weights: np.ndarray
    category_intercepts: np.ndarray
    about: dict[str, Any] = field(default_factory=dict)

    def assess(self, vector: np.ndarray, rules_flagged: bool = False) -> ModelVerdict:
        """The urgent model acts only on answers already flagged, by this screen or by the rules, as in training."""
        flag_score, urgent_score = self.flag.score(vector), self.urgent.score(vector)
        logits = self.category_weights @ vector + self.category_intercepts
        odds = np.exp(logits - logits.max())
        shares = odds / odds.sum()
        best = int(np.argmax(shares))
        level = "concern" if flag_score >= self.flag_threshold else "none"
        if urgent_score >= self.urgent_threshold and (level == "concern" or rules_flagged):
            level = "urgent"
        return ModelVerdict(level, self.categories[best], flag_score, urgent_score, float(shares[best]))

    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray] = {
            "category_weights": self.category_weights,
            "category_intercepts": self.category_intercepts,
            "header": np.array(json.dumps(self._header())),
        }
        for name, scorer in (("flag", self.flag), ("urgent", self.urgent)):
            arrays[f"{name}_weights"] = scorer.weights
            if scorer.support is not None:
                arrays[f"{name}_support"] = scorer.support
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    def _header(self) -> dict[str, Any]:
        scorers = {
            name: {"kind": s.kind, "intercept": s.intercept, "gamma": s.gamma}
            for name, s in (("flag", self.flag), ("urgent", self.urgent))
        }
        return {
            "format": 1,
            "scorers": scorers,
            "flag_threshold": self.flag_threshold,
            "urgent_threshold": self.urgent_threshold,
            "categories": list(self.categories),
            "about": self.about,
        }


def screen_from_bytes(content: bytes) -> LearnedScreen:
    try:
        with np.load(io.BytesIO(content), allow_pickle=False) as arrays:
            header = json.loads(str(arrays["header"]))
            scorers = {
                name: Scorer(
                    spec["kind"],
                    arrays[f"{name}_weights"],
                    float(spec["intercept"]),
                    arrays[f"{name}_support"] if f"{name}_support" in arrays else None,
                    float(spec["gamma"]),
                )
                for name, spec in header["scorers"].items()
            }
            return LearnedScreen(
                flag=scorers["flag"],
                urgent=scorers["urgent"],
                flag_threshold=float(header["flag_threshold"]),
                urgent_threshold=float(header["urgent_threshold"]),
                categories=tuple(header["categories"]),
                category_weights=arrays["category_weights"],
                category_intercepts=arrays["category_intercepts"],
                about=header.get("about", {}),
            )
    except (KeyError, ValueError, OSError) as error:
        raise ScreenModelError(f"the fitted safeguarding screen cannot be read: {error}") from error


def load_screen_model(path: Path, expected_sha256: str) -> LearnedScreen:
    """Load a fitted screen only if its bytes have the expected SHA-256."""
    content = verified_bytes(path, expected_sha256, ScreenModelError)
    return screen_from_bytes(content)
