from __future__ import annotations

import copy
from typing import Any

import pytest

from app.surveys.engine import (
    FACE_OPTIONS,
    OTHER_LABEL,
    DefinitionError,
    Option,
    PostcodeStore,
    QuestionType,
    ShowIf,
    definition_to_dict,
    dump_definition,
    load_definition,
    parse_definition,
)


def survey(*pages: dict[str, Any]) -> dict[str, Any]:
    return {"schema_version": 1, "slug": "test", "title": "Test", "audience": "public", "pages": list(pages)}


def page(page_id: str, *questions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": page_id, "title": page_id.title(), "questions": list(questions), **extra}


def choice(question_id: str, *options: str, **extra: Any) -> dict[str, Any]:
    return {"id": question_id, "type": "single_choice", "label": "Pick", "options": list(options), **extra}


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(data)
    return [str(problem) for problem in caught.value.problems]


def test_parse_builds_frozen_dataclasses_with_slugified_plain_options() -> None:
    definition = parse_definition(survey(page("one", choice("colour", "Red", "Don't know"))))

    question = definition.question("colour")
    assert question.type is QuestionType.SINGLE_CHOICE
    assert question.options == (Option("red", "Red"), Option("dont_know", "Don't know"))
    with pytest.raises(AttributeError):
        question.label = "changed"  # type: ignore[misc]


def test_parse_reports_every_problem_with_its_path() -> None:
    data = survey(
        page("one", choice("colour", "Red")),
        page(
            "two",
            choice("size", "Big"),
            {"id": "safe_after_dark", "type": "grid", "label": "Safe?", "rows": ["Home"]},
            {"id": "size", "type": "short_text", "label": "Again", "colour": "red"},
            {"id": "mystery", "type": "telepathy", "label": "?"},
        ),
    )

    found = problems_of(data)

    assert 'pages[1].questions[1] (safe_after_dark): "options" is required for a grid question' in found
    assert 'pages[1].questions[2] (size): unknown key "colour"' in found
    assert 'pages[1].questions[2] (size): duplicate question id "size"' in found
    assert any(p.startswith("pages[1].questions[3] (mystery)") and "telepathy" in p for p in found)
    assert len(found) == 4


def test_parse_rejects_grid_without_rows_and_keys_of_other_types() -> None:
    grid = {"id": "g", "type": "grid", "label": "G", "options": ["Yes", "No"], "max_choices": 2}

    found = problems_of(survey(page("one", grid)))

    assert 'pages[0].questions[0] (g): "rows" is required for a grid question' in found
    assert 'pages[0].questions[0] (g): "max_choices" is not allowed for a grid question' in found


def test_parse_rejects_show_if_on_a_later_question() -> None:
    data = survey(
        page("one", choice("first", "A", "B", show_if={"question": "second", "equals": "a"})),
        page("two", choice("second", "A", "B")),
    )

    assert problems_of(data) == [
        'pages[0].questions[0] (first).show_if: refers to "second", which does not come before it in the survey'
    ]


def test_parse_rejects_show_if_on_unknown_question_or_option() -> None:
    data = survey(
        page("one", choice("first", "A", "B")),
        page(
            "two",
            choice("x", "C", show_if={"question": "ghost", "equals": "a"}),
            choice("y", "C", show_if={"question": "first", "any_of": ["a", "zebra"]}),
        ),
    )

    assert problems_of(data) == [
        'pages[1].questions[0] (x).show_if: refers to unknown question "ghost"',
        'pages[1].questions[1] (y).show_if: "zebra" is not an option of "first"',
    ]


def test_parse_rejects_show_if_with_two_tests_and_equals_on_text() -> None:
    data = survey(
        page("one", {"id": "name", "type": "short_text", "label": "Name"}),
        page("two", choice("x", "A", show_if={"question": "name", "equals": "bob", "answered": True})),
    )

    found = problems_of(data)

    assert 'pages[1].questions[0] (x).show_if: needs exactly one of "equals", "any_of" or "answered"' in found
    assert 'pages[1].questions[0] (x).show_if: "name" is a short_text question; use "answered" to test it' in found


def test_page_show_if_must_refer_to_an_earlier_page() -> None:
    data = survey(page("one", choice("a", "Yes", "No"), show_if={"question": "a", "equals": "yes"}))

    assert problems_of(data) == ['pages[0] (one).show_if: refers to "a", which does not come before it in the survey']


def test_equality_question_needs_prefer_not_to_say_and_must_be_optional() -> None:
    data = survey(page("one", choice("age", "Under 16", "16 or over", equality=True, required=True)))

    assert problems_of(data) == [
        "pages[0].questions[0] (age): an equality monitoring question must not be required",
        'pages[0].questions[0] (age): an equality monitoring question must have a "prefer_not_to_say" option',
    ]


def test_choice_limits_must_fit_the_options() -> None:
    multi = {
        "id": "m",
        "type": "multiple_choice",
        "label": "M",
        "options": ["A", "B"],
        "exclusive": ["c"],
        "max_choices": 5,
    }
    ranking = {"id": "r", "type": "ranking", "label": "R", "options": ["A", "B"], "pick": 3}

    found = problems_of(survey(page("one", multi, ranking)))

    assert found == [
        'pages[0].questions[0] (m): "exclusive" names "c", which is not one of the options',
        'pages[0].questions[0] (m): "max_choices" is 5 but there are only 2 options',
        'pages[0].questions[1] (r): "pick" is 3 but there are only 2 options',
    ]


def test_top_level_problems_are_reported_together() -> None:
    data = {"schema_version": 2, "slug": "Bad Slug", "audience": "everyone", "pages": [], "colour": "red"}

    found = problems_of(data)

    assert 'unknown key "colour"' in found
    assert "schema_version: must be 1 (found 2)" in found
    assert "slug: must use only lower-case letters, digits and single hyphens" in found
    assert '"title" is required' in found
    assert any("audience" in p and "everyone" in p for p in found)
    assert "pages: must be a list with at least one page" in found


def test_duplicate_option_values_and_reserved_other_value_are_rejected() -> None:
    data = survey(page("one", choice("a", "Yes", "yes", "Other", other=True)))

    found = problems_of(data)

    assert 'pages[0].questions[0] (a): duplicate value "yes" in "options"' in found
    assert 'pages[0].questions[0] (a): option value "other" is reserved for the "other" answer' in found


def test_generated_options_for_ward_face_scale_and_other() -> None:
    definition = parse_definition(
        survey(
            page(
                "one",
                {"id": "ward", "type": "ward", "label": "Ward"},
                {"id": "faces", "type": "face_scale", "label": "How safe?", "rows": ["At school", "Online"]},
                choice("a", "Yes", other=True),
            )
        )
    )

    assert len(definition.question("ward").options) == 21
    assert definition.question("faces").options == FACE_OPTIONS
    assert definition.question("faces").options[0].emoji == "😀"
    assert definition.question("a").choices[-1] == Option("other", OTHER_LABEL)


def test_defaults_for_lengths_pick_and_postcode_store() -> None:
    definition = parse_definition(
        survey(
            page(
                "one",
                {"id": "short", "type": "short_text", "label": "S"},
                {"id": "long", "type": "long_text", "label": "L"},
                {"id": "rank", "type": "ranking", "label": "R", "options": ["A", "B", "C", "D"]},
                {"id": "pc", "type": "postcode", "label": "P"},
                {"id": "ok", "type": "consent", "label": "I agree"},
            )
        )
    )

    assert definition.question("short").effective_max_length == 200
    assert definition.question("long").effective_max_length == 2000
    assert definition.question("rank").effective_pick == 3
    assert definition.question("pc").effective_store is PostcodeStore.SECTOR
    assert definition.question("ok").required is True


def test_consent_cannot_be_optional() -> None:
    data = survey(page("one", {"id": "ok", "type": "consent", "label": "I agree", "required": False}))

    assert problems_of(data) == ["pages[0].questions[0] (ok): a consent question is always required"]


def test_load_yaml_syntax_error_gives_line_number() -> None:
    text = "schema_version: 1\nslug: test\n title: bad indent\n"

    with pytest.raises(DefinitionError) as caught:
        load_definition(text, "survey.yaml")

    assert str(caught.value) == "YAML syntax error on line 3, column 7: mapping values are not allowed here"


def test_load_json_syntax_error_gives_line_number() -> None:
    with pytest.raises(DefinitionError) as caught:
        load_definition('{\n  "slug": "x",\n  oops\n}')

    assert str(caught.value).startswith("JSON syntax error on line 3")


def test_load_yaml_keeps_yes_and_no_as_text() -> None:
    text = """
schema_version: 1
slug: test
title: Test
audience: public
pages:
  - id: one
    title: One
    questions:
      - id: a
        type: single_choice
        label: Pick
        options: [Yes, No, {value: no_idea, label: Off}]
"""
    definition = load_definition(text)

    assert [option.value for option in definition.question("a").options] == ["yes", "no", "no_idea"]
    assert definition.question("a").options[2].label == "Off"


def test_load_rejects_unknown_format() -> None:
    with pytest.raises(DefinitionError, match="Unknown format"):
        load_definition("{}", "survey.xml")


def test_round_trip_through_dict_json_and_yaml() -> None:
    data = survey(
        page("one", choice("a", "Yes", "No", other=True, hint="Hint", required=True)),
        page(
            "two",
            {"id": "g", "type": "grid", "label": "G", "rows": ["Day"], "options": ["Safe", "Unsafe"]},
            {"id": "n", "type": "number", "label": "N", "min": 1, "max": 10},
            {"id": "d", "type": "date", "label": "D", "not_in_future": True},
            {"id": "p", "type": "postcode", "label": "P", "store": "outward"},
            {"id": "i", "type": "information", "body": "Read this"},
            {
                "id": "t",
                "type": "long_text",
                "label": "T",
                "max_length": 500,
                "show_if": {"question": "a", "any_of": ["yes"]},
            },
            description="About page two",
            show_if={"question": "a", "answered": True},
        ),
    )
    definition = parse_definition(data)

    exported = definition_to_dict(definition)

    assert parse_definition(copy.deepcopy(exported)) == definition
    assert load_definition(dump_definition(definition, "json"), "json") == definition
    assert load_definition(dump_definition(definition, "yaml"), "yaml") == definition
    assert exported["pages"][1]["show_if"] == {"question": "a", "answered": True}
    assert definition.page("two").questions[5].show_if == ShowIf("a", any_of=("yes",))
