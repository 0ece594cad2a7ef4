"""What a draft changes for respondents, in the officer's words, for the confirmation before publishing.

Pure: two definitions in, a frozen summary out (no Flask, no database), so the same comparison serves the publish
page, the audit entry and the tests. Questions and pages are matched by their id, which the builder keeps when
their wording changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.surveys.engine import SurveyDefinition, definition_to_dict

Data = dict[str, Any]
ASPECTS = (
    (("label", "body"), "wording"),
    (("hint",), "hint"),
    (("options", "rows", "other", "other_label", "exclusive", "max_choices", "pick"), "answer options"),
    (("required",), "whether an answer is required"),
    (("show_if",), "who sees it"),
    (("type",), "question type"),
)
"""Question fields grouped as an officer would name what changed; any other field is "other settings"."""


@dataclass(frozen=True)
class QuestionChange:
    label: str
    page: str
    aspects: tuple[str, ...] = ()


@dataclass(frozen=True)
class SurveyChanges:
    added: tuple[QuestionChange, ...]
    removed: tuple[QuestionChange, ...]
    changed: tuple[QuestionChange, ...]
    other: tuple[str, ...]
    """Changes to the survey's details, its pages and their order, as sentences."""

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed) + len(self.other)


def describe_changes(before: SurveyDefinition, after: SurveyDefinition) -> SurveyChanges:
    old, new = definition_to_dict(before), definition_to_dict(after)
    old_questions, new_questions = _questions(old), _questions(new)
    added = tuple(_ref(q, page) for qid, (q, page) in new_questions.items() if qid not in old_questions)
    removed = tuple(_ref(q, page) for qid, (q, page) in old_questions.items() if qid not in new_questions)
    changed = tuple(
        QuestionChange(_label(q), page["title"], aspects)
        for qid, (q, page) in new_questions.items()
        if qid in old_questions and (aspects := _aspects(old_questions[qid][0], q, old_questions[qid][1], page))
    )
    return SurveyChanges(added, removed, changed, _details(old, new) + _pages(old, new) + _order(old, new))


def _questions(data: Data) -> dict[str, tuple[Data, Data]]:
    """Each question by id, with the page it is on."""
    return {q["id"]: (q, page) for page in data["pages"] for q in page["questions"]}


def _label(question: Data) -> str:
    return question.get("label") or _first_line(question.get("body")) or question["id"]


def _first_line(text: str | None) -> str:
    line = (text or "").strip().split("\n", 1)[0]
    return line if len(line) <= 80 else line[:79] + "…"


def _ref(question: Data, page: Data) -> QuestionChange:
    return QuestionChange(_label(question), page["title"])


def _aspects(old: Data, new: Data, old_page: Data, new_page: Data) -> tuple[str, ...]:
    differing = {key for key in set(old) | set(new) if old.get(key) != new.get(key)}
    aspects = [name for keys, name in ASPECTS if differing & set(keys)]
    known = {key for keys, _name in ASPECTS for key in keys}
    if differing - known:
        aspects.append("other settings")
    if old_page["id"] != new_page["id"]:
        aspects.append(f'moved from page "{old_page["title"]}"')
    return tuple(aspects)


def _details(old: Data, new: Data) -> tuple[str, ...]:
    sentences = []
    if old["title"] != new["title"]:
        sentences.append(f'The survey is now called "{new["title"]}" (was "{old["title"]}").')
    if old.get("description") != new.get("description"):
        sentences.append("The survey's description changed.")
    return tuple(sentences)


def _pages(old: Data, new: Data) -> tuple[str, ...]:
    before = {page["id"]: page for page in old["pages"]}
    after = {page["id"]: page for page in new["pages"]}
    sentences = [f'Page "{page["title"]}" added.' for pid, page in after.items() if pid not in before]
    sentences += [
        f'Page "{page["title"]}" removed, with its questions.' for pid, page in before.items() if pid not in after
    ]
    for pid, page in after.items():
        if pid not in before:
            continue
        was = before[pid]
        if was["title"] != page["title"]:
            sentences.append(f'Page "{was["title"]}" is now called "{page["title"]}".')
        if was.get("description") != page.get("description"):
            sentences.append(f'The introduction of page "{page["title"]}" changed.')
        if was.get("show_if") != page.get("show_if"):
            sentences.append(f'Who sees page "{page["title"]}" changed.')
    return tuple(sentences)


def _order(old: Data, new: Data) -> tuple[str, ...]:
    """One sentence when pages or questions that are in both versions come in a different order."""
    kept_pages = [p["id"] for p in new["pages"] if p["id"] in {q["id"] for q in old["pages"]}]
    old_pages = [p["id"] for p in old["pages"] if p["id"] in set(kept_pages)]
    new_ids, old_ids = list(_questions(new)), list(_questions(old))
    kept = [qid for qid in new_ids if qid in set(old_ids)]
    old_kept = [qid for qid in old_ids if qid in set(new_ids)]
    sentences = []
    if kept_pages != old_pages:
        sentences.append("The pages are in a different order.")
    if kept != old_kept and kept_pages == old_pages:
        sentences.append("Some questions are in a different order.")
    return tuple(sentences)
