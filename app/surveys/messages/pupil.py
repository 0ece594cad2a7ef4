"""Error wording for pupils (11 to 16): short sentences and common words, Flesch-Kincaid grade 5 or below.

A message written by the survey's author (`required_message`) is shown as written: on a schools survey the
author writes for pupils, as for the labels.
"""

from __future__ import annotations

from collections.abc import Callable

from app.surveys.engine import ErrorCode, QuestionType, ValidationError
from app.surveys.engine.errors import Params, missing_parts

C = ErrorCode
T = QuestionType

REQUIRED: dict[str, str] = {
    T.SINGLE_CHOICE: "Please pick an answer.",
    T.MULTIPLE_CHOICE: "Please pick at least one answer.",
    T.WARD: "Please pick the place where you live.",
    T.FACE_SCALE: "Please pick a face.",
    T.RANKING: "Please pick your first choice.",
    T.SHORT_TEXT: "Please type your answer.",
    T.LONG_TEXT: "Please type your answer.",
    T.NUMBER: "Please type a number.",
    T.DATE: "Please type a date.",
    T.POSTCODE: "Please type your postcode.",
    T.CONSENT: "Please tick the box to say yes.",
}


def _required(p: Params) -> str:
    return str(p.get("custom") or REQUIRED.get(str(p.get("question_type")), "Please answer this question."))


def _too_many(p: Params) -> str:
    return "Pick just one answer." if p["max"] == 1 else f"Pick up to {p['max']} answers."


def _out_of_range(p: Params) -> str:
    if "min" in p and "max" in p:
        return f"Please type a number from {p['min']} to {p['max']}."
    if "min" in p:
        return f"Please type a number that is {p['min']} or more."
    return f"Please type a number that is {p['max']} or less."


WORDINGS: dict[ErrorCode, Callable[[Params], str]] = {
    C.NOT_AN_OPTION: lambda p: "Please pick an answer from the list.",
    C.REQUIRED: _required,
    C.ROW_REQUIRED: lambda p: str(p.get("custom") or f"Please pick an answer for '{p['row']}'."),
    C.EVERY_ROW_REQUIRED: lambda p: "Please pick an answer for each row.",
    C.EXCLUSIVE_OPTION: lambda p: f"You picked '{p['option']}' and other answers too. Pick just one of them.",
    C.TOO_MANY_CHOICES: _too_many,
    C.OTHER_NOT_SELECTED: lambda p: f"Tick '{p['other_label']}' and type your answer. Or delete what you typed.",
    C.OTHER_EMPTY: lambda p: "Type your answer in the box.",
    C.TOO_LONG: lambda p: f"Your answer is too long. Please use {p['max']} letters or fewer.",
    C.RANKED_TWICE: lambda p: f"You picked '{p['option']}' more than once. Pick it just once.",
    C.RANKING_GAP: lambda p: "Fill in your choices in order. Start with your first choice.",
    C.NOT_A_WHOLE_NUMBER: lambda p: "Please type a whole number, like 12.",
    C.NUMBER_OUT_OF_RANGE: _out_of_range,
    C.DATE_INCOMPLETE: lambda p: f"Please add the {missing_parts(p)}.",
    C.DATE_NOT_REAL: lambda p: "That date is not real. Please check it.",
    C.YEAR_NOT_FOUR_DIGITS: lambda p: "Please type the year with 4 numbers, like 2012.",
    C.DATE_IN_FUTURE: lambda p: "That day has not come yet. Pick today or a day before.",
    C.POSTCODE_FORMAT: lambda p: f"Please check your postcode. It should look like {p.get('example', 'MK6 2')}.",
    C.NUL_CHARACTER: lambda p: "Your answer has a hidden mark we can not save. Type it again. Do not paste it.",
}


def word(error: ValidationError) -> str:
    return WORDINGS[error.code](error.params)
