"""Read a submitted page into answers, and turn stored answers back into form values.

Field names are the contract with the templates: question `q` uses `q`, `q-other`, `q-<row>`, `q-1`…`q-<pick>`
and `q-day`/`q-month`/`q-year`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .definition import OTHER_VALUE, Question, QuestionType, SurveyDefinition
from .errors import ErrorCode, ValidationError
from .items import AnswerItem, Answers
from .readers import Form, FormValues, Reading, getlist, read_question
from .routing import condition_met

T = QuestionType
DATE_PARTS = ("day", "month", "year")


@dataclass(frozen=True)
class PageResult:
    """One page's submission: valid answers for its visible questions, or errors to show above the form.

    `errors` (question id -> error) is in page order for the error summary; `error_anchors` gives the id of
    the input each summary link should point at; `field_errors` (field name -> error) marks each bad input,
    for example every unanswered grid row. Errors are codes with parameters: app/surveys/messages words them for
    the reader. `values` holds what was typed, to re-populate the form.
    """

    answers: dict[str, tuple[AnswerItem, ...]]
    errors: dict[str, ValidationError]
    values: FormValues
    error_anchors: dict[str, str] = field(default_factory=dict)
    field_errors: dict[str, ValidationError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_page(
    definition: SurveyDefinition,
    page_id: str,
    form: Form,
    answers_so_far: Answers,
    *,
    today: date | None = None,
) -> PageResult:
    """Validate the fields of one page; questions hidden by their show-if are skipped and never stored."""
    page = definition.page(page_id)
    seen: dict[str, tuple[AnswerItem, ...]] = dict(answers_so_far)
    result = PageResult(answers={}, errors={}, values={})
    if not condition_met(page.show_if, seen):
        return result
    for question in page.questions:
        seen.pop(question.id, None)
        if question.type is T.INFORMATION or not condition_met(question.show_if, seen):
            continue
        reading = read_question(question, form, today or date.today())
        refuse_nul(question, form, reading)
        result.values.update(reading.values)
        result.field_errors.update(reading.field_errors)
        result.answers[question.id] = reading.items
        seen[question.id] = reading.items
        if reading.error is not None:
            result.errors[question.id] = reading.error
            result.error_anchors[question.id] = reading.anchor or question.id
    return result


def refuse_nul(question: Question, form: Form, reading: Reading) -> None:
    """A NUL character is refused with a message rather than silently dropped: the respondent sees what happened,
    and the form shows what they typed without it."""
    for name in field_names(question):
        if any("\x00" in value for value in getlist(form, name)):
            reading.fail(ValidationError(ErrorCode.NUL_CHARACTER), name)
            reading.values = {
                key: [v.replace("\x00", "") for v in value] if isinstance(value, list) else value.replace("\x00", "")
                for key, value in reading.values.items()
            }
            return


def field_names(question: Question) -> tuple[str, ...]:
    """Every form field the question's inputs use, in order."""
    qid = question.id
    if question.type is T.INFORMATION:
        return ()
    if question.rows:
        return tuple(f"{qid}-{row.value}" for row in question.rows)
    if question.type is T.RANKING:
        return tuple(f"{qid}-{position}" for position in range(1, question.effective_pick + 1))
    if question.type is T.DATE:
        return tuple(f"{qid}-{part}" for part in DATE_PARTS)
    return (qid, f"{qid}-other") if question.other else (qid,)


def error_anchor(question: Question) -> str | None:
    """The id of the question's first input (the first radio or checkbox has the question id)."""
    names = field_names(question)
    return names[0] if names else None


def form_values(question: Question, items: tuple[AnswerItem, ...]) -> FormValues:
    """Stored answers as form values, to pre-fill a page when the respondent comes back to it."""
    qid = question.id
    if question.rows:
        return {f"{qid}-{item.item}": item.value for item in items if item.item}
    if question.type is T.RANKING:
        return {f"{qid}-{item.position}": item.value for item in items if item.position}
    if question.type is T.DATE:
        return _date_values(qid, items)
    values: FormValues = {f"{qid}-other": item.value for item in items if item.item == OTHER_VALUE}
    chosen = [item.value for item in items if item.item is None]
    if question.type is T.MULTIPLE_CHOICE:
        values[qid] = chosen
    elif question.type is not T.INFORMATION:
        values[qid] = chosen[0] if chosen else ""
    return values


def _date_values(qid: str, items: tuple[AnswerItem, ...]) -> FormValues:
    if not items:
        return {}
    answer = date.fromisoformat(items[0].value)
    return {f"{qid}-day": str(answer.day), f"{qid}-month": str(answer.month), f"{qid}-year": str(answer.year)}


def page_values(definition: SurveyDefinition, page_id: str, answers: Answers) -> FormValues:
    """Form values for every question on a page from stored answers."""
    values: FormValues = {}
    for question in definition.page(page_id).questions:
        values.update(form_values(question, tuple(answers.get(question.id, ()))))
    return values
