"""How far a recompute would move the overall picture, and which answers show it."""

from __future__ import annotations

from app.analysis.recompute_review import EXAMPLE_LIMIT, Coding, changed_examples, distribution, largest_shift

BEFORE = {
    1: Coding("negative", ("drugs",)),
    2: Coding("neutral", ()),
    3: Coding("positive", ("policing_visibility",)),
    4: Coding("negative", ("drugs", "road_safety")),
}


def test_distribution_is_the_share_of_answers_per_label_and_theme() -> None:
    shares = distribution(BEFORE)
    assert shares["sentiment"] == {"negative": 50.0, "neutral": 25.0, "positive": 25.0}
    assert shares["themes"] == {"drugs": 50.0, "policing_visibility": 25.0, "road_safety": 25.0}


def test_largest_shift_names_what_moved_most_in_points() -> None:
    after = {**BEFORE, 2: Coding("negative", ()), 3: Coding("negative", ("policing_visibility",))}
    shift = largest_shift(distribution(BEFORE), distribution(after))
    assert (shift.points, shift.what) == (50.0, "sentiment:negative")
    themed = {**BEFORE, 2: Coding("neutral", ("youth_provision",))}
    assert largest_shift(distribution(BEFORE), distribution(themed)).what == "themes:youth_provision"
    assert largest_shift(distribution(BEFORE), distribution(BEFORE)).points == 0.0


def test_examples_show_answers_behind_the_largest_shift_first() -> None:
    after = {
        2: Coding("neutral", ("drugs",)),
        3: Coding("negative", ("policing_visibility",)),
        4: Coding("negative", ("drugs", "road_safety")),
    }
    shift = largest_shift(distribution(BEFORE), distribution({**BEFORE, **after}))
    assert shift.what == "sentiment:negative"
    examples = changed_examples(BEFORE, after, shift, {2: "two", 3: "three", 4: "four"})
    assert [e["answer_id"] for e in examples] == [3, 2]  # 4 did not change
    assert examples[0] == {
        "answer_id": 3,
        "text": "three",
        "sentiment_before": "positive",
        "sentiment_after": "negative",
        "themes_before": ["policing_visibility"],
        "themes_after": ["policing_visibility"],
    }


def test_examples_are_limited() -> None:
    before = {i: Coding("positive", ()) for i in range(50)}
    after = {i: Coding("negative", ()) for i in range(50)}
    shift = largest_shift(distribution(before), distribution(after))
    assert len(changed_examples(before, after, shift, {})) == EXAMPLE_LIMIT
