import numpy as np

from app.analysis.engine.embeddings import DIMENSIONS as EMBEDDING_DIMENSIONS
from app.analysis.engine.features import fit_features
from app.analysis.engine.themes_model import NO_MARGIN, DecisionRule, _choose_threshold, add_relative


def test_decision_rule_gives_best_theme_and_close_runners_up() -> None:
    probabilities = np.array([[0.45, 0.40, 0.10], [0.30, 0.05, 0.02], [0.04, 0.03, 0.01]])
    threshold = 0.9
    margins = probabilities - threshold
    nothing = np.zeros(probabilities.shape, dtype=bool)
    predicted = add_relative(nothing, margins, threshold, DecisionRule(ratio=0.8, floor=0.1))
    assert predicted.tolist() == [[True, True, False], [True, False, False], [False, False, False]]


def test_decision_rule_skips_themes_without_a_learned_source() -> None:
    margins = np.array([[0.5, 0.4], [0.1, NO_MARGIN]]) - 0.5
    columns = np.array([False, True])
    predicted = add_relative(np.zeros((2, 2), dtype=bool), margins, 0.5, DecisionRule(1.0, 0.0), columns)
    assert predicted.tolist() == [[False, True], [False, False]]


def test_no_rule_leaves_threshold_decisions_alone() -> None:
    predicted = np.array([[True, False]])
    assert add_relative(predicted, np.array([[0.1, 0.05]]), 0.5, None) is predicted


def test_single_theme_coding_chooses_the_best_theme_rule() -> None:
    rng = np.random.default_rng(0)
    gold = np.zeros((60, 3), dtype=bool)
    gold[np.arange(60), rng.integers(0, 3, 60)] = True
    # Scores rank the right theme first but are all low, so no absolute threshold codes anything.
    probabilities = np.where(gold, 0.25, 0.1) + rng.uniform(0, 0.02, gold.shape)
    threshold, rule = _choose_threshold(probabilities, gold, np.zeros(gold.shape, dtype=bool))
    assert rule is not None and rule.ratio > 0.5 and rule.floor <= 0.25


def test_tone_signals_mark_mixed_answers() -> None:
    features = fit_features(["the crew were lovely", "the wait was awful"])
    mixed, praise = features.tone_signals(["The crew were lovely. The wait was awful.", "The crew were lovely."])
    assert mixed[3] > 0 and mixed[4] == 1.0 and mixed[5] == 1.0
    assert praise[3] == 0 and praise[4] == 0.0 and praise[1] > 0


def test_latent_space_needs_enough_answers_and_is_deterministic() -> None:
    few = fit_features(["a kind crew", "a long wait"])
    assert few.latent is None
    topics = ("wait", "crew", "call", "ride")
    texts = [f"answer {i} about the {topics[i % 4]} and the {topics[(i // 4) % 4]}" for i in range(80)]
    features = fit_features(texts, seed=1)
    assert features.latent is not None
    first = features.sentiment_transform(texts[:5]).toarray()
    second = fit_features(texts, seed=1).sentiment_transform(texts[:5]).toarray()
    n_grams = len(features.word_vectoriser.vocabulary_) + len(features.char_vectoriser.vocabulary_)
    assert first.shape[1] == n_grams + EMBEDDING_DIMENSIONS + 12 + features.latent.n_components
    np.testing.assert_allclose(first, second)


def test_threshold_search_finds_a_cut_between_coarse_steps() -> None:
    # Each answer has two of three themes; right themes score 0.46-0.47, the wrong one 0.44, so neither a cut at
    # 0.4 or 0.5 nor a runner-up ratio of 0.9 or 1.0 codes every answer right: only a finer step does.
    gold = np.ones((30, 3), dtype=bool)
    gold[np.arange(30), np.arange(30) % 3] = False
    probabilities = np.where(gold, 0.46, 0.44)
    probabilities[np.arange(30), (np.arange(30) + 1) % 3] = 0.47
    threshold, rule = _choose_threshold(probabilities, gold, np.zeros(gold.shape, dtype=bool))
    predicted = add_relative(probabilities >= threshold, probabilities - threshold, threshold, rule)
    assert (predicted == gold).all()
