"""How questions are laid out for GOV.UK Frontend: option order, "(optional)" once, the postcode example."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from app.surveys.engine import Question, parse_definition
from app.surveys.presenters import choice_items, question_hint, question_label


def question(**fields: Any) -> Question:
    definition = parse_definition(
        {
            "schema_version": 1,
            "slug": "s",
            "title": "S",
            "audience": "public",
            "pages": [{"id": "p", "title": "P", "questions": [{"id": "q", **fields}]}],
        }
    )
    return definition.pages[0].questions[0]


def test_other_sits_with_the_answers_before_the_or_divider() -> None:
    avoid = question(
        type="multiple_choice",
        label="Why?",
        other=True,
        exclusive=["dont_know"],
        options=[{"value": "dark", "label": "Dark"}, {"value": "dont_know", "label": "Don't know"}],
    )

    items = choice_items(avoid, {"q": ["other"]}, Markup("<input>"))

    assert [item.get("value", item.get("divider")) for item in items] == ["dark", "other", "or", "dont_know"]
    assert items[1]["checked"] and items[1]["conditional"] == {"html": Markup("<input>")}
    assert items[3]["behaviour"] == "exclusive" and "behaviour" not in items[1]


def test_optional_is_said_once_even_when_the_author_wrote_it() -> None:
    assert question_label(question(type="postcode", label="Postcode (optional)")) == "Postcode (optional)"
    assert question_label(question(type="postcode", label="Postcode")) == "Postcode (optional)"
    assert question_label(question(type="postcode", label="Postcode", required=True)) == "Postcode"


def test_postcode_without_a_hint_shows_the_example_its_error_uses() -> None:
    assert question_hint(question(type="postcode", label="Postcode", store="outward")) == "For example, MK6"
    assert question_hint(question(type="postcode", label="Postcode", hint="Like MK6 2")) == "Like MK6 2"
    assert question_hint(question(type="short_text", label="Name")) is None
