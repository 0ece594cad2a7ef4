import numpy as np

from app.analysis.engine.features import fit_features
from app.analysis.engine.sentiment_model import fit_sentence_model, sentence_scores, tone_views, train_sentiment_model

PRAISE = ["the crew were kind and caring", "lovely staff, very helpful", "brilliant paramedics, thank you"]
COMPLAINT = ["waited {n} hours, awful", "nobody answered the phone for {n} hours", "rude operator and a long wait"]
MIXED = ["the crew were kind. But we waited {n} hours, awful", "lovely staff. Rude operator and a long wait"]


def rated_fixture(repeats: int = 8) -> tuple[list[str], np.ndarray]:
    texts: list[str] = []
    labels: list[str] = []
    for n in range(repeats):
        for group, label in ((PRAISE, "positive"), (COMPLAINT, "negative"), (MIXED, "neutral")):
            texts.extend(template.format(n=n + 2) for template in group)
            labels.extend([label] * len(group))
    return texts, np.array(labels)


def test_sentence_scores_separate_praise_complaint_and_mixed_answers() -> None:
    texts, labels = rated_fixture()
    features = fit_features(texts)
    model = fit_sentence_model(features, texts, labels, seed=0)
    scores = sentence_scores(features, ["kind and caring crew", "waited 9 hours, awful", MIXED[0].format(n=9)], model)
    assert scores[0, 0] > 0.5 > scores[1, 0]
    low, high = scores[2, 1], scores[2, 2]
    assert low < 0.5 < high


def test_sentence_model_needs_both_sides() -> None:
    texts = [template.format(n=2) for template in PRAISE]
    features = fit_features(texts)
    assert fit_sentence_model(features, texts, np.array(["positive"] * 3), seed=0) is None
    assert np.all(sentence_scores(features, texts, None) == 0.5)


def test_tone_views_include_textblob_polarity() -> None:
    features = fit_features(PRAISE)
    views = tone_views(features, ["reliable and excellent service", "it was a day"])
    textblob_polarity = views[:, features.tone_signals(["x"]).shape[1]]
    assert textblob_polarity[0] > 0
    assert textblob_polarity[1] == 0


def test_sentiment_model_learns_from_theme_scores() -> None:
    """Answers with no telling words are told apart only by the theme probabilities they come with.

    Without sentence embeddings, so the shipped sentiment model's view is a constant column: with them, its small,
    arbitrary differences between "answer number 98" and "answer number 99" are a second signal this test is not
    about."""
    texts = [f"answer number {n}" for n in range(40)]
    labels = np.array(["positive", "negative"] * 20)
    themes = (labels == "positive").astype(float).reshape(-1, 1)
    features = fit_features(texts, embeddings=False)
    model = train_sentiment_model(features, texts, labels, themes, seed=0)
    probabilities = model.predict_proba(features, ["answer number 99", "answer number 98"], np.array([[1.0], [0.0]]))
    positive = list(model.classes).index("positive")
    assert probabilities[0, positive] > 0.5 > probabilities[1, positive]


def test_sentiment_model_is_deterministic() -> None:
    texts, labels = rated_fixture()
    features = fit_features(texts)
    themes = np.zeros((len(texts), 0))
    first = train_sentiment_model(features, texts, labels, themes, seed=3).predict_proba(features, texts, themes)
    second = train_sentiment_model(features, texts, labels, themes, seed=3).predict_proba(features, texts, themes)
    assert np.array_equal(first, second)
    predicted = first.argmax(axis=1)
    classes = train_sentiment_model(features, texts, labels, themes, seed=3).classes
    assert np.mean(classes[predicted] == labels) > 0.9
