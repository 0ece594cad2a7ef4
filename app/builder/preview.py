"""Preview answers, kept in the officer's session and never in the database.

A preview is of a published version or of the survey's draft; each has its own key, so answers given in one never
route another. The session is a signed cookie, so only what routing needs is kept: choice values whole, typed text
cut short (conditions on text only ask whether it was answered).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from app.builder import drafts
from app.builder.services import get_version
from app.models import Survey
from app.models.consultations import definition_digest
from app.surveys.definitions_service import definition_of
from app.surveys.engine import AnswerItem, Answers, SurveyDefinition

KEY = "builder_preview"
TEXT_KEPT = 40


@dataclass(frozen=True)
class Subject:
    """What is previewed: version `number`, or (number None) the draft, whose key changes with its content."""

    key: str
    definition: SurveyDefinition
    number: int | None

    @property
    def label(self) -> str:
        return "your draft changes" if self.number is None else f"version {self.number}"


def subject(survey: Survey, number: int | None) -> Subject:
    if number is None:
        draft = drafts.get_draft(survey)
        return Subject(
            f"draft-{draft.id}-{definition_digest(draft.definition)[:16]}", drafts.draft_definition(draft), None
        )
    version = get_version(survey, number)
    return Subject(f"version-{version.id}", definition_of(version), number)


def answers(session: MutableMapping[str, Any], key: str) -> dict[str, tuple[AnswerItem, ...]]:
    stored = session.get(KEY) or {}
    if stored.get("key") != key:
        return {}
    result: dict[str, list[AnswerItem]] = {}
    for question_id, item, value, position in stored.get("items", []):
        result.setdefault(question_id, []).append(AnswerItem(question_id, item, value, position))
    return {question_id: tuple(items) for question_id, items in result.items()}


def save(session: MutableMapping[str, Any], key: str, page_answers: Answers) -> None:
    merged = {**answers(session, key), **page_answers}
    session[KEY] = {
        "key": key,
        "items": [[i.question_id, i.item, i.value[:TEXT_KEPT], i.position] for items in merged.values() for i in items],
    }


class PreviewStore:
    """The journey step's store for a preview: answers in the officer's session under the subject's key. What
    routing sees is what is kept, typed text cut short, so the next page is decided as it will be on reload."""

    def __init__(self, session: MutableMapping[str, Any], subject: Subject) -> None:
        self._session, self._subject = session, subject

    @property
    def definition(self) -> SurveyDefinition:
        return self._subject.definition

    def answers(self) -> Answers:
        return answers(self._session, self._subject.key)

    def save(self, page_answers: Answers) -> Answers:
        save(self._session, self._subject.key, page_answers)
        return self.answers()


def start(session: MutableMapping[str, Any], key: str) -> None:
    session[KEY] = {"key": key, "items": []}
