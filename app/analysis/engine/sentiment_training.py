"""Fitting the shipped sentiment model (``sentiment_meaning``) on material we may ship, chosen by cross-validation.

Two sources, both recorded by SHA-256 so every figure names the files it came from:

- the team's community-safety file (``data/community_safety_training.csv``), training rows only: its held-back fifth
  is scored once, at the end, and never trained on;
- real NHS feedback from three trusts (``shared/data/nhs_feedback_phase1.csv``, 10,305 comments), which teaches how
  people write about a public service in their own words, far beyond what a team can write.

A measuring file (the community-safety dev file, NEAS, anything ``unseen``) is refused by name.

One expert is fitted on each source and a domain model learns which source an answer reads like
(``SentimentMeaningModel``). Settings (regularisation, and whether the word list's signals help) are chosen by the
mean of two cross-validations: five folds of our own rows, where a held-out row's sentences never appear in the rows
trained on (joined answers share sentences; see ``sentiment_corpus``), and leave-one-trust-out on the NHS rows
(train on two trusts, score the third), because a new trust's answers, not a fold of a known trust's, are what the
model meets in use.

The three trusts do not use one scale. Trust B gives criticality 0 to praise ("All the staff are wonderful", "I am
highly grateful for the care I have received"): its 2,563 zeros are "no criticism", not "no tone", while trusts A and
C give praise 2-4 and use 0 three times in 6,933 comments. Trained with those zeros as ``neutral``, the service
expert called 43% of trust A's and 35% of trust C's answers neutral (almost none are), and pos/neg macro-F1 on the
unseen trust was 0.57/0.74; without them 2%/1% and 0.69/0.85 (own-file CV 0.761 to 0.767). So ``usable_nhs`` drops
the neutral rows of the trusts in ``NO_NEUTRAL_SCALE``; their positive and negative rows stay.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.analysis.engine.sentiment import LABELS, SentimentScore, score_tokens
from app.analysis.engine.sentiment_meaning import Expert, SentimentMeaningModel, feature_rows
from app.analysis.engine.text import tokenise

CORPUS_PATH = Path(__file__).parent / "data" / "community_safety_training.csv"
CORPUS_SHA256 = "539098950b328f55372c9cd9220d0803df18db02a2d23c4850c5a08be17f5fca"
NHS_PHASE1_SHA256 = "e4f2d0a125865807020492079ac3cde1c2a216673cf5702b01f7a7dbd0ac769b"
MEASURING_NAMES = ("_dev.csv", "nhs_feedback_neas", "unseen")
FOLDS = 5
SEED = 20261203
C_CANDIDATES = (1.0, 2.0, 4.0)
LEXICON_CANDIDATES = (False, True)
DOMAIN_C = 1.0
NO_NEUTRAL_SCALE = frozenset({"Trust B"})
"""Trusts whose criticality 0 means "no criticism" (praise included) rather than neutral; see the module docstring."""
NHS_LABELS = ("negative", "positive")
"""The labels the NHS cross-validation scores: the phase-1 trusts' own neutral rows are too few (three) to score."""
MIN_SHARED_CHARACTERS = 20
"""A held-out own row's text inside a training row (or the other way round) counts as shared only from this length:
"Good" appears inside many answers without them sharing a sentence."""


class SentimentTrainingError(ValueError):
    """Training material that must not or cannot be used; the message says why."""


@dataclass(frozen=True)
class LabelledText:
    text: str
    sentiment: str
    split: str = "train"
    group: str = ""


@dataclass(frozen=True)
class Settings:
    c: float
    use_lexicon: bool


@dataclass(frozen=True)
class CrossValidation:
    """Mean out-of-fold macro-F1 per setting tried, and the one chosen."""

    chosen: Settings
    own_macro_f1: float
    nhs_macro_f1: float
    tried: tuple[tuple[Settings, float, float], ...]


def _read_checked(path: Path, expected_sha256: str | None) -> list[dict[str, str]]:
    if any(name in path.name for name in MEASURING_NAMES):
        raise SentimentTrainingError(f"{path} is measuring material: the sentiment model is never trained on it")
    content = path.read_bytes()
    if expected_sha256 is not None and hashlib.sha256(content).hexdigest() != expected_sha256:
        raise SentimentTrainingError(f"{path} is not the recorded file; review it and record its new SHA-256")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def read_labelled(path: Path, expected_sha256: str | None) -> list[LabelledText]:
    """Rows with ``text`` and a ``sentiment`` of negative, neutral or positive (others are skipped)."""
    return [
        LabelledText(row["text"], row["sentiment"], row.get("split") or "train", row.get("organisation") or "")
        for row in _read_checked(path, expected_sha256)
        if row.get("sentiment") in LABELS and row["text"].strip()
    ]


def usable_nhs(rows: Sequence[LabelledText]) -> list[LabelledText]:
    """The NHS rows whose label means what ours do: not the ``neutral`` of a trust that has no neutral scale."""
    return [row for row in rows if not (row.group in NO_NEUTRAL_SCALE and row.sentiment == "neutral")]


def lexicon_scores(texts: Sequence[str]) -> list[SentimentScore]:
    return [score_tokens(tokenise(text)) for text in texts]


def _expert(features: np.ndarray, labels: np.ndarray, c: float) -> tuple[Expert, tuple[str, ...]]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, class_weight="balanced", tol=1e-3, max_iter=500, random_state=SEED)
    model.fit(features, labels)
    coef, intercept = model.coef_.T, model.intercept_
    if coef.shape[1] == 1:  # a binary model's one column becomes the second of two softmax columns
        coef, intercept = np.hstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    return Expert(coef.copy(), intercept.copy()), tuple(str(label) for label in model.classes_)


def _fit(
    own: np.ndarray,
    own_labels: np.ndarray,
    nhs: np.ndarray,
    nhs_labels: np.ndarray,
    settings: Settings,
    about: dict[str, object] | None = None,
) -> SentimentMeaningModel:
    community, classes = _expert(own, own_labels, settings.c)
    service, service_classes = _expert(nhs, nhs_labels, settings.c)
    if service_classes != classes:
        raise SentimentTrainingError(f"both sources need every label {classes}; the NHS rows have {service_classes}")
    source = np.concatenate([np.zeros(len(nhs), dtype=int), np.ones(len(own), dtype=int)])
    domain, _ = _expert(np.vstack([nhs, own]), source, DOMAIN_C)
    return SentimentMeaningModel(classes, community, service, domain, settings.use_lexicon, about or {})


def _macro_f1(gold: np.ndarray, predicted: np.ndarray, labels: Sequence[str] | None = None) -> float:
    from sklearn.metrics import f1_score

    chosen = list(labels) if labels else sorted(set(gold))
    return float(f1_score(gold, predicted, labels=chosen, average="macro", zero_division=0))


def _predict(model: SentimentMeaningModel, features: np.ndarray) -> np.ndarray:
    return np.asarray(model.classes)[model.probabilities(features).argmax(axis=1)]


def own_folds(texts: Sequence[str], labels: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds of our own rows in which no training row shares a sentence with a held-out row."""
    from sklearn.model_selection import StratifiedKFold

    lowered = [text.lower().rstrip(".!? ") for text in texts]
    folds = []
    for train, held in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(np.zeros(len(labels)), labels):
        held_texts = [lowered[i] for i in held if len(lowered[i]) >= MIN_SHARED_CHARACTERS]
        kept = [i for i in train if not any(h in lowered[i] or lowered[i] in h for h in held_texts)]
        folds.append((np.array(kept), held))
    return folds


def _trust_folds(groups: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Leave one trust out: train on the others, score the one left out."""
    return [(np.flatnonzero(groups != group), np.flatnonzero(groups == group)) for group in sorted(set(groups))]


@dataclass(frozen=True)
class Material:
    """Both sources as model inputs: embeddings, word-list signals and labels."""

    own_vectors: np.ndarray
    own_scores: list[SentimentScore]
    own_labels: np.ndarray
    own_texts: list[str]
    nhs_vectors: np.ndarray
    nhs_scores: list[SentimentScore]
    nhs_labels: np.ndarray
    nhs_groups: np.ndarray

    def features(self, use_lexicon: bool) -> tuple[np.ndarray, np.ndarray]:
        return (
            feature_rows(self.own_vectors, self.own_scores, use_lexicon),
            feature_rows(self.nhs_vectors, self.nhs_scores, use_lexicon),
        )


def _cross_validate(material: Material, settings: Settings) -> tuple[float, float]:
    own, nhs = material.features(settings.use_lexicon)
    own_labels, nhs_labels = material.own_labels, material.nhs_labels
    own_scores = [
        _macro_f1(own_labels[held], _predict(_fit(own[train], own_labels[train], nhs, nhs_labels, settings), own[held]))
        for train, held in own_folds(material.own_texts, own_labels)
    ]
    nhs_scores = [
        _macro_f1(
            nhs_labels[held],
            _predict(_fit(own, own_labels, nhs[train], nhs_labels[train], settings), nhs[held]),
            NHS_LABELS,
        )
        for train, held in _trust_folds(material.nhs_groups)
    ]
    return round(float(np.mean(own_scores)), 4), round(float(np.mean(nhs_scores)), 4)


def train_sentiment(material: Material, about: dict[str, object]) -> tuple[SentimentMeaningModel, CrossValidation]:
    """Cross-validate every setting, then fit the chosen one on all the rows given."""
    tried = []
    for c, use_lexicon in itertools.product(C_CANDIDATES, LEXICON_CANDIDATES):
        settings = Settings(c, use_lexicon)
        tried.append((settings, *_cross_validate(material, settings)))
    chosen, own_f1, nhs_f1 = max(tried, key=lambda entry: (entry[1] + entry[2]) / 2)
    own, nhs = material.features(chosen.use_lexicon)
    about = {
        **about,
        "settings": {"c": chosen.c, "use_lexicon": chosen.use_lexicon},
        "cv_own_macro_f1": own_f1,
        "cv_nhs_macro_f1": nhs_f1,
    }
    model = _fit(own, material.own_labels, nhs, material.nhs_labels, chosen, about)
    return model, CrossValidation(chosen, own_f1, nhs_f1, tuple(tried))
