"""Words for the survey engine's errors, one module per audience.

The engine returns codes with parameters (app/surveys/engine/errors.py); `resident` words them for the public and
invited organisations, `officer` for staff importing or keying responses, `pupil` for 11 to 16 year olds at reading
grade 5 or below. Each module has a wording for every `ErrorCode`; the tests fail when a new code lacks one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.surveys.engine import Audience, ValidationError
from app.surveys.messages import officer, pupil, resident

Wording = Callable[[ValidationError], str]

BY_AUDIENCE: dict[str, Wording] = {
    Audience.PUBLIC: resident.word,
    Audience.STAKEHOLDER: resident.word,
    Audience.SCHOOLS: pupil.word,
}


def wording_for(audience: str) -> Wording:
    """How the people a survey is for read its errors: a schools survey is answered by pupils."""
    return BY_AUDIENCE.get(audience, resident.word)


def worded(errors: Mapping[str, ValidationError], wording: Wording) -> dict[str, str]:
    """A mapping of errors (by question id or field name) as text, in the same order."""
    return {key: wording(error) for key, error in errors.items()}


__all__ = ["BY_AUDIENCE", "Wording", "officer", "pupil", "resident", "worded", "wording_for"]
