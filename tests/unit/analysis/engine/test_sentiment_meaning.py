"""The shipped sentiment model reads meaning, loads only if it is the reviewed file, and is what the pipeline uses."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.analysis.engine import load_default_codebook
from app.analysis.engine.pipeline import analyse_answer
from app.analysis.engine.sentiment_meaning import (
    SHIPPED_MODEL_PATH,
    SentimentModelError,
    load_model,
    shipped_model,
)
from app.analysis.engine.sentiment_training import CORPUS_SHA256, SentimentTrainingError, read_labelled


def test_the_shipped_model_is_the_reviewed_file_and_records_what_it_was_trained_on() -> None:
    model = shipped_model()
    assert model.classes == ("negative", "neutral", "positive") and model.use_lexicon
    assert model.about["corpus_sha256"] == CORPUS_SHA256 and model.about["own_rows"] > 1000
    assert "neas" not in str(model.about).lower()


def test_an_altered_model_file_is_refused(tmp_path: Path) -> None:
    altered = tmp_path / "sentiment_model.npz"
    altered.write_bytes(SHIPPED_MODEL_PATH.read_bytes() + b"\0")
    with pytest.raises(SentimentModelError, match="not the reviewed file"):
        load_model(altered)


def test_probabilities_mix_the_two_experts_and_sum_to_one() -> None:
    model = shipped_model()
    rows = np.random.default_rng(0).normal(size=(4, model.community.weights.shape[0])).astype(np.float32)
    probabilities = model.probabilities(rows)
    assert probabilities.shape == (4, 3) and np.allclose(probabilities.sum(axis=1), 1.0)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Issue 18: both were wrong in the app before.
        ("I moved here two years ago and MK feels much safer, people are friendly.", "positive"),
        (
            "Please fix the street lights on Saxon Street, they have been out for months and it is pitch black.",
            "negative",
        ),
        ("Gangs of teenagers hang about by the station every evening and I'm scared to walk home.", "negative"),
        ("The community police officer who visits our sheltered housing is wonderful.", "positive"),
        ("Our organisation would welcome a seat on the partnership's youth subgroup.", "neutral"),
    ],
)
def test_the_pipeline_labels_answers_by_meaning(text: str, label: str) -> None:
    assert analyse_answer(text, load_default_codebook()).sentiment == label


@pytest.mark.parametrize("text", ["n/a", "N/A.", "Nothing to add.", "no comment", "None", "dunno"])
def test_non_answers_are_neutral(text: str) -> None:
    assert analyse_answer(text, load_default_codebook()).sentiment == "neutral"


def test_an_empty_answer_is_neutral_without_encoding() -> None:
    analysis = analyse_answer("   ", load_default_codebook())
    assert (analysis.sentiment, analysis.themes) == ("neutral", ())


def test_training_refuses_measuring_files(tmp_path: Path) -> None:
    for name in ("community_safety_comments_dev.csv", "nhs_feedback_neas.csv", "comments_unseen.csv"):
        path = tmp_path / name
        path.write_text("text,sentiment\nfine,positive\n", encoding="utf-8")
        with pytest.raises(SentimentTrainingError, match="measuring material"):
            read_labelled(path, None)
