"""Answers as the lines a respondent reads on the check-your-answers page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .answers import error_anchor
from .definition import OTHER_VALUE, Question, QuestionType, SurveyDefinition
from .items import AnswerItem, Answers
from .routing import prune_hidden, visible_pages, visible_questions

NOT_ANSWERED = "Not answered"
T = QuestionType
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class SummaryRow:
    """One row of check your answers; `page_id` is where the Change link goes, `anchor` the field to focus."""

    page_id: str
    question: Question
    lines: tuple[str, ...]
    anchor: str | None


def format_answer(question: Question, items: tuple[AnswerItem, ...] | list[AnswerItem]) -> list[str]:
    items = tuple(items)
    if not items:
        return [NOT_ANSWERED]
    if question.rows:
        order = {row.value: i for i, row in enumerate(question.rows)}
        ordered = sorted(items, key=lambda item: order.get(item.item or "", len(order)))
        return [f"{question.row_label(item.item or '')}: {question.option_label(item.value)}" for item in ordered]
    if question.type is T.RANKING:
        ranked = sorted(items, key=lambda item: item.position or 0)
        return [f"{item.position}. {question.option_label(item.value)}" for item in ranked]
    if question.type is T.DATE:
        return [_format_date(item.value) for item in items]
    return _format_plain(question, items)


def _format_plain(question: Question, items: tuple[AnswerItem, ...]) -> list[str]:
    other_text = [item.value for item in items if item.item == OTHER_VALUE]
    lines = []
    for item in items:
        if item.item is not None:
            continue
        if item.value == OTHER_VALUE and question.other:
            lines.append(f"Other: {other_text[0]}" if other_text else "Other")
        elif question.choices and question.type is not T.CONSENT:
            lines.append(question.option_label(item.value))
        else:
            lines.append("Yes" if question.type is T.CONSENT else item.value)
    return lines or [NOT_ANSWERED]


def _format_date(value: str) -> str:
    try:
        answer = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{answer.day} {MONTHS[answer.month - 1]} {answer.year}"


def summary_rows(definition: SurveyDefinition, answers: Answers) -> list[SummaryRow]:
    """Rows for check your answers: every visible question except information, in survey order."""
    pruned = prune_hidden(definition, answers)
    return [
        _summary_row(page.id, question, pruned)
        for page in visible_pages(definition, pruned)
        for question in visible_questions(definition, page, pruned)
        if question.type is not T.INFORMATION
    ]


def _summary_row(page_id: str, question: Question, answers: Answers) -> SummaryRow:
    lines = tuple(format_answer(question, tuple(answers.get(question.id, ()))))
    return SummaryRow(page_id, question, lines, error_anchor(question))
