from app.analysis.engine import find_emerging_themes, load_default_codebook, noun_phrases, uncovered_indices

PLANTED = [
    "The swimming pool opening hours are too short",
    "swimming pool opening hours should be longer at weekends",
    "Please extend the swimming pool opening hours for working parents",
    "the leisure centre swimming pool closes far too early",
    "swimming pool opening hours are a joke, always shut",
    "We need better swimming pool opening hours in the holidays",
]
COVERED = [
    "drug dealing in the park every night",
    "burglars broke into my shed",
    "speeding on the main road",
    "the police never patrol here",
    "street lights are broken on the redway",
]


def test_noun_phrases_come_from_the_chunker() -> None:
    assert "leisure centre" in noun_phrases("the leisure centre is closed")


def test_covered_answers_are_not_candidates() -> None:
    texts = COVERED + PLANTED
    assert uncovered_indices(texts, load_default_codebook()) == list(range(len(COVERED), len(texts)))


def test_planted_uncovered_topic_is_found() -> None:
    texts = (COVERED * 4) + PLANTED * 2 + ["bus service is unreliable and the buses are late"] * 2
    candidates = find_emerging_themes(texts, load_default_codebook(), seed=0)
    top = candidates[0]
    assert "pool" in top.label.lower() or any("pool" in phrase for phrase in top.key_phrases)
    assert top.count >= 10
    assert all(texts[i] in PLANTED for i in top.example_indices)
    assert len(top.examples) == len(top.example_indices) > 0


def test_nothing_to_offer_when_everything_is_covered() -> None:
    assert find_emerging_themes(COVERED * 3, load_default_codebook()) == ()
