"""Preview answers, kept in the officer's session and never in the database.

The session is a signed cookie, so only what routing needs is kept: choice values whole, typed text cut short
(conditions on text only ask whether it was answered).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from app.models import SurveyVersion
from app.surveys.engine import AnswerItem, Answers

KEY = "builder_preview"
TEXT_KEPT = 40


def answers(session: MutableMapping[str, Any], version: SurveyVersion) -> dict[str, tuple[AnswerItem, ...]]:
    stored = session.get(KEY) or {}
    if stored.get("version") != version.id:
        return {}
    result: dict[str, list[AnswerItem]] = {}
    for question_id, item, value, position in stored.get("items", []):
        result.setdefault(question_id, []).append(AnswerItem(question_id, item, value, position))
    return {key: tuple(items) for key, items in result.items()}


def save(session: MutableMapping[str, Any], version: SurveyVersion, page_answers: Answers) -> None:
    merged = {**answers(session, version), **page_answers}
    session[KEY] = {
        "version": version.id,
        "items": [[i.question_id, i.item, i.value[:TEXT_KEPT], i.position] for items in merged.values() for i in items],
    }


def start(session: MutableMapping[str, Any], version: SurveyVersion) -> None:
    session[KEY] = {"version": version.id, "items": []}
