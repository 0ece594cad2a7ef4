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
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from app.analysis.engine.integrity import verified_bytes

SHIPPED_MODEL_PATH = Path(__file__).parent / "data" / "safeguarding_model.npz"
CATEGORY_CONFIDENCE = 0.5
"""A linear category model's share below which its category yields to the rules' one (a kernel model carries its own
margin, chosen by cross-validation)."""
SHIPPED_MODEL_SHA256 = "d8bad748a71da0fa3a778b183db69e10ceb906d4c38da33fa5357735b631eab3"


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
    support_norms: np.ndarray | None = field(default=None, init=False, repr=False)
    """Squared lengths of the support rows, so a score is one matrix-vector product instead of a difference of
    every support row from the answer (the screen scores inside the pupil's request). The products use ``einsum``,
    not BLAS: OpenBLAS's worker threads spin against the request's own thread on a busy core (per answer, 2.8 ms of
    CPU before, 1.0 ms with einsum, 5 to 12 ms with a two-thread BLAS product)."""

    def __post_init__(self) -> None:
        if self.support is not None:
            norms = np.einsum("ij,ij->i", self.support, self.support)
            object.__setattr__(self, "support_norms", norms)

    def score(self, vector: np.ndarray) -> float:
        if self.kind == "linear":
            return float(vector @ self.weights + self.intercept)
        return float(np.einsum("i,i->", self.weights, self.kernel(vector)) + self.intercept)

    def kernel(self, vector: np.ndarray) -> np.ndarray:
        """exp(-gamma * |support row - vector|^2) for every support row."""
        assert self.support is not None and self.support_norms is not None
        products = np.einsum("ij,j->i", self.support, vector)
        distances = np.maximum(self.support_norms - 2.0 * products + float(np.einsum("i,i->", vector, vector)), 0.0)
        return np.exp(-self.gamma * distances)


@dataclass(frozen=True)
class ModelVerdict:
    """What the learned screen makes of one answer: a level (never ``watch``), the category it reads most like (named
    even when the level is ``none``, for the rules' flags to use) and its scores."""

    level: str
    category: str | None
    flag_score: float
    urgent_score: float
    category_confidence: float
    category_unsure_below: float = CATEGORY_CONFIDENCE
    """Below this confidence the category yields to the rules' one when a rule matched."""


@dataclass(frozen=True, eq=False)
class SharedRows:
    """The support rows of all three kernel models, each stored once, with where each model's rows sit among them.

    The three models were fitted on the same training rows with the same kernel, so most rows support more than one
    of them (4,652 support rows, 2,723 distinct, in the shipped screen); the kernel against an answer is computed once
    over the distinct rows and each model reads its own, which gives the same scores for about 60% of the work."""

    rows: Scorer
    flag: np.ndarray
    urgent: np.ndarray
    category: np.ndarray

    @classmethod
    def of(cls, flag: Scorer, urgent: Scorer, category_support: np.ndarray, gamma: float) -> SharedRows:
        assert flag.support is not None and urgent.support is not None
        stacked = np.vstack([flag.support, urgent.support, category_support])
        distinct, where = np.unique(stacked, axis=0, return_inverse=True)
        where = where.reshape(-1)
        first, second = len(flag.support), len(flag.support) + len(urgent.support)
        rows = Scorer("rbf", np.zeros(len(distinct), dtype=np.float32), 0.0, np.ascontiguousarray(distinct), gamma)
        return cls(rows, where[:first], where[first:second], where[second:])


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
    category_support: np.ndarray | None = None
    """Rows of a kernel category model (one RBF decision function per category over these rows, one vs the rest);
    None for a linear (multinomial) one."""
    category_gamma: float = 0.0
    category_unsure_below: float = CATEGORY_CONFIDENCE

    def assess(self, vector: np.ndarray, rules_flagged: bool = False) -> ModelVerdict:
        """The urgent model acts only on answers already flagged, by this screen or by the rules, as in training."""
        shared = self.shared_rows
        if shared is None:
            flag_score, urgent_score = self.flag.score(vector), self.urgent.score(vector)
            best, confidence = self._category(vector)
        else:
            kernel = shared.rows.kernel(vector)
            flag_score = float(np.einsum("i,i->", self.flag.weights, kernel[shared.flag]) + self.flag.intercept)
            urgent_score = float(np.einsum("i,i->", self.urgent.weights, kernel[shared.urgent]) + self.urgent.intercept)
            best, confidence = self._category(vector, kernel[shared.category])
        level = "concern" if flag_score >= self.flag_threshold else "none"
        if urgent_score >= self.urgent_threshold and (level == "concern" or rules_flagged):
            level = "urgent"
        return ModelVerdict(
            level, self.categories[best], flag_score, urgent_score, confidence, self.category_unsure_below
        )

    @cached_property
    def shared_rows(self) -> SharedRows | None:
        """Built on first use when all three models are kernel models on one kernel; None otherwise."""
        kernels = {self.flag.kind, self.urgent.kind} == {"rbf"} and self.category_support is not None
        if not kernels or not self.flag.gamma == self.urgent.gamma == self.category_gamma:
            return None
        assert self.category_support is not None
        return SharedRows.of(self.flag, self.urgent, self.category_support, self.category_gamma)

    def _category(self, vector: np.ndarray, kernel: np.ndarray | None = None) -> tuple[int, float]:
        """The most likely category and how sure: a linear model's share, a kernel model's margin over the runner-up."""
        if self.category_support is None:
            logits = self.category_weights @ vector + self.category_intercepts
            odds = np.exp(logits - logits.max())
            shares = odds / odds.sum()
            best = int(np.argmax(shares))
            return best, float(shares[best])
        if kernel is None:
            rows = Scorer("rbf", self.category_intercepts, 0.0, self.category_support, self.category_gamma)
            kernel = rows.kernel(vector)
        decisions = np.einsum("kj,j->k", self.category_weights, kernel) + self.category_intercepts
        order = np.argsort(decisions)
        margin = decisions[order[-1]] - decisions[order[-2]] if len(order) > 1 else np.inf
        return int(order[-1]), float(margin)

    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray] = {
            "category_weights": self.category_weights,
            "category_intercepts": self.category_intercepts,
            "header": np.array(json.dumps(self._header())),
        }
        if self.category_support is not None:
            arrays["category_support"] = self.category_support
        for name, scorer in (("flag", self.flag), ("urgent", self.urgent)):
            arrays[f"{name}_weights"] = scorer.weights
            if scorer.support is not None:
                arrays[f"{name}_support"] = scorer.support
        buffer = io.BytesIO()
        np.savez_compressed(buffer, allow_pickle=False, **arrays)
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
            "category": {
                "kind": "linear" if self.category_support is None else "rbf",
                "gamma": self.category_gamma,
                "unsure_below": self.category_unsure_below,
            },
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
            category = header.get("category", {"kind": "linear", "gamma": 0.0, "unsure_below": CATEGORY_CONFIDENCE})
            return LearnedScreen(
                flag=scorers["flag"],
                urgent=scorers["urgent"],
                flag_threshold=float(header["flag_threshold"]),
                urgent_threshold=float(header["urgent_threshold"]),
                categories=tuple(header["categories"]),
                category_weights=arrays["category_weights"],
                category_intercepts=arrays["category_intercepts"],
                about=header.get("about", {}),
                category_support=arrays["category_support"] if category["kind"] == "rbf" else None,
                category_gamma=float(category["gamma"]),
                category_unsure_below=float(category["unsure_below"]),
            )
    except (KeyError, ValueError, OSError) as error:
        raise ScreenModelError(f"the fitted safeguarding screen cannot be read: {error}") from error


def load_screen_model(path: Path, expected_sha256: str) -> LearnedScreen:
    """Load a fitted screen only if its bytes have the expected SHA-256."""
    content = verified_bytes(path, expected_sha256, ScreenModelError)
    return screen_from_bytes(content)
