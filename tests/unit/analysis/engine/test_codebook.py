import pytest

from app.analysis.engine import Codebook, CodebookError, Theme, analyse_answer, load_default_codebook, match_themes

SMALL = Codebook(
    themes=(
        Theme("bins", "Bins", phrases=("bin*", "rubbish collection")),
        Theme("parks", "Parks", phrases=("park", "playground*", "!car park")),
        Theme("old", "Old", phrases=("bins",), retired=True),
    )
)


def test_default_codebook_has_the_spec_themes() -> None:
    ids = set(load_default_codebook().theme_ids)
    assert {"anti_social_behaviour", "vawg", "alcohol_night_time", "county_lines_exploitation"} <= ids
    assert len(ids) == 18


def test_matches_report_triggering_words() -> None:
    matches = match_themes("The bins are never emptied and the playgrounds are filthy", SMALL)
    assert [(m.theme_id, m.triggers) for m in matches] == [("bins", ("bins",)), ("parks", ("playgrounds",))]


def test_retired_themes_are_not_matched() -> None:
    assert "old" not in [m.theme_id for m in match_themes("bins", SMALL)]


def test_blocker_phrase_suppresses_a_match() -> None:
    assert match_themes("someone parked badly in the car park", SMALL) == ()


def test_hyphens_and_spaces_are_equivalent() -> None:
    codebook = load_default_codebook()
    for text in ("anti-social behaviour", "anti social behaviour", "Antisocial kids"):
        assert [m.theme_id for m in match_themes(text, codebook)] == ["anti_social_behaviour"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Someone got stabbed outside the chicken shop", {"knife_crime_violence"}),
        ("My catalytic converter was nicked", {"burglary_theft"}),
        ("boy racers speeding down the main road", {"road_safety"}),
        ("girls get catcalled walking home", {"vawg"}),
        ("people dealing weed by the school", {"drugs"}),
        ("street drinkers outside the off licence", {"alcohol_night_time"}),
    ],
)
def test_everyday_phrases_find_their_theme(text: str, expected: set[str]) -> None:
    assert expected <= {m.theme_id for m in match_themes(text, load_default_codebook())}


def test_answers_can_have_several_themes() -> None:
    result = analyse_answer("Drunks fighting outside the pubs and the police never come", load_default_codebook())
    assert {"alcohol_night_time", "knife_crime_violence", "policing_visibility"} <= set(result.theme_ids)
    assert all(match.triggers for match in result.themes)


def test_domestic_violence_is_not_knife_crime() -> None:
    ids = {m.theme_id for m in match_themes("domestic violence is rising", load_default_codebook())}
    assert ids == {"domestic_abuse"}


def test_codebook_round_trips_through_a_mapping() -> None:
    assert Codebook.from_mapping(SMALL.to_mapping()) == SMALL


def test_from_mapping_accepts_comma_separated_phrases() -> None:
    codebook = Codebook.from_mapping({"themes": [{"id": "a", "label": "A", "phrases": "one, two words"}]})
    assert codebook.themes[0].phrases == ("one", "two words")


def test_bad_mappings_are_rejected() -> None:
    with pytest.raises(CodebookError):
        Codebook.from_mapping({"themes": [{"label": "no id"}]})
    with pytest.raises(CodebookError):
        Codebook(themes=(Theme("a", "A"), Theme("a", "B")))


def test_analyse_answer_returns_redacted_text_and_sentiment() -> None:
    result = analyse_answer("I don't feel safe, ring me on 07700 900123", load_default_codebook())
    assert result.sentiment == "negative"
    assert result.redacted_text == "I don't feel safe, ring me on [phone]"
    assert -1 <= result.polarity < 0
