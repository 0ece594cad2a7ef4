"""What a draft changes, in the officer's words: the comparison behind the publish confirmation."""

from __future__ import annotations

import copy

import pytest

from app.builder import editing
from app.builder.changes import describe_changes
from app.builder.editing import EditError
from app.surveys.engine import QuestionType, parse_definition

BASE = {
    "schema_version": 1,
    "slug": "s",
    "title": "Feeling safe",
    "audience": "public",
    "pages": [
        {
            "id": "one",
            "title": "Where you live",
            "questions": [
                {
                    "id": "live",
                    "type": "single_choice",
                    "label": "Do you live here?",
                    "required": True,
                    "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
                },
                {"id": "why", "type": "long_text", "label": "Why?"},
            ],
        },
        {"id": "two", "title": "More", "questions": [{"id": "more", "type": "short_text", "label": "Anything else?"}]},
    ],
}


def _changed(edit) -> object:  # type: ignore[no-untyped-def]
    after = copy.deepcopy(BASE)
    edit(after)
    return describe_changes(parse_definition(BASE), parse_definition(after))


def test_the_same_definition_has_no_changes() -> None:
    changes = _changed(lambda data: None)
    assert changes.count == 0


def test_added_removed_and_changed_questions_are_named_with_their_page() -> None:
    def edit(data: dict) -> None:
        data["pages"][0]["questions"][0]["options"].append({"value": "sometimes", "label": "Sometimes"})
        data["pages"][0]["questions"][0]["required"] = False
        data["pages"][0]["questions"][1]["label"] = "Why do you say that?"
        data["pages"][1]["questions"] = [{"id": "ward", "type": "ward", "label": "Your ward"}]

    changes = _changed(edit)
    assert [(c.label, c.page) for c in changes.added] == [("Your ward", "More")]
    assert [(c.label, c.page) for c in changes.removed] == [("Anything else?", "More")]
    assert {c.label: c.aspects for c in changes.changed} == {
        "Do you live here?": ("answer options", "whether an answer is required"),
        "Why do you say that?": ("wording",),
    }
    assert changes.other == ()
    assert changes.count == 4


def test_conditions_pages_titles_and_order_are_described() -> None:
    def edit(data: dict) -> None:
        data["title"] = "Feeling safer"
        data["pages"][0]["questions"][1]["show_if"] = {"question": "live", "equals": "no"}
        data["pages"][1]["title"] = "Anything more"
        data["pages"].append(
            {"id": "three", "title": "About you", "questions": [{"id": "age", "type": "number", "label": "Your age"}]}
        )
        data["pages"][0], data["pages"][1] = data["pages"][1], data["pages"][0]

    changes = _changed(edit)
    assert [c.aspects for c in changes.changed] == [("who sees it",)]
    assert changes.other == (
        'The survey is now called "Feeling safer" (was "Feeling safe").',
        'Page "About you" added.',
        'Page "More" is now called "Anything more".',
        "The pages are in a different order.",
    )


def test_a_question_moved_to_another_page_says_where_from() -> None:
    def edit(data: dict) -> None:
        data["pages"][1]["questions"].insert(0, data["pages"][0]["questions"].pop(1))

    changes = _changed(edit)
    assert [(c.label, c.page, c.aspects) for c in changes.changed] == [
        ("Why?", "More", ('moved from page "Where you live"',))
    ]


@pytest.mark.parametrize(
    ("options", "other", "refused"),
    [
        ("Yes", False, True),
        ("", True, True),
        ("Yes", True, False),
        ("Yes\nNo", False, False),
    ],
)
def test_a_single_choice_question_needs_two_choices(options: str, other: bool, refused: bool) -> None:
    values = {"label": "Do you agree?", "options": options, "other": other}
    if refused:
        with pytest.raises(EditError) as error:
            editing.build_question(QuestionType.SINGLE_CHOICE, values, None, "agree")
        assert error.value.field == "options" and "at least two options" in error.value.message
    else:
        assert editing.build_question(QuestionType.SINGLE_CHOICE, values, None, "agree")["label"] == "Do you agree?"


def test_multiple_choice_with_one_option_is_still_allowed() -> None:
    question = editing.build_question(QuestionType.MULTIPLE_CHOICE, {"label": "Tick if", "options": "Yes"}, None, "t")
    assert [o["label"] for o in question["options"]] == ["Yes"]
