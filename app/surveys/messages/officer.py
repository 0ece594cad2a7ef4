"""Error wording for officers keying in or importing responses on someone's behalf.

Officers see what the respondent would have seen on the form, so the paper and the screen agree: the resident
wording, except where a staff task needs more (an imported cell names the value it could not match).
"""

from __future__ import annotations

from app.surveys.engine import ErrorCode, ValidationError
from app.surveys.messages import resident


def word(error: ValidationError) -> str:
    return resident.word(error)


def word_cell(error: ValidationError, given: str) -> str:
    """An error for one imported CSV cell holding `given` (joined values; empty if the cell was blank)."""
    if error.code is ErrorCode.NOT_AN_OPTION:
        return f"'{given}' is not one of the options" if given else "This is not one of the options"
    return word(error)
