"""Themes from meaning: an answer close to a theme's examples gets the theme though it shares no phrase with it."""

from __future__ import annotations

from app.analysis.engine.codebook import Codebook, Theme, load_default_codebook, match_themes
from app.analysis.engine.pipeline import analyse_answer
from app.analysis.engine.theme_meaning import TRIGGER_PREFIX

LAMPS = "The lamps along our close have been dead since the winter and it is black as night out there"


def _codebook(examples: tuple[str, ...]) -> Codebook:
    return Codebook(
        (
            Theme(
                "environment_lighting",
                "Lighting",
                "street lighting and dark paths",
                ("street light*",),
                examples=examples,
            ),
            Theme(
                "burglary_theft",
                "Burglary",
                "burglary and theft",
                ("burglar*",),
                examples=("Our house was broken into while we were away",),
            ),
        )
    )


def test_an_answer_without_any_phrase_gets_a_theme_from_its_meaning() -> None:
    codebook = _codebook(("The street lamps on our road have been broken for months",))
    assert match_themes(LAMPS, codebook) == ()
    analysis = analyse_answer(LAMPS, codebook)
    assert analysis.theme_ids == ("environment_lighting",)
    (trigger,) = analysis.themes[0].triggers
    assert trigger == f"{TRIGGER_PREFIX}The street lamps on our road have been broken for months"


def test_without_examples_only_phrases_find_themes() -> None:
    assert analyse_answer(LAMPS, _codebook(())).theme_ids == ()


def test_phrase_matches_keep_their_words_and_nothing_to_add_gets_no_theme() -> None:
    codebook = load_default_codebook()
    burgled = analyse_answer("We were burgled last year", codebook)
    assert "burglary_theft" in burgled.theme_ids
    assert dict((m.theme_id, m.triggers) for m in burgled.themes)["burglary_theft"] == ("burgled",)
    for text in ("Nothing to add, thank you.", "No comment", "n/a"):
        assert analyse_answer(text, codebook).theme_ids == ()


def test_shipped_codebook_finds_a_scam_by_meaning() -> None:
    codebook = load_default_codebook()
    assert all(len(theme.examples) >= 10 for theme in codebook.active_themes)
    grandad = "A man rang my grandad saying he was from his bank and talked him into handing over his savings"
    assert match_themes(grandad, codebook) == ()
    assert analyse_answer(grandad, codebook).theme_ids == ("fraud_scams_online",)


def test_examples_round_trip_through_a_mapping() -> None:
    codebook = Codebook.from_mapping({"themes": [{"id": "a", "label": "A", "examples": "one\n two \n\n"}]})
    assert codebook.themes[0].examples == ("one", "two")
    assert Codebook.from_mapping(codebook.to_mapping()) == codebook
