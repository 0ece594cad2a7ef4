from app.analysis.engine import find_emerging_themes, load_default_codebook, noun_phrases, uncovered_indices
from app.analysis.engine.emerging import MIN_COHESION

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
DOGS = [
    "Dog mess all over the grass where children play",
    "Owners let their dogs foul the footpath and never pick it up",
    "Too many dogs off the lead chasing people in the park",
    "Dog fouling outside the primary school gates is disgusting",
    "An out of control dog bit my son on the green",
]
STATIONS = [
    "The railway station feels deserted and unsafe after the last train",
    "Waiting at the train station late at night is unnerving",
    "Nobody staffs the railway station in the evening so it feels unsafe",
    "The train station is empty and frightening at night",
]
BUSES = [
    "The buses stop running at seven so I have to walk home",
    "Bus services were cut and the last bus leaves far too early",
    "Buses are always late and the timetable is useless",
    "More frequent buses at night would help shift workers get home",
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
    assert "pool" in top.label.lower()
    assert top.count == 12 and not top.estimated
    assert all(texts[i] in PLANTED for i in top.example_indices)
    assert len(top.examples) == len(top.example_indices) > 0


def test_three_topics_are_three_candidates_each_about_one_thing() -> None:
    texts = DOGS + STATIONS + BUSES
    candidates = find_emerging_themes(texts, None, seed=0)
    by_topic = {}
    for candidate in candidates:
        members = {
            topic
            for topic, group in (("dog", DOGS), ("station", STATIONS), ("bus", BUSES))
            for i in candidate.example_indices
            if texts[i] in group
        }
        assert len(members) == 1, (candidate.label, candidate.examples)
        assert candidate.cohesion >= MIN_COHESION
        by_topic[members.pop()] = candidate
    assert set(by_topic) == {"dog", "station", "bus"}
    for topic, candidate in by_topic.items():
        assert topic in candidate.label.lower(), candidate.label


def test_answers_like_no_other_are_not_offered() -> None:
    loners = [
        "The library should open on Sundays",
        "My neighbour's cat keeps getting out",
        "Council tax is far too high this year",
        "The new cycle lane is brilliant",
    ]
    assert find_emerging_themes(loners, None) == ()


def test_a_large_set_is_read_from_a_sample_and_counts_are_scaled() -> None:
    texts = PLANTED * 10
    (candidate,) = find_emerging_themes(texts, None, sample_size=20)
    assert candidate.estimated and candidate.count == 60


def test_nothing_to_offer_when_everything_is_covered() -> None:
    assert find_emerging_themes(COVERED * 3, load_default_codebook()) == ()
