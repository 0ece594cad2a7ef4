"""Builder edits as pure functions on a definition's plain data (the dict `definition_to_dict` produces).

Each function returns a changed deep copy and never validates the result: the caller passes it through
`parse_definition`, so the survey engine stays the one judge of what a valid survey is.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from app.common.errors import DomainError, NotFoundError
from app.surveys.engine import OTHER_LABEL, OTHER_VALUE, Question, QuestionType, SurveyDefinition, slugify
from app.surveys.engine.validation import is_choice_question

Data = dict[str, Any]
T = QuestionType
ID_WORDS = 6
ID_LENGTH = 40

CHOICE_FIELDS = ("options", "other", "other_label", "equality")
FIELDS_BY_TYPE: dict[QuestionType, tuple[str, ...]] = {
    T.SINGLE_CHOICE: CHOICE_FIELDS,
    T.MULTIPLE_CHOICE: (*CHOICE_FIELDS, "exclusive", "max_choices"),
    T.GRID: ("rows", "options"),
    T.RANKING: ("options", "pick"),
    T.SHORT_TEXT: ("max_length",),
    T.LONG_TEXT: ("max_length",),
    T.NUMBER: ("min", "max"),
    T.DATE: ("not_in_future",),
    T.WARD: ("equality",),
    T.POSTCODE: ("store",),
    T.CONSENT: (),
    T.INFORMATION: ("body",),
    T.FACE_SCALE: ("rows",),
}
NO_REQUIRED = frozenset({T.INFORMATION, T.CONSENT})
NO_HINT = frozenset({T.INFORMATION})


class EditError(DomainError):
    """An edit that cannot be made, with a message for the officer; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def fields_for(qtype: QuestionType) -> tuple[str, ...]:
    """The form fields an officer fills in for a question of this type."""
    common = ["label"] + ([] if qtype in NO_HINT else ["hint"]) + ([] if qtype in NO_REQUIRED else ["required"])
    return (*common, *FIELDS_BY_TYPE[qtype])


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def options_from_lines(text: str | None, existing: list[Any] | None = None) -> list[dict[str, str]]:
    """Options from one label a line, keeping the stored value (and emoji) of any label already there, so that
    conditions and earlier answers that name a value still find it."""
    known = {item["label"]: item for item in existing or [] if isinstance(item, Mapping) and "label" in item}
    taken: set[str] = set()
    options = []
    for label in lines(text):
        option = (
            dict(known[label])
            if label in known
            else {"value": _unique(slugify(label) or "option", taken), "label": label}
        )
        taken.add(option["value"])
        options.append(option)
    return options


def option_lines(items: list[Any] | None) -> str:
    return "\n".join(item["label"] for item in items or [] if isinstance(item, Mapping))


def build_question(qtype: QuestionType, values: Mapping[str, Any], existing: Data | None, question_id: str) -> Data:
    """A question's data from form values: the fields the form manages are replaced, anything else the stored
    question has (a condition, a custom error message, option emoji) is kept."""
    data: Data = dict(existing) if existing else {"id": question_id, "type": str(qtype)}
    for key in ("label", "hint", "required", *FIELDS_BY_TYPE[qtype]):
        data.pop(key, None)
    for key in fields_for(qtype):
        value = _field_value(qtype, key, values, existing or {})
        if value not in (None, "", [], False):
            data[key] = value
    if "exclusive" in data:
        data["exclusive"] = _exclusive_values(data, values.get("exclusive"))
    if single_option(data):
        raise EditError(ONE_OPTION, "options")
    return data


ONE_OPTION = (
    "A single-choice question needs at least two options for respondents to choose between: enter each "
    "option on its own line"
)


def single_option(question: Data) -> bool:
    """A single-choice question with one answer to choose (counting "Other") asks nothing: the engine accepts it
    for old surveys, but the builder and imports refuse to create one."""
    choices = len(question.get("options") or []) + bool(question.get("other"))
    return question.get("type") == str(T.SINGLE_CHOICE) and choices < 2


def _field_value(qtype: QuestionType, key: str, values: Mapping[str, Any], existing: Data) -> Any:
    raw = values.get(key)
    if key in ("options", "rows"):
        return options_from_lines(raw, existing.get(key))
    if key == "exclusive":
        return lines(raw)
    if key in ("label", "hint", "other_label", "body", "store"):
        return (raw or "").strip() or None
    return raw


def _exclusive_values(data: Data, text: str | None) -> list[str]:
    by_label = {item["label"]: item["value"] for item in data.get("options", [])}
    if data.get("other"):
        by_label[data.get("other_label") or OTHER_LABEL] = OTHER_VALUE
    unknown = [label for label in lines(text) if label not in by_label]
    if unknown:
        raise EditError(
            f'"{unknown[0]}" is not one of the options: copy the option exactly as written above', "exclusive"
        )
    return [by_label[label] for label in lines(text)]


def exclusive_lines(question: Data) -> str:
    labels = {item["value"]: item["label"] for item in question.get("options", [])}
    labels[OTHER_VALUE] = question.get("other_label") or OTHER_LABEL
    return "\n".join(labels.get(value, value) for value in question.get("exclusive", []))


def new_question_id(data: Data, label: str | None, qtype: QuestionType) -> str:
    words = slugify(label or "").split("_")[:ID_WORDS]
    base = "_".join(words)[:ID_LENGTH].strip("_") or str(qtype)
    return _unique(base, {q["id"] for q in _questions(data)})


def new_page_id(data: Data, title: str) -> str:
    base = re.sub(r"_+", "-", slugify(title))[:ID_LENGTH].strip("-") or "page"
    return _unique(base, {page["id"] for page in data["pages"]}, sep="-")


def _unique(base: str, taken: set[str], sep: str = "_") -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{sep}{n}"
    return candidate


def _questions(data: Data) -> list[Data]:
    return [q for page in data["pages"] for q in page["questions"]]


def page_index(data: Data, page_id: str) -> int:
    for index, page in enumerate(data["pages"]):
        if page["id"] == page_id:
            return index
    raise NotFoundError(page_id)


def question_position(data: Data, question_id: str) -> tuple[int, int]:
    for p, page in enumerate(data["pages"]):
        for q, question in enumerate(page["questions"]):
            if question["id"] == question_id:
                return p, q
    raise NotFoundError(question_id)


def get_question(data: Data, question_id: str) -> Data:
    p, q = question_position(data, question_id)
    return data["pages"][p]["questions"][q]


def update_details(data: Data, title: str, description: str | None) -> Data:
    data = copy.deepcopy(data)
    data["title"] = title
    _set(data, "description", description)
    return data


def add_question(data: Data, page_id: str | None, question: Data, new_page: Data | None = None) -> Data:
    """Add a question at the end of a page, or on a new last page when `new_page` gives its title."""
    data = copy.deepcopy(data)
    if page_id is None:
        page = {"id": new_page_id(data, (new_page or {}).get("title", "")), **(new_page or {}), "questions": []}
        data["pages"].append(page)
    else:
        page = data["pages"][page_index(data, page_id)]
    page["questions"].append(question)
    return data


def update_question(data: Data, question: Data) -> Data:
    data = copy.deepcopy(data)
    p, q = question_position(data, question["id"])
    data["pages"][p]["questions"][q] = question
    return data


def remove_question(data: Data, question_id: str) -> Data:
    data = copy.deepcopy(data)
    p, q = question_position(data, question_id)
    if len(data["pages"][p]["questions"]) == 1:
        raise EditError("This is the only question on its page: remove the page instead")
    del data["pages"][p]["questions"][q]
    return data


def move_question(data: Data, question_id: str, direction: str) -> Data:
    """Move a question one place up or down; at the edge of its page it moves onto the neighbouring page."""
    data = copy.deepcopy(data)
    p, q = question_position(data, question_id)
    questions = data["pages"][p]["questions"]
    step = -1 if direction == "up" else 1
    if 0 <= q + step < len(questions):
        questions[q], questions[q + step] = questions[q + step], questions[q]
        return data
    if not 0 <= p + step < len(data["pages"]):
        raise EditError(f"This question is already the {'first' if step < 0 else 'last'} in the survey")
    if len(questions) == 1:
        raise EditError("This is the only question on its page: move the page instead")
    question = questions.pop(q)
    target = data["pages"][p + step]["questions"]
    target.insert(len(target) if step < 0 else 0, question)
    return data


def update_page(data: Data, page_id: str, title: str, description: str | None) -> Data:
    data = copy.deepcopy(data)
    page = data["pages"][page_index(data, page_id)]
    page["title"] = title
    _set(page, "description", description)
    return data


def remove_page(data: Data, page_id: str) -> Data:
    data = copy.deepcopy(data)
    if len(data["pages"]) == 1:
        raise EditError("A survey needs at least one page: add another page before removing this one")
    del data["pages"][page_index(data, page_id)]
    return data


def move_page(data: Data, page_id: str, direction: str) -> Data:
    data = copy.deepcopy(data)
    index = page_index(data, page_id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(data["pages"]):
        raise EditError(f"This page is already the {'first' if other < 0 else 'last'} page")
    pages = data["pages"]
    pages[index], pages[other] = pages[other], pages[index]
    return data


def target_of(data: Data, kind: str, target_id: str) -> Data:
    if kind == "page":
        return data["pages"][page_index(data, target_id)]
    return get_question(data, target_id)


def set_condition(data: Data, kind: str, target_id: str, condition: Data | None) -> Data:
    data = copy.deepcopy(data)
    _set(target_of(data, kind, target_id), "show_if", condition)
    return data


def condition_sources(definition: SurveyDefinition, kind: str, target_id: str) -> list[Question]:
    """Questions a condition on the target may test: those before it in the survey (never information)."""
    sources: list[Question] = []
    for page in definition.pages:
        if kind == "page" and page.id == target_id:
            break
        for question in page.questions:
            if kind == "question" and question.id == target_id:
                return sources
            if question.type is not T.INFORMATION:
                sources.append(question)
    return sources


def condition_from_choice(source: Question, values: list[str]) -> Data:
    """`equals` for one chosen value, `any_of` for several, `answered` for a question without options."""
    if not is_choice_question(source):
        return {"question": source.id, "answered": True}
    if not values:
        raise EditError("Select at least one answer", "values")
    if len(values) == 1:
        return {"question": source.id, "equals": values[0]}
    return {"question": source.id, "any_of": values}


def describe_condition(definition: SurveyDefinition, condition: Any) -> str:
    """The condition in words, for the builder page: 'Shown if "Do you live here?" is "Yes"'."""
    if condition is None:
        return ""
    source = definition.question(condition.question)
    label = source.label or source.id
    if condition.answered is not None:
        return f'Shown if "{label}" is {"answered" if condition.answered else "not answered"}'
    values = [condition.equals] if condition.equals is not None else list(condition.any_of or ())
    chosen = " or ".join(f'"{source.option_label(value)}"' for value in values)
    return f'Shown if the answer to "{label}" is {chosen}'


def is_choice(question: Question) -> bool:
    return is_choice_question(question)


def _set(mapping: Data, key: str, value: Any) -> None:
    if value in (None, ""):
        mapping.pop(key, None)
    else:
        mapping[key] = value
