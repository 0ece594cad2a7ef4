"""Turning engine questions into the item lists GOV.UK Frontend macros expect; registered as template globals."""

from __future__ import annotations

from typing import Any

from flask import Flask
from markupsafe import Markup

from app.surveys.engine import OTHER_VALUE, Question, QuestionType

FormValues = dict[str, Any]


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def choice_items(question: Question, values: FormValues, other_html: Markup | None) -> list[dict[str, Any]]:
    """Radio or checkbox items: checked state from the values, "or" before exclusive options, Other's text box."""
    multiple = question.type == QuestionType.MULTIPLE_CHOICE
    chosen = values.get(question.id, [] if multiple else "")
    chosen_set = set(chosen) if isinstance(chosen, list) else {chosen}
    items: list[dict[str, Any]] = []
    for option in question.choices:
        exclusive = multiple and option.value in question.exclusive
        if exclusive and items and "divider" not in items[-1]:
            items.append({"divider": "or"})
        item: dict[str, Any] = {"value": option.value, "text": option.label, "checked": option.value in chosen_set}
        if exclusive:
            item["behaviour"] = "exclusive"
        if option.value == OTHER_VALUE and question.other and other_html is not None:
            item["conditional"] = {"html": other_html}
        items.append(item)
    return items


def register_presenters(app: Flask) -> None:
    app.jinja_env.globals["choice_items"] = choice_items
    app.jinja_env.filters["ordinal"] = ordinal
