"""Builder edits on plain definition data, checked by the survey engine."""

from __future__ import annotations

import pytest

from app.builder import editing
from app.builder.editing import EditError
from app.surveys.engine import QuestionType, parse_definition

T = QuestionType


def _data() -> dict:
    return {
        "schema_version": 1,
        "slug": "s",
        "title": "S",
        "audience": "public",
        "pages": [
            {
                "id": "one",
                "title": "One",
                "questions": [
                    {
                        "id": "live",
                        "type": "single_choice",
                        "label": "Live here?",
                        "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
                    },
                    {
                        "id": "why",
                        "type": "long_text",
                        "label": "Why?",
                        "show_if": {"question": "live", "equals": "no"},
                    },
                ],
            },
            {"id": "two", "title": "Two", "questions": [{"id": "more", "type": "short_text", "label": "More"}]},
        ],
    }


def test_options_keep_their_values_when_labels_stay() -> None:
    existing = [{"value": "yes", "label": "Yes", "emoji": "🙂"}, {"value": "no", "label": "No"}]
    options = editing.options_from_lines("Yes\nNot sure\n\nNo\nNot sure", existing)
    assert options == [
        {"value": "yes", "label": "Yes", "emoji": "🙂"},
        {"value": "not_sure", "label": "Not sure"},
        {"value": "no", "label": "No"},
        {"value": "not_sure_2", "label": "Not sure"},
    ]


def test_build_question_keeps_condition_and_replaces_form_fields() -> None:
    existing = _data()["pages"][0]["questions"][1]
    question = editing.build_question(
        T.LONG_TEXT, {"label": "Why not?", "hint": "", "required": True, "max_length": 300}, existing, "why"
    )
    assert question == {
        "id": "why",
        "type": "long_text",
        "label": "Why not?",
        "required": True,
        "max_length": 300,
        "show_if": {"question": "live", "equals": "no"},
    }


def test_exclusive_labels_become_values() -> None:
    question = editing.build_question(
        T.MULTIPLE_CHOICE, {"label": "Q", "options": "A\nNone of these", "exclusive": "None of these"}, None, "q"
    )
    assert question["exclusive"] == ["none_of_these"]
    with pytest.raises(EditError):
        editing.build_question(T.MULTIPLE_CHOICE, {"label": "Q", "options": "A", "exclusive": "B"}, None, "q")


def test_new_ids_are_unique_and_valid() -> None:
    data = _data()
    assert editing.new_question_id(data, "Live here?", T.SINGLE_CHOICE) == "live_here"
    assert editing.new_question_id(data, "Live", T.SINGLE_CHOICE) == "live_2"
    assert editing.new_page_id(data, "One") == "one-2"
    assert editing.new_question_id(data, None, T.INFORMATION) == "information"


def test_question_moves_onto_the_neighbouring_page_at_the_edge() -> None:
    moved = editing.move_question(_data(), "why", "down")
    assert [q["id"] for q in moved["pages"][1]["questions"]] == ["why", "more"]
    parse_definition(moved)
    back = editing.move_question(moved, "why", "up")
    assert [q["id"] for q in back["pages"][0]["questions"]] == ["live", "why"]
    with pytest.raises(EditError, match="already the first"):
        editing.move_question(_data(), "live", "up")
    with pytest.raises(EditError, match="only question on its page"):
        editing.move_question(_data(), "more", "up")


def test_condition_sources_are_only_earlier_questions() -> None:
    definition = parse_definition(_data())
    assert [q.id for q in editing.condition_sources(definition, "question", "why")] == ["live"]
    assert [q.id for q in editing.condition_sources(definition, "page", "two")] == ["live", "why"]
    assert editing.condition_from_choice(definition.question("why"), []) == {"question": "why", "answered": True}
    assert editing.condition_from_choice(definition.question("live"), ["yes", "no"]) == {
        "question": "live",
        "any_of": ["yes", "no"],
    }


def test_edits_do_not_change_their_input() -> None:
    data = _data()
    editing.remove_page(data, "two")
    editing.set_condition(data, "page", "two", {"question": "live", "equals": "yes"})
    assert data == _data()
