"""Behaviour of the safeguarding screen's rules on pupil-style writing (no app, no database).

The rules are the precise half of the screen: they name the words that matched and tell a third-party worry from a
child's own disclosure. The whole screen (rules and learned screen together) is tested in test_safeguarding_screen.py
and measured by ``evaluate-safeguarding``."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from app.analysis.engine.safeguarding import (
    CATEGORIES,
    CATEGORY_LABELS,
    LEVEL_ORDER,
    LEVELS,
    ScreeningResult,
    screen_rules,
)
from app.analysis.engine.safeguarding_lexicon import LexiconError, parse_lexicon
from app.analysis.engine.safeguarding_text import normalise

FIXTURE = Path(__file__).parent / "safeguarding_fixture.csv"
FLAGGED = {"concern", "urgent"}


@pytest.mark.parametrize(
    "text",
    [
        "my dad doesnt come home much and theres never food",
        "something happened at a party that i didnt want",
        "an older boy gives me money to take bags to places",
        "i dont want to be here anymore",
        "nobody at home talks to me and i get left on my own for days",
        "he said not to tell anyone what happened",
    ],
)
def test_disclosure_without_keyword_is_flagged(text: str) -> None:
    assert screen_rules(text).level in FLAGGED


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i been going country with my cousin", "criminal_exploitation"),
        ("im running a line for some olders", "criminal_exploitation"),
        ("i cotch at an olders trap most nights", "criminal_exploitation"),
        ("i do drops for my cousin for a bit of money", "criminal_exploitation"),
        ("im basically in debt bondage, i owe them and have to work it off", "criminal_exploitation"),
        ("i keep a shank in my bag", "weapons_violence"),
        ("i got merked by some boys from the estate", "weapons_violence"),
        ("i link up with a 20 year old guy from snap", "sexual_harm"),
    ],
)
def test_first_person_slang_is_flagged(text: str, category: str) -> None:
    result = screen_rules(text)
    assert result.level in FLAGGED
    assert result.category == category


@pytest.mark.parametrize(
    "text",
    [
        "theres a trap house on our road",
        "man dem be shotting ching by the chicken shop",
        "loads of nitties by the underpass",
        "lots of people carry shanks cuz of the opps",
        "people get merked round here",
        "youngers get used by olders to go country",
        "its deep round here for real",
        "someone got plugging on the news",
    ],
)
def test_third_party_slang_is_watch(text: str) -> None:
    assert screen_rules(text).level == "watch"


@pytest.mark.parametrize(
    "text",
    [
        "this survey is killing me",
        "i'd kill for a better park",
        "my brother is so annoying",
        "i'm dying to go to the new skate park",
        "we need more police",
        "there's drugs in the news a lot",
        "my mum would literally murder me if i stayed out late lol",
        "i got hit by a ball in pe and it really hurt",
        "i got battered at fifa by my cousin",
        "i would never carry a knife",
        "if someone hurt me i would tell a teacher",
        "my little brother hits me with his toys lol hes 3",
        "i feel trapped in this town there is nothing to do",
        "the older kids at the bus stop are loud but they leave us alone",
        "i dont eat breakfast",
    ],
)
def test_everyday_phrases_are_not_flagged(text: str) -> None:
    assert screen_rules(text).level not in FLAGGED


@pytest.mark.parametrize(
    "text",
    [
        "people sell weed in the park by my house",
        "my mate carries a knife",
        "my friend says her step dad hits her mum",
        "my friend never has lunch and says theres no food at home",
        "a girl in my year has cuts on her arms",
        "knife crime on the news scares me",
    ],
)
def test_general_or_third_party_worry_is_watch_not_concern(text: str) -> None:
    assert screen_rules(text).level == "watch"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("im going to end it tonight i cant do this anymore", "self_harm"),
        ("i want to kill myself", "self_harm"),
        ("my dad hurt me this morning and i dont want to go home after school", "abuse_neglect"),
        ("mums boyfriend is hitting her right now and im hiding in the bathroom", "domestic_abuse"),
        ("they make me hold the shank for them and its in my bag rn", "weapons_violence"),
        ("i carry a blade now because the opps said im next", "weapons_violence"),
        ("someone said theyre going to stab me after school tomorrow", "weapons_violence"),
        ("these olders make me go country and if i dont they say ill owe them", "criminal_exploitation"),
        ("a man says he will send my pics to everyone tonight if i dont send more", "sexual_harm"),
        ("my uncle comes in my room at night and touches me", "sexual_harm"),
        ("they took my passport and i have to work at the car wash", "modern_slavery"),
    ],
)
def test_immediate_risk_is_urgent(text: str, category: str) -> None:
    result = screen_rules(text)
    assert result.level == "urgent"
    assert result.category == category


@pytest.mark.parametrize(
    "text",
    [
        "i feel like no one would care if i wasnt here",
        "a man online keeps asking me to send pics",
        "older boys give me money to take packages to other towns",
        "i carry a knife cos everyone round here has one",
    ],
)
def test_disclosure_without_imminence_is_concern(text: str) -> None:
    assert screen_rules(text).level == "concern"


def test_being_told_to_kill_yourself_is_bullying_not_suicidal_intent() -> None:
    result = screen_rules("they made a group chat about me and told me to kill myself")
    assert (result.level, result.category) == ("concern", "bullying")


def test_negated_disclosure_is_not_flagged() -> None:
    assert screen_rules("my dad never hits me").level == "none"
    assert screen_rules("my dad hits me").level == "concern"


def test_triggers_show_the_pupils_own_words() -> None:
    text = "Im gonna kms"
    result = screen_rules(text)
    assert result.level == "urgent"
    assert "kms" in " ".join(result.triggers)
    assert all(trigger in text for trigger in result.triggers)
    escalated = screen_rules("my step dad hits me and im scared to go home 2nite")
    assert escalated.level == "urgent"
    assert "2nite" in escalated.triggers


def test_escalation_cue_is_reported_as_a_trigger() -> None:
    result = screen_rules("my step dad hits me and im scared to go home tonight")
    assert result.level == "urgent"
    assert any("tonight" in trigger for trigger in result.triggers)


def test_misspelt_harm_words_are_recognised() -> None:
    assert screen_rules("i carry a nife becuase of the opps").level == "urgent"
    assert screen_rules("sum1 stabed me last year").level == "concern"


def test_empty_text_is_none() -> None:
    assert screen_rules("   ") == ScreeningResult(level="none", category=None, triggers=())


def test_result_is_frozen_and_consistent() -> None:
    result = screen_rules("my dad hits me")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.level = "none"  # type: ignore[misc]
    assert result.flagged
    assert result.category in CATEGORIES


def test_level_order_and_category_labels() -> None:
    assert [level for level, _ in sorted(LEVEL_ORDER.items(), key=lambda item: item[1])] == list(LEVELS)
    assert LEVEL_ORDER["urgent"] > LEVEL_ORDER["concern"] > LEVEL_ORDER["watch"] > LEVEL_ORDER["none"]
    assert set(CATEGORY_LABELS) == {
        "self_harm",
        "abuse_neglect",
        "sexual_harm",
        "domestic_abuse",
        "criminal_exploitation",
        "weapons_violence",
        "modern_slavery",
        "bullying",
        "radicalisation",
    }


def test_screen_is_deterministic() -> None:
    text = "an older guy keeps buying me trainers and now wants me to do favours for him"
    assert {screen_rules(text) for _ in range(5)} == {screen_rules(text)}


def test_normalise_expands_pupil_spelling_and_maps_back() -> None:
    normalised = normalise("I dont wanna go home cuz he's there")
    assert normalised.text == "i do not want to go home because he is there"
    start = normalised.text.index("because")
    assert normalised.original_span(start, start + len("because")) == "cuz"


def test_malformed_lexicon_is_rejected() -> None:
    bad = {"rules": [{"id": "x", "category": "not_a_category", "level": "concern", "patterns": ["a"]}]}
    with pytest.raises(LexiconError):
        parse_lexicon(bad, frozenset(CATEGORIES))
    with pytest.raises(LexiconError):
        parse_lexicon(
            {"rules": [{"id": "y", "category": "bullying", "level": "concern", "patterns": ["%NOPE%"]}]},
            frozenset(CATEGORIES),
        )


def _fixture_rows() -> list[dict[str, str]]:
    with FIXTURE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_fixture_meets_recall_and_false_positive_targets() -> None:
    rows = _fixture_rows()
    results = {row["id"]: screen_rules(row["text"]) for row in rows}
    at_risk = [row for row in rows if row["level"] in FLAGGED]
    urgent = [row for row in rows if row["level"] == "urgent"]
    ordinary = [row for row in rows if row["level"] == "none"]
    recall = sum(results[row["id"]].level in FLAGGED for row in at_risk) / len(at_risk)
    recall_urgent = sum(results[row["id"]].level == "urgent" for row in urgent) / len(urgent)
    false_positives = sum(results[row["id"]].level in FLAGGED for row in ordinary) / len(ordinary)
    assert recall >= 0.95
    assert recall_urgent >= 0.95
    assert false_positives <= 0.10
