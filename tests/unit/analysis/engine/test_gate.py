"""The learned coder replaces the codebook only on enough held-back answers and a gain beyond the noise."""

from __future__ import annotations

import random

from app.analysis.engine.gate import MIN_HELD_BACK, sentiment_gain, themes_gain
from app.analysis.engine.metrics import sentiment_agreement, theme_agreement
from app.analysis.recompute import MIN_HELD_BACK as SHOWN_TO_OFFICERS

LABELS = ("negative", "neutral", "positive")


def _answers(n: int, learned_right: float, baseline_right: float, seed: int = 0) -> tuple[list[str], ...]:
    rng = random.Random(seed)
    gold = [LABELS[i % 3] for i in range(n)]

    def guess(label: str, rate: float) -> str:
        return label if rng.random() < rate else rng.choice([other for other in LABELS if other != label])

    return gold, [guess(g, learned_right) for g in gold], [guess(g, baseline_right) for g in gold]


def test_six_answers_never_switch_however_large_the_gain() -> None:
    gold = ["negative", "neutral", "positive", "negative", "neutral", "positive"]
    learned = list(gold)
    baseline = ["negative", "negative", "negative", "negative", "negative", "negative"]
    interval = sentiment_gain(gold, learned, baseline)
    assert interval.n == 6 and interval.gain > 0.5
    assert not interval.switch


def test_a_clear_gain_on_enough_answers_switches_and_its_interval_is_above_zero() -> None:
    gold, learned, baseline = _answers(300, learned_right=0.85, baseline_right=0.55)
    interval = sentiment_gain(gold, learned, baseline)
    assert 0 < interval.low < interval.gain < interval.high
    assert interval.switch


def test_observed_gain_is_the_difference_of_the_reported_macro_f1() -> None:
    gold, learned, baseline = _answers(120, learned_right=0.7, baseline_right=0.6, seed=3)
    expected = sentiment_agreement(gold, learned).macro_f1 - sentiment_agreement(gold, baseline).macro_f1
    assert abs(sentiment_gain(gold, learned, baseline).gain - expected) < 1e-3


def test_a_small_gain_on_enough_answers_whose_interval_reaches_zero_does_not_switch() -> None:
    gold, baseline, _ = _answers(60, learned_right=0.6, baseline_right=0.6, seed=5)
    first_miss = next(i for i, (g, b) in enumerate(zip(gold, baseline, strict=True)) if g != b)
    learned = [*baseline[:first_miss], gold[first_miss], *baseline[first_miss + 1 :]]  # one answer better
    interval = sentiment_gain(gold, learned, baseline)
    assert interval.n >= MIN_HELD_BACK and interval.low <= 0
    assert not interval.switch


def test_themes_gain_is_the_samples_f1_difference_and_switches_only_with_enough_answers() -> None:
    gold = [("drugs",), ("road_safety", "drugs"), ()] * 30
    learned = [("drugs",), ("road_safety", "drugs"), ()] * 30
    baseline = [("drugs",), ("road_safety",), ("drugs",)] * 30
    interval = themes_gain(gold, learned, baseline)
    expected = theme_agreement(gold, learned).samples_f1 - theme_agreement(gold, baseline).samples_f1
    assert abs(interval.gain - expected) < 1e-3 and interval.switch
    assert not themes_gain(gold[:9], learned[:9], baseline[:9]).switch


def test_the_overview_states_the_same_minimum_as_the_gate() -> None:
    assert SHOWN_TO_OFFICERS == MIN_HELD_BACK
