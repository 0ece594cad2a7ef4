"""One bad answer for every kind of engine error, with what residents and pupils are told.

Shared by the engine's wording tests (tests/unit/surveys/test_messages.py) and the pages pupils and residents see
(tests/integration/schools/test_pupil_error_wording.py). Each question sits on its own page, named like its id.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from app.surveys.engine import ErrorCode

C = ErrorCode


def definition(audience: str, slug: str = "every-error") -> dict[str, Any]:
    questions: list[dict[str, Any]] = [
        {
            "id": "choice",
            "type": "single_choice",
            "label": "Pick a colour",
            "options": ["Red", "Blue"],
            "required": True,
        },
        {
            "id": "multi",
            "type": "multiple_choice",
            "label": "What would help?",
            "options": ["Lights", "Cameras", "Police", "Not sure"],
            "exclusive": ["not_sure"],
            "max_choices": 2,
            "other": True,
            "other_label": "Something else",
            "required": True,
        },
        {
            "id": "grid",
            "type": "grid",
            "label": "How safe do you feel?",
            "required": True,
            "rows": [{"value": "school", "label": "At school"}, {"value": "parks", "label": "In parks"}],
            "options": ["Safe", "Unsafe"],
        },
        {
            "id": "rank",
            "type": "ranking",
            "label": "Put these in order",
            "options": ["Bikes", "Cars", "Buses"],
            "pick": 2,
            "required": True,
        },
        {"id": "words", "type": "short_text", "label": "Tell us one thing", "max_length": 20, "required": True},
        {"id": "count", "type": "number", "label": "How many?", "min": 1, "max": 10, "required": True},
        {"id": "when", "type": "date", "label": "When?", "not_in_future": True, "required": True},
        {"id": "where", "type": "postcode", "label": "Your postcode", "required": True},
    ]
    return {
        "schema_version": 1,
        "slug": slug,
        "title": "Every error",
        "audience": audience,
        "pages": [{"id": q["id"], "title": q["label"], "questions": [q]} for q in questions],
    }


class BadAnswer(NamedTuple):
    page: str
    form: dict[str, list[str]]
    code: ErrorCode
    resident: str
    pupil: str


BAD_ANSWERS: dict[str, BadAnswer] = {
    "not an option": BadAnswer(
        "choice",
        {"choice": ["green"]},
        C.NOT_AN_OPTION,
        "Select an answer from the list",
        "Please pick an answer from the list.",
    ),
    "nothing chosen": BadAnswer("choice", {}, C.REQUIRED, "Select an answer", "Please pick an answer."),
    "a row missed": BadAnswer(
        "grid",
        {"grid-school": ["safe"]},
        C.ROW_REQUIRED,
        "Select an answer for 'In parks'",
        "Please pick an answer for 'In parks'.",
    ),
    "every row missed": BadAnswer(
        "grid", {}, C.EVERY_ROW_REQUIRED, "Select an answer for every row", "Please pick an answer for each row."
    ),
    "exclusive": BadAnswer(
        "multi",
        {"multi": ["lights", "not_sure"]},
        C.EXCLUSIVE_OPTION,
        "You cannot select 'Not sure' with other options",
        "You picked 'Not sure' and other answers too. Pick just one of them.",
    ),
    "too many": BadAnswer(
        "multi",
        {"multi": ["lights", "cameras", "police"]},
        C.TOO_MANY_CHOICES,
        "Select no more than 2 options",
        "Pick up to 2 answers.",
    ),
    "other typed, not ticked": BadAnswer(
        "multi",
        {"multi-other": ["Bikes"]},
        C.OTHER_NOT_SELECTED,
        "Select 'Other' and tell us your answer, or delete what you typed",
        "Tick 'Something else' and type your answer. Or delete what you typed.",
    ),
    "other ticked, empty": BadAnswer(
        "multi",
        {"multi": ["other"], "multi-other": [""]},
        C.OTHER_EMPTY,
        "Enter your answer in the 'Other' box",
        "Type your answer in the box.",
    ),
    "too long": BadAnswer(
        "words",
        {"words": ["x" * 21]},
        C.TOO_LONG,
        "Your answer must be 20 characters or less",
        "Your answer is too long. Please use 20 letters or fewer.",
    ),
    "ranked twice": BadAnswer(
        "rank",
        {"rank-1": ["bikes"], "rank-2": ["bikes"]},
        C.RANKED_TWICE,
        "You cannot choose 'Bikes' more than once",
        "You picked 'Bikes' more than once. Pick it just once.",
    ),
    "ranking gap": BadAnswer(
        "rank",
        {"rank-2": ["bikes"]},
        C.RANKING_GAP,
        "Fill in your choices in order, starting with your 1st choice",
        "Fill in your choices in order. Start with your first choice.",
    ),
    "not a number": BadAnswer(
        "count",
        {"count": ["ten"]},
        C.NOT_A_WHOLE_NUMBER,
        "Enter a whole number, like 12",
        "Please type a whole number, like 12.",
    ),
    "out of range": BadAnswer(
        "count",
        {"count": ["11"]},
        C.NUMBER_OUT_OF_RANGE,
        "Enter a number between 1 and 10",
        "Please type a number from 1 to 10.",
    ),
    "date part missing": BadAnswer(
        "when",
        {"when-day": ["1"], "when-month": [""], "when-year": ["2010"]},
        C.DATE_INCOMPLETE,
        "Date must include a month",
        "Please add the month.",
    ),
    "not a real date": BadAnswer(
        "when",
        {"when-day": ["31"], "when-month": ["2"], "when-year": ["2010"]},
        C.DATE_NOT_REAL,
        "Date must be a real date",
        "That date is not real. Please check it.",
    ),
    "two-digit year": BadAnswer(
        "when",
        {"when-day": ["1"], "when-month": ["2"], "when-year": ["10"]},
        C.YEAR_NOT_FOUR_DIGITS,
        "Year must include 4 numbers",
        "Please type the year with 4 numbers, like 2012.",
    ),
    "future date": BadAnswer(
        "when",
        {"when-day": ["1"], "when-month": ["1"], "when-year": ["2999"]},
        C.DATE_IN_FUTURE,
        "Date must be today or in the past",
        "That day has not come yet. Pick today or a day before.",
    ),
    "not a postcode": BadAnswer(
        "where",
        {"where": ["nowhere"]},
        C.POSTCODE_FORMAT,
        "Enter your postcode in the correct format, like MK6 2",
        "Please check your postcode. It should look like MK6 2.",
    ),
    "NUL character": BadAnswer(
        "words",
        {"words": ["a\x00b"]},
        C.NUL_CHARACTER,
        "Your answer contains a hidden character (NUL) that cannot be saved. Type your answer "
        "again instead of pasting it",
        "Your answer has a hidden mark we can not save. Type it again. Do not paste it.",
    ),
}
