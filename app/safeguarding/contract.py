"""The one rule every report, dashboard and export applies: an answer held back by the safeguarding screen is
not shown anywhere until a reviewer clears it. Features import ``reportable_answers`` and add it to their query."""

from __future__ import annotations

from sqlalchemy import ColumnElement, true
from sqlalchemy.orm import InstrumentedAttribute


def reportable_answers(answer_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """A SQL condition true for answers that may be reported (placeholder until flags exist: everything)."""
    return true()
