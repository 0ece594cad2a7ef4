"""Training the learned screen: our own exemplars only, thresholds chosen recall-first, measuring files refused."""

from __future__ import annotations

import builtins
import collections
import csv
import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from app.analysis.engine.safeguarding import CATEGORIES, LEVELS
from app.analysis.engine.safeguarding_model import Scorer, screen_from_bytes
from app.analysis.engine.safeguarding_training import (
    EXEMPLARS_PATH,
    TrainingDataError,
    read_exemplars,
    recall_first_threshold,
)
from app.analysis.safeguarding_fit import fit_screen

ROOT = Path(__file__).resolve().parents[4]
DEV_FILE = ROOT.parent / "shared" / "data" / "safeguarding_dev.csv"


def test_exemplars_match_their_recorded_digest_and_cover_every_cell() -> None:
    rows = read_exemplars()
    cells = collections.Counter((row.level, row.category) for row in rows)
    for level in ("watch", "concern", "urgent"):
        for category in CATEGORIES:
            assert cells[(level, category)] >= 15, (level, category)
    assert cells[("none", "none")] >= 300
    assert {row.level for row in rows} == set(LEVELS)
    held = sum(row.split == "holdout" for row in rows) / len(rows)
    assert 0.15 < held < 0.25


def test_a_changed_exemplar_file_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "exemplars.csv"
    copy.write_bytes(EXEMPLARS_PATH.read_bytes() + b"X9999,extra row,none,none,train\n")
    with pytest.raises(TrainingDataError, match="not the recorded"):
        read_exemplars(copy)


@pytest.mark.parametrize("name", ["safeguarding_dev.csv", "community_safety_comments_dev.csv"])
def test_measuring_files_are_refused_by_name(tmp_path: Path, name: str) -> None:
    file = tmp_path / name
    file.write_text("text,level,category\nhello,none,none\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="measuring material"):
        read_exemplars(file, expected_sha256=None)


def test_recall_first_threshold_keeps_the_target_share_and_counts_the_rules() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.1, 0.5, 0.4])
    positives = np.array([True, True, True, True, True, False, False])
    nothing = np.zeros(7, dtype=bool)
    assert recall_first_threshold(scores, nothing, positives, 0.8) == pytest.approx(0.6)
    rules = np.array([False, False, False, False, True, False, False])
    assert recall_first_threshold(scores, rules, positives, 0.8) == pytest.approx(0.7)
    assert recall_first_threshold(scores, nothing, positives, 1.0) == pytest.approx(0.1)


def _small_exemplars(path: Path) -> Path:
    """Made-up words, so the rules find nothing and the learned screen has to."""
    rows = [("none", "none", f"ordinary answer number {i} about buses and parks") for i in range(25)]
    rows += [("concern", "bullying", f"zorb flim wobble quant {i}") for i in range(20)]
    rows += [("urgent", "self_harm", f"blarg tonk vex plimsoll {i}") for i in range(20)]
    rows += [("watch", "bullying", f"my friend gets pushed around {i}") for i in range(10)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "level", "category", "split"])
        writer.writerows((f"T{i}", text, level, category, "train") for i, (level, category, text) in enumerate(rows))
    return path


def _fake_encoder(texts: Sequence[str]) -> np.ndarray:
    """Separable vectors from each text's words, so the test needs no model and runs in a second."""
    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.split():
            vectors[row, int(hashlib.sha256(word.encode()).hexdigest(), 16) % 384] += 1.0
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def test_training_reads_only_its_own_files_and_meets_its_recall_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open, real_read_bytes = builtins.open, Path.read_bytes

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def spy_read_bytes(self: Path) -> bytes:
        opened.append(str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(Path, "read_bytes", spy_read_bytes)
    exemplars = _small_exemplars(tmp_path / "exemplars.csv")
    screen, cv = fit_screen(exemplars=exemplars, exemplars_sha256=None, encoder=_fake_encoder)
    assert str(exemplars) in opened
    assert not [path for path in opened if "_dev.csv" in path or str(DEV_FILE.parent) in path]
    assert cv.recall_flagged >= 0.98
    assert cv.recall_urgent >= 0.98
    reloaded = screen_from_bytes(screen.to_bytes())
    vector = _fake_encoder(["blarg tonk vex plimsoll 3"])[0]
    assert reloaded.assess(vector) == screen.assess(vector)
    assert reloaded.assess(vector).level == "urgent"
    assert reloaded.assess(vector).category == "self_harm"
    assert reloaded.category_support is not None
    assert cv.category_accuracy >= 0.9
    assert reloaded.assess(_fake_encoder(["zorb flim wobble quant 3"])[0]).level == "concern"
    assert reloaded.assess(_fake_encoder(["ordinary answer number 3 about buses and parks"])[0]).level == "none"


def test_a_kernel_scorer_scores_as_the_rbf_formula_says() -> None:
    rng = np.random.default_rng(7)
    support = rng.normal(size=(30, 16)).astype(np.float32)
    weights = rng.normal(size=30).astype(np.float32)
    scorer = Scorer("rbf", weights, 0.25, support, 0.5)
    vector = rng.normal(size=16).astype(np.float32)
    expected = float(weights @ np.exp(-0.5 * np.sum((support - vector) ** 2, axis=1)) + 0.25)
    assert scorer.score(vector) == pytest.approx(expected, rel=1e-4)
