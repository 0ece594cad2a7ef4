"""Sentence embeddings: offline, checked, reused, and useful to the learned coder."""

import socket
from collections.abc import Iterator

import numpy as np
import pytest

from app.analysis.engine import CodedAnswer, embeddings, encoder, train_coder
from app.analysis.engine.embeddings import DIMENSIONS, EmbeddingModelError, embed, fit_vectors


@pytest.fixture
def fresh_model() -> Iterator[None]:
    """Forget the loaded model so the test loads it again, and forget whatever the test loaded afterwards."""
    encoder.shared_encoder.cache_clear()
    encoder.shared_batch_encoder.cache_clear()
    yield
    encoder.shared_encoder.cache_clear()
    encoder.shared_batch_encoder.cache_clear()


def test_answers_on_one_topic_are_closer_than_answers_on_another() -> None:
    dealing, cannabis, ambulance = embed(
        ["drug dealing on the corner", "people selling cannabis outside the shop", "the ambulance took ages to arrive"]
    )
    assert dealing.shape == (DIMENSIONS,)
    assert np.isclose(np.linalg.norm(dealing), 1.0, atol=1e-4)
    assert dealing @ cannabis > dealing @ ambulance + 0.2


def test_the_model_loads_with_the_network_refused(fresh_model: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert embed(["a slow response"]).shape == (1, DIMENSIONS)


def test_weights_other_than_the_reviewed_ones_are_refused(fresh_model: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder, "MODEL_SHA256", "0" * 64)
    with pytest.raises(EmbeddingModelError, match="not the reviewed file"):
        embed(["anything"])


def test_fitted_answers_are_not_encoded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors = fit_vectors(["slow ambulance", "kind crew", "slow ambulance"])
    assert len(vectors.known) == 2
    encoded: list[list[str]] = []
    real_embed = embeddings.embed

    def counting(texts: list[str]) -> np.ndarray:
        encoded.append(list(texts))
        return real_embed(texts)

    monkeypatch.setattr(embeddings, "embed", counting)
    rows = vectors.rows(["kind crew", "rude driver", "slow ambulance", "rude driver"])
    assert encoded == [["rude driver"]]
    np.testing.assert_allclose(rows[0], vectors.known["kind crew"])
    np.testing.assert_allclose(rows[1], rows[3])
    assert vectors.rows([]).shape == (0, DIMENSIONS)


def test_coder_recognises_a_theme_said_in_words_officers_never_coded() -> None:
    drugs = [
        "drug dealing in the park",
        "dealers outside the school",
        "people taking drugs in the stairwell",
        "needles left by drug users",
        "cannabis smell from the flats",
        "county lines dealing near the station",
    ]
    parking = [
        "cars parked on the pavement",
        "parking across driveways",
        "vans parked on double yellow lines",
        "nowhere to park near the shops",
        "people parking on the grass verge",
        "pavement parking blocks prams",
    ]
    coded = [CodedAnswer(f"{text} again and again", ("drugs",)) for text in drugs for _ in range(2)]
    coded += [CodedAnswer(f"{text} again and again", ("parking",)) for text in parking for _ in range(2)]
    coder = train_coder(coded, codebook=None)
    # No word of this answer is in any coded one; without the embedding the coder gives it no theme.
    assert coder.suggest(["someone selling heroin by the bus shelter"])[0].theme_ids == ("drugs",)


def test_answers_encoded_together_get_the_vectors_they_get_alone() -> None:
    """Batches are padded to their longest answer; the padding must not change any answer's vector."""
    texts = [
        "ok",
        "",
        "the street lights on our road have been out for months and nobody has fixed them",
        "ok",
        "drug dealing by the school gates",
        "  ",
        *[f"answer {i} about speeding cars" for i in range(40)],
    ]
    together = encoder.shared_encoder().encode(texts)
    alone = np.vstack([encoder.shared_encoder().encode_one(text) for text in texts])
    assert together.shape == (len(texts), DIMENSIONS)
    np.testing.assert_allclose(together, alone, atol=1e-5)
    assert not together[1].any() and not together[5].any()


def test_vectors_lent_to_a_coder_are_used_and_then_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors = fit_vectors(["known answer"])
    lent = np.ones((1, DIMENSIONS), dtype=np.float32)
    monkeypatch.setattr(embeddings, "embed", lambda texts: pytest.fail(f"encoded {texts} again"))
    with vectors.lent(["new answer"], lent):
        np.testing.assert_array_equal(vectors.rows(["new answer"]), lent)
    assert set(vectors.known) == {"known answer"}
