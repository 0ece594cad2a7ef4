"""The one rule every report, dashboard and export applies: pupil text held back by the safeguarding screen is not
shown anywhere until a reviewer clears it.

How it holds: while a flag is open or closed-without-clearing, the flagged text lives only in
``safeguarding_flags`` and its answer row is not in ``answers`` at all (see ``app/safeguarding/services.py``), so no
query over answers can reach it. ``reportable_answers`` is kept as the single place to add a condition if that ever
changes; ``quarantined_count`` lets dashboards say how many items are held without showing them.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, true
from sqlalchemy.orm import InstrumentedAttribute


def reportable_answers(answer_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """A SQL condition true for answers that may be reported."""
    return true()


def quarantined_count(consultation_id: int) -> int:
    from app.safeguarding.services import held_answer_count

    return held_answer_count(consultation_id)
