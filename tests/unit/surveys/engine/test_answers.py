from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

from app.surveys.engine import (
    AnswerItem,
    PageResult,
    SurveyDefinition,
    UnknownPageError,
    ValidationError,
    error_anchor,
    field_names,
    form_values,
    page_values,
    parse_definition,
    read_page,
)
from app.surveys.messages import resident, worded
from app.surveys.messages.resident import NUL as NUL_MESSAGE

TODAY = date(2024, 11, 1)


def one_question(question: dict[str, Any]) -> SurveyDefinition:
    question = {"label": "Question", **question}
    return parse_definition(
        {
            "schema_version": 1,
            "slug": "test",
            "title": "Test",
            "audience": "public",
            "pages": [{"id": "only", "title": "Only", "questions": [question]}],
        }
    )


def said(errors: Mapping[str, ValidationError]) -> dict[str, str]:
    """The errors as residents read them: these tests also hold the resident wording to what it has always been."""
    return worded(errors, resident.word)


def submit(question: dict[str, Any], form: dict[str, list[str]]) -> PageResult:
    return read_page(one_question(question), "only", form, {}, today=TODAY)


CHOICE = {"id": "colour", "type": "single_choice", "options": ["Red", "Blue", "Don't know"], "other": True}
MULTI = {
    "id": "help",
    "type": "multiple_choice",
    "options": ["Lighting", "CCTV", "Patrols", "Don't know"],
    "other": True,
    "exclusive": ["dont_know"],
    "max_choices": 3,
}
GRID = {
    "id": "safe",
    "type": "grid",
    "required": True,
    "required_message": "Select how safe you feel {row}",
    "rows": [{"value": "home_day", "label": "in your home during the day"}, {"value": "park", "label": "in parks"}],
    "options": ["Safe", "Unsafe", "Don't know"],
}
RANKING = {"id": "top", "type": "ranking", "options": ["Violence", "Drugs", "ASB", "Fraud"], "pick": 3}


def test_single_choice_stores_the_option_value() -> None:
    result = submit(CHOICE, {"colour": ["blue"]})

    assert result.ok
    assert result.answers == {"colour": (AnswerItem("colour", None, "blue"),)}
    assert result.values == {"colour": "blue"}


def test_single_choice_rejects_a_value_that_is_not_an_option() -> None:
    result = submit(CHOICE, {"colour": ["<script>"]})

    assert said(result.errors) == {"colour": "Select an answer from the list"}
    assert result.answers == {"colour": ()}
    assert result.values == {"colour": ""}


def test_optional_unanswered_question_maps_to_empty_tuple() -> None:
    result = submit(CHOICE, {})

    assert result.ok
    assert result.answers == {"colour": ()}


def test_required_single_choice_uses_custom_or_default_message() -> None:
    assert said(submit({**CHOICE, "required": True}, {}).errors) == {"colour": "Select an answer"}
    custom = {**CHOICE, "required": True, "required_message": "Select your favourite colour"}
    assert said(submit(custom, {}).errors) == {"colour": "Select your favourite colour"}


def test_other_needs_its_text_and_stores_it_cleaned() -> None:
    missing = submit(CHOICE, {"colour": ["other"], "colour-other": ["   "]})
    given = submit(CHOICE, {"colour": ["other"], "colour-other": ["  Green\x07 "]})
    with_nul = submit(CHOICE, {"colour": ["other"], "colour-other": ["  Green \x00"]})

    assert said(missing.errors) == {"colour": "Enter your answer in the 'Other' box"}
    assert missing.error_anchors == {"colour": "colour-other"}
    assert given.answers["colour"] == (AnswerItem("colour", None, "other"), AnswerItem("colour", "other", "Green"))
    assert said(with_nul.errors) == {"colour": NUL_MESSAGE} and with_nul.answers["colour"] == ()
    assert with_nul.error_anchors == {"colour": "colour-other"} and "\x00" not in str(with_nul.values)


def test_other_text_without_selecting_other_asks_to_select_it() -> None:
    result = submit(CHOICE, {"colour-other": ["Green"]})

    assert said(result.errors) == {"colour": "Select 'Other' and tell us your answer, or delete what you typed"}


def test_other_text_is_ignored_when_another_option_is_chosen() -> None:
    result = submit(CHOICE, {"colour": ["red"], "colour-other": ["left over from a hidden box"]})

    assert result.answers == {"colour": (AnswerItem("colour", None, "red"),)}


def test_multiple_choice_stores_one_item_per_option_in_option_order() -> None:
    result = submit(MULTI, {"help": ["patrols", "lighting"]})

    assert result.answers["help"] == (AnswerItem("help", None, "lighting"), AnswerItem("help", None, "patrols"))
    assert result.values == {"help": ["lighting", "patrols"]}


def test_multiple_choice_rejects_unknown_values() -> None:
    result = submit(MULTI, {"help": ["lighting", "free_money"]})

    assert said(result.errors) == {"help": "Select an answer from the list"}
    assert result.answers == {"help": ()}


def test_multiple_choice_exclusive_option_cannot_be_combined() -> None:
    result = submit(MULTI, {"help": ["lighting", "dont_know"]})

    assert said(result.errors) == {"help": "You cannot select 'Don't know' with other options"}


def test_multiple_choice_max_choices() -> None:
    result = submit(MULTI, {"help": ["lighting", "cctv", "patrols", "other"], "help-other": ["Wardens"]})

    assert said(result.errors) == {"help": "Select no more than 3 options"}


def test_multiple_choice_other_within_limit_is_stored() -> None:
    result = submit(MULTI, {"help": ["cctv", "other"], "help-other": ["Wardens"]})

    assert result.answers["help"] == (
        AnswerItem("help", None, "cctv"),
        AnswerItem("help", None, "other"),
        AnswerItem("help", "other", "Wardens"),
    )


def test_grid_stores_one_item_per_row() -> None:
    result = submit(GRID, {"safe-home_day": ["safe"], "safe-park": ["dont_know"]})

    assert result.answers["safe"] == (AnswerItem("safe", "home_day", "safe"), AnswerItem("safe", "park", "dont_know"))


def test_required_grid_names_the_missing_row() -> None:
    result = submit(GRID, {"safe-park": ["safe"]})

    assert said(result.errors) == {"safe": "Select how safe you feel in your home during the day"}
    assert result.error_anchors == {"safe": "safe-home_day"}
    assert said(result.field_errors) == {"safe-home_day": "Select how safe you feel in your home during the day"}


def test_required_grid_with_several_missing_rows_marks_each() -> None:
    result = submit(GRID, {})

    assert said(result.errors) == {"safe": "Select an answer for every row"}
    assert set(result.field_errors) == {"safe-home_day", "safe-park"}


def test_grid_rejects_value_not_in_columns() -> None:
    result = submit({**GRID, "required": False}, {"safe-park": ["terrified"]})

    assert said(result.errors) == {"safe": "Select an answer from the list"}
    assert result.error_anchors == {"safe": "safe-park"}


def test_face_scale_with_rows_reads_like_a_grid() -> None:
    faces = {"id": "places", "type": "face_scale", "rows": ["At school", "Online"]}

    result = submit(faces, {"places-at_school": ["very_safe"], "places-online": ["dont_go"]})

    assert result.answers["places"] == (
        AnswerItem("places", "at_school", "very_safe"),
        AnswerItem("places", "online", "dont_go"),
    )


def test_face_scale_without_rows_is_a_single_choice() -> None:
    result = submit({"id": "mood", "type": "face_scale"}, {"mood": ["prefer_not"]})

    assert result.answers["mood"] == (AnswerItem("mood", None, "prefer_not"),)


def test_ranking_stores_positions() -> None:
    result = submit(RANKING, {"top-1": ["drugs"], "top-2": ["violence"], "top-3": [""]})

    assert result.answers["top"] == (AnswerItem("top", None, "drugs", 1), AnswerItem("top", None, "violence", 2))


def test_ranking_rejects_duplicates() -> None:
    result = submit(RANKING, {"top-1": ["drugs"], "top-2": ["drugs"]})

    assert said(result.errors) == {"top": "You cannot choose 'Drugs' more than once"}
    assert result.error_anchors == {"top": "top-2"}


def test_ranking_rejects_gaps_and_unknown_values() -> None:
    gap = submit(RANKING, {"top-1": ["drugs"], "top-3": ["asb"]})
    unknown = submit(RANKING, {"top-1": ["puppies"]})

    assert said(gap.errors) == {"top": "Fill in your choices in order, starting with your 1st choice"}
    assert gap.error_anchors == {"top": "top-2"}
    assert said(unknown.errors) == {"top": "Select an answer from the list"}


def test_required_ranking_needs_a_first_choice() -> None:
    result = submit({**RANKING, "required": True}, {})

    assert said(result.errors) == {"top": "Select your 1st choice"}
    assert result.error_anchors == {"top": "top-1"}


def test_long_text_keeps_line_breaks_strips_controls_and_limits_length() -> None:
    question = {"id": "comments", "type": "long_text"}

    kept = submit(question, {"comments": ["  Line one\r\nLine\x1b two  "]})
    too_long = submit(question, {"comments": ["x" * 2001]})

    assert kept.answers["comments"] == (AnswerItem("comments", None, "Line one\nLine two"),)
    assert said(too_long.errors) == {"comments": "Your answer must be 2000 characters or less"}
    assert too_long.values == {"comments": "x" * 2001}


def test_short_text_flattens_line_breaks_and_uses_max_length() -> None:
    question = {"id": "name", "type": "short_text", "max_length": 5}

    assert submit(question, {"name": ["a\nb"]}).answers["name"] == (AnswerItem("name", None, "a b"),)
    assert said(submit(question, {"name": ["abcdef"]}).errors) == {"name": "Your answer must be 5 characters or less"}
    assert said(submit({**question, "required": True}, {"name": ["  "]}).errors) == {"name": "Enter your answer"}


@pytest.mark.parametrize(
    ("typed", "error", "stored"),
    [
        ("7", None, "7"),
        (" 1,0 ", None, "10"),
        ("11", "Enter a number between 1 and 10", None),
        ("0", "Enter a number between 1 and 10", None),
        ("2.5", "Enter a whole number, like 12", None),
        ("ten", "Enter a whole number, like 12", None),
        ("1-2", "Enter a whole number, like 12", None),
    ],
)
def test_number(typed: str, error: str | None, stored: str | None) -> None:
    result = submit({"id": "n", "type": "number", "min": 1, "max": 10}, {"n": [typed]})

    assert said(result.errors).get("n") == error
    assert result.answers["n"] == ((AnswerItem("n", None, stored),) if stored else ())


def test_number_with_only_a_minimum() -> None:
    result = submit({"id": "n", "type": "number", "min": 0}, {"n": ["-1"]})

    assert said(result.errors) == {"n": "Enter a number that is 0 or more"}


@pytest.mark.parametrize(
    ("day", "month", "year", "error", "anchor"),
    [
        ("31", "2", "2024", "Date must be a real date", "d-day"),
        ("1", "", "2024", "Date must include a month", "d-month"),
        ("", "", "2024", "Date must include a day and month", "d-day"),
        ("1", "5", "24", "Year must include 4 numbers", "d-year"),
        ("x", "5", "2024", "Date must be a real date", "d-day"),
        ("2", "11", "2024", "Date must be today or in the past", "d-day"),
    ],
)
def test_date_errors(day: str, month: str, year: str, error: str, anchor: str) -> None:
    form = {"d-day": [day], "d-month": [month], "d-year": [year]}

    result = submit({"id": "d", "type": "date", "not_in_future": True}, form)

    assert said(result.errors) == {"d": error}
    assert result.error_anchors == {"d": anchor}


def test_date_is_stored_as_iso() -> None:
    result = submit(
        {"id": "d", "type": "date", "not_in_future": True}, {"d-day": ["1"], "d-month": ["11"], "d-year": ["2024"]}
    )

    assert result.answers["d"] == (AnswerItem("d", None, "2024-11-01"),)


def test_ward_accepts_generated_values_only() -> None:
    ward = {"id": "ward", "type": "ward"}

    assert submit(ward, {"ward": ["woughton_fishermead"]}).answers["ward"][0].value == "woughton_fishermead"
    assert submit(ward, {"ward": ["not_in_mk"]}).ok
    assert said(submit(ward, {"ward": ["gotham"]}).errors) == {"ward": "Select an answer from the list"}
    assert said(submit({**ward, "required": True}, {}).errors) == {"ward": "Select the ward you live in"}


@pytest.mark.parametrize(
    ("store", "typed", "stored"),
    [
        ("sector", "mk9 3ej", "MK9 3"),
        ("sector", "MK93EJ", "MK9 3"),
        ("sector", "MK6", "MK6"),
        ("sector", "mk6 2", "MK6 2"),
        ("outward", "MK9 3EJ", "MK9"),
        ("full", "mk9  3ej", "MK9 3EJ"),
        ("sector", "SW1A 1AA", "SW1A 1"),
    ],
)
def test_postcode_is_normalised_and_cut_down(store: str, typed: str, stored: str) -> None:
    result = submit({"id": "pc", "type": "postcode", "store": store}, {"pc": [typed]})

    assert result.answers["pc"] == (AnswerItem("pc", None, stored),)


@pytest.mark.parametrize(
    ("store", "typed", "example"),
    [
        ("sector", "MK9 3E", "MK6 2"),
        ("sector", "12345", "MK6 2"),
        ("full", "MK9", "MK6 2AB"),
        ("outward", "12345", "MK6"),
    ],
)
def test_postcode_in_the_wrong_format_is_rejected(store: str, typed: str, example: str) -> None:
    """The error's example is as much postcode as the question keeps, the same example its default hint shows."""
    result = submit({"id": "pc", "type": "postcode", "store": store}, {"pc": [typed]})

    assert said(result.errors) == {"pc": f"Enter your postcode in the correct format, like {example}"}
    assert result.values == {"pc": typed}


def test_consent_is_stored_as_yes_and_required() -> None:
    consent = {"id": "agree", "type": "consent", "label": "I agree to take part"}

    assert submit(consent, {"agree": ["yes"]}).answers == {"agree": (AnswerItem("agree", None, "yes"),)}
    assert said(submit(consent, {}).errors) == {"agree": "Tick the box to confirm you agree"}
    assert said(submit(consent, {"agree": ["maybe"]}).errors) == {"agree": "Select an answer from the list"}


def test_information_has_no_answer() -> None:
    result = submit({"id": "intro", "type": "information", "body": "Read me"}, {"intro": ["x"]})

    assert result.answers == {}
    assert result.ok


def test_hidden_question_on_the_page_is_not_read_or_validated() -> None:
    definition = parse_definition(
        {
            "schema_version": 1,
            "slug": "test",
            "title": "Test",
            "audience": "public",
            "pages": [
                {
                    "id": "one",
                    "title": "One",
                    "questions": [{"id": "a", "type": "single_choice", "label": "A", "options": ["Yes", "No"]}],
                },
                {
                    "id": "two",
                    "title": "Two",
                    "questions": [
                        {
                            "id": "b",
                            "type": "short_text",
                            "label": "B",
                            "required": True,
                            "show_if": {"question": "a", "equals": "yes"},
                        },
                        {"id": "c", "type": "short_text", "label": "C"},
                    ],
                },
            ],
        }
    )
    said_no = {"a": (AnswerItem("a", None, "no"),)}
    said_yes = {"a": (AnswerItem("a", None, "yes"),)}

    hidden = read_page(definition, "two", {"b": ["sneaky"], "c": ["hello"]}, said_no)
    shown = read_page(definition, "two", {"c": ["hello"]}, said_yes)

    assert hidden.ok
    assert "b" not in hidden.answers
    assert said(shown.errors) == {"b": "Enter your answer"}


def test_errors_are_in_page_order() -> None:
    definition = parse_definition(
        {
            "schema_version": 1,
            "slug": "test",
            "title": "Test",
            "audience": "public",
            "pages": [
                {
                    "id": "one",
                    "title": "One",
                    "questions": [{**CHOICE, "label": "C", "required": True}, {**GRID, "label": "G"}],
                }
            ],
        }
    )

    result = read_page(definition, "one", {}, {})

    assert list(result.errors) == ["colour", "safe"]


def test_unknown_page_raises() -> None:
    with pytest.raises(UnknownPageError):
        read_page(one_question(CHOICE), "nowhere", {}, {})


def test_field_names_and_error_anchors() -> None:
    definition = parse_definition(
        {
            "schema_version": 1,
            "slug": "test",
            "title": "Test",
            "audience": "public",
            "pages": [
                {
                    "id": "one",
                    "title": "One",
                    "questions": [
                        {**CHOICE, "label": "C"},
                        {**GRID, "label": "G"},
                        {**RANKING, "label": "R"},
                        {"id": "d", "type": "date", "label": "D"},
                        {"id": "t", "type": "short_text", "label": "T"},
                        {"id": "i", "type": "information", "body": "B"},
                    ],
                }
            ],
        }
    )
    q = definition.question

    assert field_names(q("colour")) == ("colour", "colour-other")
    assert field_names(q("safe")) == ("safe-home_day", "safe-park")
    assert field_names(q("top")) == ("top-1", "top-2", "top-3")
    assert field_names(q("d")) == ("d-day", "d-month", "d-year")
    assert field_names(q("i")) == ()
    assert [error_anchor(q(i)) for i in ("colour", "safe", "top", "d", "t", "i")] == [
        "colour",
        "safe-home_day",
        "top-1",
        "d-day",
        "t",
        None,
    ]


def test_form_values_round_trip_through_read_page() -> None:
    forms = [
        (CHOICE, {"colour": ["other"], "colour-other": ["Green"]}),
        (MULTI, {"help": ["cctv", "other"], "help-other": ["Wardens"]}),
        (GRID, {"safe-home_day": ["safe"], "safe-park": ["unsafe"]}),
        (RANKING, {"top-1": ["asb"], "top-2": ["fraud"]}),
        ({"id": "d", "type": "date"}, {"d-day": ["9"], "d-month": ["3"], "d-year": ["2023"]}),
    ]
    for question, form in forms:
        definition = one_question(question)
        result = read_page(definition, "only", form, {})
        values = form_values(definition.question(question["id"]), result.answers[question["id"]])
        as_form = {name: value if isinstance(value, list) else [value] for name, value in values.items()}

        assert read_page(definition, "only", as_form, {}).answers == result.answers
        assert page_values(definition, "only", result.answers) == values


class MultiDictLike(dict):
    """Behaves like Werkzeug's MultiDict: `get` gives the first value, `getlist` all of them."""

    def get(self, key, default=None):  # type: ignore[override]
        values = super().get(key)
        return values[0] if values else default

    def getlist(self, key):  # type: ignore[no-untyped-def]
        return list(super().get(key, []))


def test_read_page_accepts_a_multidict_or_plain_strings() -> None:
    multidict = MultiDictLike({"help": ["lighting", "cctv"]})

    assert submit(MULTI, multidict).answers["help"] == (
        AnswerItem("help", None, "lighting"),
        AnswerItem("help", None, "cctv"),
    )
    assert submit(CHOICE, {"colour": "red"}).answers["colour"] == (AnswerItem("colour", None, "red"),)  # type: ignore[dict-item]
