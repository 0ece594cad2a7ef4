"""Error wording for officers keying in or importing responses on someone's behalf.

Officers see what the respondent would have seen on the form, so the paper and the screen agree: the resident
wording, except where a staff task needs more (an imported cell names the value it could not match).
"""

from __future__ import annotations

from collections.abc import Callable

from app.surveys.engine import ErrorCode, ValidationError
from app.surveys.engine.errors import Params, missing_parts
from app.surveys.messages import resident

C = ErrorCode


def word(error: ValidationError) -> str:
    return resident.word(error)


def word_cell(error: ValidationError, given: str) -> str:
    """An error for one imported CSV cell holding `given` (joined values; empty if the cell was blank)."""
    if error.code is ErrorCode.NOT_AN_OPTION:
        return f"'{given}' is not one of the options" if given else "This is not one of the options"
    return word(error)


def _keyed_range(p: Params) -> str:
    if "min" in p and "max" in p:
        return f"a whole number from {p['min']} to {p['max']}"
    return f"{p['min']} or more" if "min" in p else f"{p['max']} or less"


KEYED: dict[ErrorCode, Callable[[Params], str]] = {
    C.NOT_AN_OPTION: lambda p: "must be one of the options listed",
    C.REQUIRED: lambda p: "is needed",
    C.ROW_REQUIRED: lambda p: f"needs a choice for '{p['row']}'",
    C.EVERY_ROW_REQUIRED: lambda p: "needs a choice in every row",
    C.EXCLUSIVE_OPTION: lambda p: f"cannot have '{p['option']}' with other options: key '{p['option']}' alone, or "
    "leave it out",
    C.TOO_MANY_CHOICES: lambda p: f"must have no more than {p['max']} {'option' if p['max'] == 1 else 'options'} "
    "ticked: key the first ones, or leave the question blank",
    C.OTHER_NOT_SELECTED: lambda p: "has text for 'Other', so tick 'Other' too, or delete the text",
    C.OTHER_EMPTY: lambda p: "ticks 'Other', so type what the form says under 'Please specify', or untick 'Other'",
    C.TOO_LONG: lambda p: f"must be {p['max']} characters or less: key the first {p['max']} characters",
    C.RANKED_TWICE: lambda p: f"must not rank '{p['option']}' twice",
    C.RANKING_GAP: lambda p: "must be keyed in order, starting with the 1st choice",
    C.NOT_A_WHOLE_NUMBER: lambda p: "must be a whole number, like 12",
    C.NUMBER_OUT_OF_RANGE: lambda p: f"must be {_keyed_range(p)}",
    C.DATE_INCOMPLETE: lambda p: f"must include a {missing_parts(p)}, or leave the date blank",
    C.DATE_NOT_REAL: lambda p: "must be a real date",
    C.YEAR_NOT_FOUR_DIGITS: lambda p: "must have a year with 4 numbers",
    C.DATE_IN_FUTURE: lambda p: "must be today or in the past",
    C.POSTCODE_FORMAT: lambda p: f"must be a postcode, like {p.get('example', 'MK6 2')}, or leave it blank",
    C.NUL_CHARACTER: lambda p: "contains a hidden character (NUL) that cannot be saved: type it instead of pasting",
}


def word_keyed(error: ValidationError, question_label: str) -> str:
    """An error on the one-page keying screen, about what the paper or email form says rather than to the person
    who filled it in: "The form's answer to 'Which ward?' must be one of the options listed"."""
    return f"The form's answer to '{question_label}' {KEYED[error.code](error.params)}"
