from app.analysis.engine import AnalysedAnswer, summarise_themes
from app.analysis.engine.summaries import QUOTE_MAX_CHARS

ANSWERS = [
    AnalysedAnswer(
        "Drug dealing by the shops every night", ("drugs",), "negative", "resident", {"ward": "Bletchley"}, "r1"
    ),
    AnalysedAnswer(
        "Dealers by the shops, ring me on 07700 900123",
        ("drugs", "policing_visibility"),
        "negative",
        "resident",
        {"ward": "Bletchley"},
        "r2",
    ),
    AnalysedAnswer(
        "Police dealt well with the drug dealing",
        ("drugs", "policing_visibility"),
        "positive",
        "stakeholder",
        {"ward": "Wolverton"},
        "r3",
    ),
    AnalysedAnswer("More police please", ("policing_visibility",), "neutral", "pupil", {"ward": "Wolverton"}, "r4"),
    AnalysedAnswer("Nothing to add", (), "neutral", "resident", {}, "r4"),
]


def test_counts_shares_and_sentiment_split() -> None:
    drugs = summarise_themes(ANSWERS, ["drugs"])[0]
    assert drugs.count == 3 and drugs.respondents == 3
    assert drugs.share_of_respondents == 0.75
    assert drugs.sentiment == {"negative": 2, "neutral": 0, "positive": 1}


def test_breakdowns_by_audience_and_dimension() -> None:
    police = summarise_themes(ANSWERS, ["policing_visibility"])[0]
    assert police.by_audience == {"pupil": 1, "resident": 1, "stakeholder": 1}
    assert police.by_dimension == {"ward": {"Bletchley": 1, "Wolverton": 2}}


def test_themes_default_to_most_common_first() -> None:
    assert [s.theme_id for s in summarise_themes(ANSWERS)] == ["drugs", "policing_visibility"]


def test_quotes_are_redacted_and_cover_the_sentiment_split() -> None:
    quotes = summarise_themes(ANSWERS, ["drugs"], quotes_per_theme=3)[0].quotes
    assert {quote.sentiment for quote in quotes} == {"negative", "positive"}
    assert all("07700" not in quote.text for quote in quotes)
    assert len({quote.answer_index for quote in quotes}) == len(quotes) == 3


def test_long_answers_are_quoted_by_their_most_typical_sentence() -> None:
    """The sentence about the theme sits in the middle of a long answer: cutting the answer at 280 characters (or
    taking its first or last sentence) quotes filler instead."""
    filler = "I have lived here for years and years. " * 4
    long_text = filler + "Drug dealing by the shops is constant. " + filler
    assert len(long_text) > QUOTE_MAX_CHARS
    answers = [*ANSWERS[:2], AnalysedAnswer(long_text, ("drugs",), "negative")]
    quotes = {quote.answer_index: quote.text for quote in summarise_themes(answers, ["drugs"])[0].quotes}
    assert quotes[2] == "Drug dealing by the shops is constant."
    assert all(len(text) <= QUOTE_MAX_CHARS for text in quotes.values())
