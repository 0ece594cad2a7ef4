"""Read one question's form fields into answer items, or an error code with its parameters.

Nothing the respondent sends is stored unless it is one of the question's own options or passes its checks. The
words each audience reads for an error are in app/surveys/messages, not here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .definition import OTHER_LABEL, OTHER_VALUE, Question, QuestionType
from .errors import ErrorCode, ValidationError
from .items import AnswerItem
from .postcode import normalise_postcode, postcode_example

Form = Mapping[str, Sequence[str]] | Mapping[str, str]
FormValues = dict[str, str | list[str]]
T = QuestionType
OTHER_MAX_LENGTH = 200
WHOLE_NUMBER_RE = re.compile(r"^[+-]?[0-9]{1,15}$")
C = ErrorCode
NOT_AN_OPTION = ValidationError(C.NOT_AN_OPTION)


@dataclass
class Reading:
    """What one question's fields gave: items when valid, otherwise an error and the field to link it to."""

    items: tuple[AnswerItem, ...] = ()
    values: FormValues = field(default_factory=dict)
    error: ValidationError | None = None
    anchor: str | None = None
    field_errors: dict[str, ValidationError] = field(default_factory=dict)

    def fail(self, error: ValidationError, anchor: str) -> Reading:
        self.items, self.error, self.anchor = (), error, anchor
        self.field_errors.setdefault(anchor, error)
        return self


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Strip the text and drop control characters; long answers keep their line breaks."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in text:
        if char == "\n" and multiline:
            kept.append(char)
        elif char in "\t\n":
            kept.append(" ")
        elif unicodedata.category(char) != "Cc":
            kept.append(char)
    return "".join(kept).strip()


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def required_error(question: Question) -> ValidationError:
    """Nothing given for a required question; the author's own message, if written, goes with the code."""
    params: dict[str, str] = {"question_type": str(question.type)}
    if question.required_message:
        params["custom"] = question.required_message
    return ValidationError(C.REQUIRED, params)


def _other_label(question: Question) -> dict[str, str]:
    return {"other_label": question.other_label or OTHER_LABEL}


def getlist(form: Form, name: str) -> list[str]:
    """All values for a field; accepts a plain mapping of lists or a Werkzeug MultiDict (`request.form`)."""
    if hasattr(form, "getlist"):
        return [str(value) for value in form.getlist(name)]
    values = form.get(name)
    if values is None:
        return []
    return [values] if isinstance(values, str) else [str(value) for value in values]


def first(form: Form, name: str) -> str:
    values = getlist(form, name)
    return values[0] if values else ""


def read_question(question: Question, form: Form, today: date) -> Reading:
    if question.type in (T.GRID, T.FACE_SCALE) and question.rows:
        return read_grid(question, form)
    if question.type is T.DATE:
        return read_date(question, form, today)
    return READERS[question.type](question, form)


def read_single(question: Question, form: Form) -> Reading:
    chosen = first(form, question.id)
    reading = Reading(values={question.id: chosen})
    if not chosen:
        return _read_nothing_chosen(question, form, reading)
    if chosen not in question.choice_values:
        reading.values[question.id] = ""
        return reading.fail(NOT_AN_OPTION, question.id)
    reading.items = (AnswerItem(question.id, None, chosen),)
    return _read_other(question, form, [chosen], reading)


def read_multiple(question: Question, form: Form) -> Reading:
    raw = list(dict.fromkeys(value for value in getlist(form, question.id) if value))
    chosen = [option.value for option in question.choices if option.value in raw]
    reading = Reading(values={question.id: chosen})
    if not raw:
        return _read_nothing_chosen(question, form, reading)
    if len(chosen) != len(raw):
        return reading.fail(NOT_AN_OPTION, question.id)
    for value in question.exclusive:
        if value in chosen and len(chosen) > 1:
            error = ValidationError(C.EXCLUSIVE_OPTION, {"option": question.option_label(value)})
            return reading.fail(error, question.id)
    if question.max_choices is not None and len(chosen) > question.max_choices:
        return reading.fail(ValidationError(C.TOO_MANY_CHOICES, {"max": question.max_choices}), question.id)
    reading.items = tuple(AnswerItem(question.id, None, value) for value in chosen)
    return _read_other(question, form, chosen, reading)


def _read_nothing_chosen(question: Question, form: Form, reading: Reading) -> Reading:
    other_name = f"{question.id}-other"
    if question.other and clean_text(first(form, other_name)):
        reading.values[other_name] = first(form, other_name)
        return reading.fail(ValidationError(C.OTHER_NOT_SELECTED, _other_label(question)), question.id)
    if question.required:
        return reading.fail(required_error(question), question.id)
    return reading


def _read_other(question: Question, form: Form, chosen: list[str], reading: Reading) -> Reading:
    """Other's text counts only when Other is chosen: a hidden conditional box may still hold old text."""
    if not question.other or OTHER_VALUE not in chosen:
        return reading
    name = f"{question.id}-other"
    reading.values[name] = first(form, name)
    text = clean_text(first(form, name))
    if not text:
        return reading.fail(ValidationError(C.OTHER_EMPTY, _other_label(question)), name)
    if len(text) > OTHER_MAX_LENGTH:
        return reading.fail(ValidationError(C.TOO_LONG, {"max": OTHER_MAX_LENGTH}), name)
    reading.items = (*reading.items, AnswerItem(question.id, OTHER_VALUE, text))
    return reading


def read_grid(question: Question, form: Form) -> Reading:
    reading = Reading()
    items: list[AnswerItem] = []
    missing: list[str] = []
    for row in question.rows:
        name = f"{question.id}-{row.value}"
        chosen = first(form, name)
        reading.values[name] = chosen if chosen in question.choice_values else ""
        if chosen and chosen not in question.choice_values:
            reading.field_errors[name] = NOT_AN_OPTION
        elif chosen:
            items.append(AnswerItem(question.id, row.value, chosen))
        elif question.required:
            reading.field_errors[name] = _row_error(question, row.label)
            missing.append(name)
    if not reading.field_errors:
        reading.items = tuple(items)
        return reading
    anchor = next(iter(reading.field_errors))
    error = ValidationError(C.EVERY_ROW_REQUIRED) if len(missing) > 1 else reading.field_errors[anchor]
    return reading.fail(error, anchor)


def _row_error(question: Question, row_label: str) -> ValidationError:
    params = {"row": row_label}
    if question.required_message:
        params["custom"] = question.required_message.replace("{row}", row_label)
    return ValidationError(C.ROW_REQUIRED, params)


def read_ranking(question: Question, form: Form) -> Reading:
    reading = Reading()
    picked: list[tuple[str, str]] = []
    for position in range(1, question.effective_pick + 1):
        name = f"{question.id}-{position}"
        chosen = first(form, name)
        valid = chosen in {option.value for option in question.options}
        reading.values[name] = chosen if valid else ""
        if chosen and not valid:
            return reading.fail(NOT_AN_OPTION, name)
        picked.append((name, chosen))
    return _check_ranking(question, picked, reading)


def _check_ranking(question: Question, picked: list[tuple[str, str]], reading: Reading) -> Reading:
    seen: set[str] = set()
    for name, value in picked:
        if value in seen:
            return reading.fail(ValidationError(C.RANKED_TWICE, {"option": question.option_label(value)}), name)
        if value:
            seen.add(value)
    filled = [bool(value) for _, value in picked]
    if any(filled) and filled != sorted(filled, reverse=True):
        gap = picked[filled.index(False)][0]
        return reading.fail(ValidationError(C.RANKING_GAP), gap)
    if not any(filled):
        return reading.fail(required_error(question), picked[0][0]) if question.required else reading
    reading.items = tuple(
        AnswerItem(question.id, None, value, position) for position, (_, value) in enumerate(picked, 1) if value
    )
    return reading


def read_text(question: Question, form: Form) -> Reading:
    raw = first(form, question.id)
    reading = Reading(values={question.id: raw})
    text = clean_text(raw, multiline=question.type is T.LONG_TEXT)
    limit = question.effective_max_length or OTHER_MAX_LENGTH
    if len(text) > limit:
        return reading.fail(ValidationError(C.TOO_LONG, {"max": limit}), question.id)
    if not text:
        return reading.fail(required_error(question), question.id) if question.required else reading
    reading.items = (AnswerItem(question.id, None, text),)
    return reading


def read_number(question: Question, form: Form) -> Reading:
    raw = first(form, question.id)
    reading = Reading(values={question.id: raw})
    text = clean_text(raw).replace(",", "").replace(" ", "")
    if not text:
        return reading.fail(required_error(question), question.id) if question.required else reading
    if not WHOLE_NUMBER_RE.match(text):
        return reading.fail(ValidationError(C.NOT_A_WHOLE_NUMBER), question.id)
    number = int(text)
    if (question.min is not None and number < question.min) or (question.max is not None and number > question.max):
        return reading.fail(_range_error(question), question.id)
    reading.items = (AnswerItem(question.id, None, str(number)),)
    return reading


def _range_error(question: Question) -> ValidationError:
    limits = {"min": question.min, "max": question.max}
    return ValidationError(C.NUMBER_OUT_OF_RANGE, {key: value for key, value in limits.items() if value is not None})


def read_date(question: Question, form: Form, today: date) -> Reading:
    parts = {part: clean_text(first(form, f"{question.id}-{part}")) for part in ("day", "month", "year")}
    reading = Reading(values={f"{question.id}-{part}": first(form, f"{question.id}-{part}") for part in parts})
    missing = [part for part, text in parts.items() if not text]
    if len(missing) == 3:
        return reading.fail(required_error(question), f"{question.id}-day") if question.required else reading
    if missing:
        error = ValidationError(C.DATE_INCOMPLETE, {"missing": tuple(missing)})
        return reading.fail(error, f"{question.id}-{missing[0]}")
    if not all(text.isdigit() for text in parts.values()):
        return reading.fail(ValidationError(C.DATE_NOT_REAL), f"{question.id}-day")
    if len(parts["year"]) != 4:
        return reading.fail(ValidationError(C.YEAR_NOT_FOUR_DIGITS), f"{question.id}-year")
    try:
        answer = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return reading.fail(ValidationError(C.DATE_NOT_REAL), f"{question.id}-day")
    if question.not_in_future and answer > today:
        return reading.fail(ValidationError(C.DATE_IN_FUTURE), f"{question.id}-day")
    reading.items = (AnswerItem(question.id, None, answer.isoformat()),)
    return reading


def read_postcode(question: Question, form: Form) -> Reading:
    raw = first(form, question.id)
    reading = Reading(values={question.id: raw})
    text = clean_text(raw)
    if not text:
        return reading.fail(required_error(question), question.id) if question.required else reading
    stored = normalise_postcode(text, question.effective_store)
    if stored is None:
        example = postcode_example(question.effective_store)
        return reading.fail(ValidationError(C.POSTCODE_FORMAT, {"example": example}), question.id)
    reading.items = (AnswerItem(question.id, None, stored),)
    return reading


def read_consent(question: Question, form: Form) -> Reading:
    chosen = first(form, question.id)
    reading = Reading(values={question.id: chosen if chosen == "yes" else ""})
    if chosen == "yes":
        reading.items = (AnswerItem(question.id, None, "yes"),)
        return reading
    return reading.fail(required_error(question) if not chosen else NOT_AN_OPTION, question.id)


def read_information(question: Question, form: Form) -> Reading:
    return Reading()


READERS: dict[QuestionType, Callable[[Question, Form], Reading]] = {
    T.SINGLE_CHOICE: read_single,
    T.WARD: read_single,
    T.FACE_SCALE: read_single,
    T.MULTIPLE_CHOICE: read_multiple,
    T.GRID: read_grid,
    T.RANKING: read_ranking,
    T.SHORT_TEXT: read_text,
    T.LONG_TEXT: read_text,
    T.NUMBER: read_number,
    T.POSTCODE: read_postcode,
    T.CONSENT: read_consent,
    T.INFORMATION: read_information,
}
