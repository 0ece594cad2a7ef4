"""Error wording for residents and invited organisations: GOV.UK style, addressed to an adult.

These are the engine's messages as residents have always read them; change one only on purpose.
"""

from __future__ import annotations

from collections.abc import Callable

from app.surveys.engine import ErrorCode, QuestionType, ValidationError
from app.surveys.engine.errors import Params, missing_parts

C = ErrorCode
T = QuestionType

REQUIRED: dict[str, str] = {
    T.SINGLE_CHOICE: "Select an answer",
    T.MULTIPLE_CHOICE: "Select at least one option",
    T.WARD: "Select the ward you live in",
    T.FACE_SCALE: "Select an answer",
    T.RANKING: "Select your 1st choice",
    T.SHORT_TEXT: "Enter your answer",
    T.LONG_TEXT: "Enter your answer",
    T.NUMBER: "Enter a number",
    T.DATE: "Enter a date",
    T.POSTCODE: "Enter your postcode",
    T.CONSENT: "Tick the box to confirm you agree",
}
NUL = "Your answer contains a hidden character (NUL) that cannot be saved. Type your answer again instead of pasting it"


def _required(p: Params) -> str:
    return str(p.get("custom") or REQUIRED.get(str(p.get("question_type")), "Answer this question"))


def _too_many(p: Params) -> str:
    return f"Select no more than {p['max']} {'option' if p['max'] == 1 else 'options'}"


def _out_of_range(p: Params) -> str:
    if "min" in p and "max" in p:
        return f"Enter a number between {p['min']} and {p['max']}"
    if "min" in p:
        return f"Enter a number that is {p['min']} or more"
    return f"Enter a number that is {p['max']} or less"


WORDINGS: dict[ErrorCode, Callable[[Params], str]] = {
    C.NOT_AN_OPTION: lambda p: "Select an answer from the list",
    C.REQUIRED: _required,
    C.ROW_REQUIRED: lambda p: str(p.get("custom") or f"Select an answer for '{p['row']}'"),
    C.EVERY_ROW_REQUIRED: lambda p: "Select an answer for every row",
    C.EXCLUSIVE_OPTION: lambda p: f"You cannot select '{p['option']}' with other options",
    C.TOO_MANY_CHOICES: _too_many,
    C.OTHER_NOT_SELECTED: lambda p: "Select 'Other' and tell us your answer, or delete what you typed",
    C.OTHER_EMPTY: lambda p: "Enter your answer in the 'Other' box",
    C.TOO_LONG: lambda p: f"Your answer must be {p['max']} characters or less",
    C.RANKED_TWICE: lambda p: f"You cannot choose '{p['option']}' more than once",
    C.RANKING_GAP: lambda p: "Fill in your choices in order, starting with your 1st choice",
    C.NOT_A_WHOLE_NUMBER: lambda p: "Enter a whole number, like 12",
    C.NUMBER_OUT_OF_RANGE: _out_of_range,
    C.DATE_INCOMPLETE: lambda p: f"Date must include a {missing_parts(p)}",
    C.DATE_NOT_REAL: lambda p: "Date must be a real date",
    C.YEAR_NOT_FOUR_DIGITS: lambda p: "Year must include 4 numbers",
    C.DATE_IN_FUTURE: lambda p: "Date must be today or in the past",
    C.POSTCODE_FORMAT: lambda p: f"Enter your postcode in the correct format, like {p.get('example', 'MK6 2')}",
    C.NUL_CHARACTER: lambda p: NUL,
}


def word(error: ValidationError) -> str:
    return WORDINGS[error.code](error.params)
