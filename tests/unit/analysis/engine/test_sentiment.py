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
