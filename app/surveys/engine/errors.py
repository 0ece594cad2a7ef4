"""What is wrong with an answer, as a code and its parameters; never the words a person reads.

The engine says *what* failed (`too_long`, max 500); each audience words it in its own module
(app/surveys/messages: residents, officers, pupils). A new code must get a wording in every one of them, and the
tests iterate `ErrorCode` to hold that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

ParamValue = str | int | tuple[str, ...]
Params = Mapping[str, ParamValue]


def missing_parts(params: Params) -> str:
    """The parts a date lacks (``missing``: "day", or ("day", "month")) joined as an audience's wording needs them."""
    missing = params["missing"]
    return " and ".join(missing) if isinstance(missing, tuple) else str(missing)


class ErrorCode(StrEnum):
    NOT_AN_OPTION = "not_an_option"
    """A value that is not one of the question's options. Params: none."""
    REQUIRED = "required"
    """Nothing given for a required question. Params: question_type; custom (the author's message), if written."""
    ROW_REQUIRED = "row_required"
    """A grid row left unanswered. Params: row (its label); custom (the author's message, `{row}` filled), if any."""
    EVERY_ROW_REQUIRED = "every_row_required"
    """More than one grid row left unanswered. Params: none."""
    EXCLUSIVE_OPTION = "exclusive_option"
    """An option that must stand alone chosen with others. Params: option (its label)."""
    TOO_MANY_CHOICES = "too_many_choices"
    """More options ticked than allowed. Params: max."""
    OTHER_NOT_SELECTED = "other_not_selected"
    """Text typed in the Other box, but Other not chosen. Params: other_label."""
    OTHER_EMPTY = "other_empty"
    """Other chosen, but its box left empty. Params: other_label."""
    TOO_LONG = "too_long"
    """Text longer than allowed. Params: max (characters)."""
    RANKED_TWICE = "ranked_twice"
    """The same option in two ranking positions. Params: option (its label)."""
    RANKING_GAP = "ranking_gap"
    """A ranking position filled after an empty one. Params: none."""
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    """A number answer that is not a whole number. Params: none."""
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    """A number below min or above max. Params: min and/or max (whichever the question sets)."""
    DATE_INCOMPLETE = "date_incomplete"
    """A date with some parts missing. Params: missing (the missing parts in order: day, month, year)."""
    DATE_NOT_REAL = "date_not_real"
    """A date that does not exist, or with parts that are not numbers. Params: none."""
    YEAR_NOT_FOUR_DIGITS = "year_not_four_digits"
    """A year not written with 4 digits. Params: none."""
    DATE_IN_FUTURE = "date_in_future"
    """A date after today where the question wants today or earlier. Params: none."""
    POSTCODE_FORMAT = "postcode_format"
    """Text that is not a UK postcode in a form the question can store. Params: example (what to type)."""
    NUL_CHARACTER = "nul_character"
    """A NUL character (usually pasted), which cannot be saved. Params: none."""


@dataclass(frozen=True)
class ValidationError:
    """One problem with one answer: a stable code and the facts a wording needs (a limit, a label)."""

    code: ErrorCode
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.params.items()))))
