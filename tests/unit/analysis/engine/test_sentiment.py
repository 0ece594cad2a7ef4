import pytest

from app.analysis.engine import build_lexicon, score_sentiment, sentence_sentiments


@pytest.mark.parametrize(
    "text",
    [
        "I don't feel safe",
        "Drug dealing near the school is a big problem",
        "I never feel safe walking home",
        "The police never turn up, what's the point",
        "It's getting worse every year and nobody cares",
        "the underpasses are so scary at night",
    ],
)
def test_negative_answers_are_negative(text: str) -> None:
    assert score_sentiment(text).label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Honestly it's not as bad as people say",
        "I feel safe here, the neighbours look out for each other",
        "The neighbourhood team have been brilliant",
        "Never had a problem living here",
        "Can't fault the officers who came out",
    ],
)
def test_positive_answers_are_positive(text: str) -> None:
    assert score_sentiment(text).label == "positive"


@pytest.mark.parametrize("text", ["n/a", "Nothing really", "youth clubs open in the evenings", ""])
def test_factual_or_empty_answers_are_neutral(text: str) -> None:
    assert score_sentiment(text).label == "neutral"


def test_negation_flips_a_positive_word() -> None:
    assert score_sentiment("I feel safe").polarity > 0 > score_sentiment("I do not feel safe").polarity


def test_negation_scope_ends_at_punctuation() -> None:
    assert score_sentiment("Not much to say. I feel safe").label == "positive"


def test_mixed_answer_is_neutral() -> None:
    assert score_sentiment("The response was good, the follow-up was bad.").label == "neutral"


def test_confidence_is_higher_for_clearer_answers() -> None:
    weak = score_sentiment("it's a bit of an issue")
    strong = score_sentiment("absolutely terrified, it's awful and dangerous")
    assert 0 < weak.confidence < strong.confidence <= 1


def test_sentence_sentiments_score_each_sentence() -> None:
    sentences = sentence_sentiments("The park is lovely. The underpass is terrifying at night.")
    assert [s.sentiment.label for s in sentences] == ["positive", "negative"]
    assert sentences[1].text == "The underpass is terrifying at night."


def test_custom_lexicon_changes_scores() -> None:
    lexicon = build_lexicon({"words": {"zorbing": -0.9}}, base={})
    assert score_sentiment("zorbing everywhere", lexicon).label == "negative"
    assert score_sentiment("zorbing everywhere").label == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "more patrols please",
        "could we have better lighting in the underpass, it is scary at night",
        "More CCTV in the car park because of the vandalism and fights",
        "Better lighting would help",
    ],
)
def test_requests_and_suggestions_are_neutral(text: str) -> None:
    assert score_sentiment(text).label == "neutral"


def test_a_request_counts_for_less_than_the_same_words_as_experience() -> None:
    request = score_sentiment("More police please, the drug dealing is a big problem")
    account = score_sentiment("The drug dealing is a big problem")
    assert account.label == "negative"
    assert account.polarity < request.polarity < 0


def test_a_complaint_after_a_request_sentence_still_counts() -> None:
    assert score_sentiment("More patrols please. I don't feel safe and it's getting worse.").label == "negative"


def test_reported_feelings_are_damped_but_own_feelings_are_not() -> None:
    assert score_sentiment("Residents tell us they feel unsafe in the park").label == "neutral"
    assert score_sentiment("I feel unsafe in the park").label == "negative"


def test_reported_scope_ends_at_the_clause() -> None:
    assert score_sentiment("Residents tell us about the park, and honestly it is terrifying").label == "negative"


def test_not_as_bad_as_people_say_leans_positive() -> None:
    score = score_sentiment("It's not as bad as people say round here")
    assert score.label == "positive" and score.polarity > 0


def test_dont_feel_safe_is_negative_with_some_confidence() -> None:
    score = score_sentiment("I don't feel safe walking home")
    assert score.label == "negative" and score.confidence > 0.5


@pytest.mark.parametrize(
    "text",
    [
        "The officer was reliable and punctual",
        "They put my mind at rest",
        "Dealt with swiftly and professionally",
        "Nothing was too much trouble for the team",
    ],
)
def test_service_praise_words_textblob_lacks_are_positive(text: str) -> None:
    assert score_sentiment(text).label == "positive"


@pytest.mark.parametrize(
    "text",
    ["The call handler was disrespectful and arrogant", "I was not taken seriously", "Passed from pillar to post"],
)
def test_service_complaint_words_textblob_lacks_are_negative(text: str) -> None:
    assert score_sentiment(text).label == "negative"
