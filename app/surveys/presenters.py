"""Turning engine questions into the item lists GOV.UK Frontend macros expect; registered as template globals."""

from __future__ import annotations

from typing import Any

from flask import Flask
from markupsafe import Markup

from app.surveys.engine import OTHER_VALUE, Question, QuestionType, postcode_example

FormValues = dict[str, Any]


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def choice_items(question: Question, values: FormValues, other_html: Markup | None) -> list[dict[str, Any]]:
    """Radio or checkbox items: checked state from the values, Other's text box, and the exclusive options ("None
    of these", "Don't know") last, after an "or" divider, so "Other" never sits among the answers that clear it."""
    multiple = question.type == QuestionType.MULTIPLE_CHOICE
    chosen = values.get(question.id, [] if multiple else "")
    chosen_set = set(chosen) if isinstance(chosen, list) else {chosen}
    exclusive = set(question.exclusive) if multiple else set()
    items: list[dict[str, Any]] = []
    for option in [o for o in question.choices if o.value not in exclusive]:
        item: dict[str, Any] = {"value": option.value, "text": option.label, "checked": option.value in chosen_set}
        if option.value == OTHER_VALUE and question.other and other_html is not None:
            item["conditional"] = {"html": other_html}
        items.append(item)
    for option in [o for o in question.choices if o.value in exclusive]:
        if items and "divider" not in items[-1]:
            items.append({"divider": "or"})
        items.append(
            {
                "value": option.value,
                "text": option.label,
                "checked": option.value in chosen_set,
                "behaviour": "exclusive",
            }
        )
    return items


def question_label(question: Question) -> str:
    """The label with "(optional)" after it when the question may be left blank, once only: authors often write
    "(optional)" into the label themselves."""
    label = question.label.rstrip()
    if question.required or label.lower().endswith("(optional)"):
        return label
    return f"{label} (optional)"


def question_hint(question: Question) -> str | None:
    """The question's hint; a postcode question without one shows the example its error message also uses."""
    if question.hint or question.type != QuestionType.POSTCODE:
        return question.hint or None
    return f"For example, {postcode_example(question.effective_store)}"


def register_presenters(app: Flask) -> None:
    app.jinja_env.globals["choice_items"] = choice_items
    app.jinja_env.globals["question_label"] = question_label
    app.jinja_env.globals["question_hint"] = question_hint
    app.jinja_env.filters["ordinal"] = ordinal
