"""``python -m app.analysis train-safeguarding``: fit the learned screen on the exemplars and print what CV found.

Run by a developer when the exemplar file changes (then record the new model's SHA-256 in
``safeguarding_model.SHIPPED_MODEL_SHA256``), and by ``flask retrain-safeguarding`` with a partnership's reviewed
cases added. Never run automatically: a changed screen is a safeguarding decision someone must own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from app.analysis.engine.encoder import MODEL_SHA256, USE_FILES_SHA256, screen_vectors
from app.analysis.engine.safeguarding import screen_rules
from app.analysis.engine.safeguarding_model import LearnedScreen
from app.analysis.engine.safeguarding_training import (
    EXEMPLARS_PATH,
    EXEMPLARS_SHA256,
    URGENT_RECALL_TARGET,
    CrossValidation,
    Exemplar,
    encode_all,
    read_exemplars,
    train_screen,
)


def fit_screen(
    extra: Sequence[Exemplar] = (),
    recall_target: float = 0.98,
    exemplars: Path = EXEMPLARS_PATH,
    exemplars_sha256: str | None = EXEMPLARS_SHA256,
    encoder: Callable[[Sequence[str]], np.ndarray] = screen_vectors,
) -> tuple[LearnedScreen, CrossValidation]:
    """Train on the exemplars' training rows plus ``extra`` (reviewed cases); the holdout rows are never used."""
    rows = [row for row in read_exemplars(exemplars, exemplars_sha256) if row.split == "train"] + list(extra)
    vectors = encode_all([row.text for row in rows], encoder)
    rules = [screen_rules(row.text) for row in rows]
    about = {
        "exemplars_sha256": exemplars_sha256,
        "encoder_sha256": MODEL_SHA256,
        "use_sha256": USE_FILES_SHA256,
        "training_rows": len(rows),
        "reviewed_cases": len(extra),
        "recall_target": recall_target,
        "urgent_recall_target": max(recall_target, URGENT_RECALL_TARGET),
    }
    levels, categories = [result.level for result in rules], [result.category for result in rules]
    return train_screen(rows, vectors, levels, recall_target=recall_target, about=about, rule_categories=categories)


def write_screen(screen: LearnedScreen, output: Path) -> str:
    content = screen.to_bytes()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(content)
    return hashlib.sha256(content).hexdigest()


def cross_validation_figures(cv: CrossValidation) -> dict[str, object]:
    return {
        "cv_recall_flagged": round(cv.recall_flagged, 4),
        "cv_recall_urgent": round(cv.recall_urgent, 4),
        "cv_false_positive_rate": round(cv.false_positive_rate, 4),
        "flag_model": cv.flag_model,
        "urgent_model": cv.urgent_model,
        "cv_category_accuracy": round(cv.category_accuracy, 4),
        "category_model": cv.category_model,
    }


def run_train_safeguarding(output: str) -> int:
    screen, cv = fit_screen()
    digest = write_screen(screen, Path(output))
    print(
        json.dumps(
            {
                "output": output,
                "sha256": digest,
                "exemplars": str(EXEMPLARS_PATH),
                "flag_threshold": round(screen.flag_threshold, 4),
                "urgent_threshold": round(screen.urgent_threshold, 4),
                "support_rows": int(
                    sum(s.support.shape[0] for s in (screen.flag, screen.urgent) if s.support is not None)
                ),
                **cross_validation_figures(cv),
            }
        )
    )
    return 0
