"""``python -m app.analysis train-sentiment``: fit the shipped sentiment model and print what cross-validation chose.

Run by a developer when the community-safety training file changes; then record the new model's SHA-256 in
``sentiment_meaning.SHIPPED_MODEL_SHA256`` after review. Encoding the 11,000 training texts takes a few minutes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from app.analysis.engine.encoder import MODEL_SHA256, encode
from app.analysis.engine.sentiment_meaning import SentimentMeaningModel
from app.analysis.engine.sentiment_training import (
    CORPUS_PATH,
    CORPUS_SHA256,
    NHS_PHASE1_SHA256,
    CrossValidation,
    Material,
    SentimentTrainingError,
    lexicon_scores,
    read_labelled,
    train_sentiment,
    usable_nhs,
)

DEFAULT_NHS_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nhs_feedback_phase1.csv"


def _vectors(texts: Sequence[str], encoder: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
    unique = list(dict.fromkeys(texts))
    rows = dict(zip(unique, encoder(unique), strict=True))
    return np.vstack([rows[text] for text in texts])


def fit_sentiment(
    nhs_path: Path,
    encoder: Callable[[Sequence[str]], np.ndarray] = encode,
    corpus: Path = CORPUS_PATH,
) -> tuple[SentimentMeaningModel, CrossValidation]:
    """Train on the corpus's training rows and the NHS file's usable rows (the corpus's held-back rows are never
    used; see ``usable_nhs`` for the NHS rows left out)."""
    own = [row for row in read_labelled(corpus, CORPUS_SHA256) if row.split == "train"]
    every_nhs = read_labelled(nhs_path, NHS_PHASE1_SHA256)
    nhs = usable_nhs(every_nhs)
    material = Material(
        _vectors([r.text for r in own], encoder),
        lexicon_scores([r.text for r in own]),
        np.array([r.sentiment for r in own]),
        [r.text for r in own],
        _vectors([r.text for r in nhs], encoder),
        lexicon_scores([r.text for r in nhs]),
        np.array([r.sentiment for r in nhs]),
        np.array([r.group for r in nhs]),
    )
    about = {
        "corpus_sha256": CORPUS_SHA256,
        "nhs_phase1_sha256": NHS_PHASE1_SHA256,
        "encoder_sha256": MODEL_SHA256,
        "own_rows": len(own),
        "nhs_rows": len(nhs),
        "nhs_rows_dropped": len(every_nhs) - len(nhs),
        "nhs_cv": "leave one trust out, macro-F1 of negative and positive",
    }
    return train_sentiment(material, about)


def run_train_sentiment(output: str, nhs_path: str | None = None) -> int:
    try:
        model, cv = fit_sentiment(Path(nhs_path) if nhs_path else DEFAULT_NHS_PATH)
    except (SentimentTrainingError, OSError) as error:
        print(f"error: {error}")
        return 2
    content = model.to_bytes()
    Path(output).write_bytes(content)
    figures = {
        "chosen": asdict(cv.chosen),
        "cv_own_macro_f1": cv.own_macro_f1,
        "cv_nhs_macro_f1": cv.nhs_macro_f1,
        "tried": [{**asdict(s), "own": own, "nhs": nhs} for s, own, nhs in cv.tried],
        "output": output,
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    print(json.dumps(figures, sort_keys=True))
    return 0
