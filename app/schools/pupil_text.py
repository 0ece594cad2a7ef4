"""Error messages in pupils' words. The survey engine's messages are written for adults; pupils see these."""

from __future__ import annotations

import re
from typing import Any

_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"You cannot select '(?P<option>[^']+)' with other options"),
     "You picked '{option}' and other answers too. Pick just one of them."),
    (re.compile(r"Select no more than (?P<n>\d+) options?"), "Pick up to {n} answers."),
    (re.compile(r"Enter your answer in the 'Other' box"), "Type your answer in the box."),
    (re.compile(r"Select 'Other' and tell us your answer, or delete what you typed"),
     "Tick 'Something else' and type your answer. Or delete what you typed."),
    (re.compile(r"Your answer must be (?P<n>\d+) characters or less"),
     "Your answer is too long. Make it shorter."),
    (re.compile(r"Your answer contains a hidden character \(NUL\).*"),
     "Your answer has a hidden character we cannot save. Type it again instead of pasting it."),
)
FALLBACK = "Please check this answer."


def pupil_message(message: str) -> str:
    for pattern, text in _REWRITES:
        match = pattern.fullmatch(message)
        if match:
            return text.format(**match.groupdict())
    return FALLBACK


def in_pupil_words(context: dict[str, Any]) -> dict[str, Any]:
    """Rewrite the error summary and field errors of a survey page context."""
    context["errors"] = [{**error, "text": pupil_message(error["text"])} for error in context["errors"]]
    context["field_errors"] = {name: pupil_message(text) for name, text in context["field_errors"].items()}
    return context
