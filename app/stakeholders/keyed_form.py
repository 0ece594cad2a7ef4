"""Reading a whole paper or email form keyed in on one page, through the survey engine.

Pure: no Flask, no database. Every page is read in order with ``read_page``, exactly as if a respondent had sent
the pages one by one, so the answers stored are the ones a web response with the same answers stores. Two things
differ, because the officer copies what is on the form rather than answering: a question left blank on the form is
"not answered" even when the online survey requires it, and errors are about the form ("The form's answer to ... must
be ...") in the officer's words. A question the form answered although an earlier answer means it does not apply is
reported, not silently dropped, so the officer decides what to key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from app.surveys.engine import (
    AnswerItem,
    ErrorCode,
    FormValues,
    Option,
    Question,
    QuestionType,
    ShowIf,
    SurveyDefinition,
    field_names,
    page_values,
    read_page,
)
from app.surveys.messages import officer

NOT_ANSWERED = Option("", "Not answered")
"""A radio for a blank on the form: a chosen radio cannot be unticked, so a slip of the mouse needs a way back."""
RADIO_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.FACE_SCALE, QuestionType.GRID)
BLANK_ALLOWED = (ErrorCode.REQUIRED, ErrorCode.ROW_REQUIRED, ErrorCode.EVERY_ROW_REQUIRED)
"""Errors that only say something was left blank: a blank on the paper form is recorded as not answered."""
RawForm = Mapping[str, Sequence[str]]


@dataclass
class KeyedReading:
    """``errors`` (anchor id -> text) are in form order for the error summary; ``field_errors`` mark each input."""

    answers: dict[str, tuple[AnswerItem, ...]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    field_errors: dict[str, str] = field(default_factory=dict)
    values: FormValues = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def blanks_allowed(definition: SurveyDefinition) -> SurveyDefinition:
    """The survey with no question required: what the engine reads and checks for a keyed form."""
    pages = tuple(
        replace(page, questions=tuple(replace(q, required=False) for q in page.questions)) for page in definition.pages
    )
    return replace(definition, pages=pages)


def with_not_answered(question: Question) -> Question:
    """The question as the keying page shows it: radios (and each grid row) start with "Not answered", which sends
    nothing, so the engine reads it as a blank."""
    if question.type not in RADIO_TYPES:
        return question
    return replace(question, options=(NOT_ANSWERED, *question.options))


def typed_values(definition: SurveyDefinition, form: RawForm) -> FormValues:
    """What the officer typed, field by field, to show the form again exactly as it was."""
    values: FormValues = {}
    for question in definition.questions:
        for name in field_names(question):
            given = list(form.get(name, []))
            values[name] = (
                given
                if question.type is QuestionType.MULTIPLE_CHOICE and name == question.id
                else (given[0] if given else "")
            )
    return values


def stored_values(definition: SurveyDefinition, answers: Mapping[str, tuple[AnswerItem, ...]]) -> FormValues:
    """A draft's saved answers as form values, so a form started earlier opens as it was left."""
    values: FormValues = {}
    for page in definition.pages:
        values.update(page_values(definition, page.id, answers))
    return values


def read_keyed_form(definition: SurveyDefinition, form: RawForm, today: date) -> KeyedReading:
    relaxed = blanks_allowed(definition)
    reading = KeyedReading(values=typed_values(definition, form))
    asked: set[str] = set()
    for page in relaxed.pages:
        result = read_page(relaxed, page.id, form, reading.answers, today=today)
        asked.update(result.answers)
        for qid, error in result.errors.items():
            if error.code in BLANK_ALLOWED:
                continue
            anchor = result.error_anchors.get(qid, qid)
            text = officer.word_keyed(error, definition.question(qid).label)
            reading.errors.setdefault(anchor, text)
            for name, field_error in result.field_errors.items():
                if name in field_names(definition.question(qid)) and field_error.code not in BLANK_ALLOWED:
                    reading.field_errors[name] = text
        reading.answers.update(
            {
                qid: items
                for qid, items in result.answers.items()
                if qid not in result.errors or result.errors[qid].code in BLANK_ALLOWED
            }
        )
    if reading.ok:
        _refuse_answers_that_do_not_apply(definition, form, asked, reading)
    return reading


def _refuse_answers_that_do_not_apply(
    definition: SurveyDefinition, form: RawForm, asked: set[str], reading: KeyedReading
) -> None:
    for question in definition.questions:
        if question.id in asked or question.type is QuestionType.INFORMATION:
            continue
        names = [name for name in field_names(question) if any(value.strip() for value in form.get(name, []))]
        if names:
            text = (
                f"The form's answer to '{question.label}' does not apply because of an earlier answer on the "
                "form. Clear it, or check the earlier answer"
            )
            reading.errors.setdefault(names[0], text)
            reading.field_errors[names[0]] = text


def condition_text(definition: SurveyDefinition, condition: ShowIf | None) -> str | None:
    """When a question or page applies, in words, so the officer knows which answers to leave blank."""
    if condition is None:
        return None
    source: Question = definition.question(condition.question)
    if condition.answered is not None:
        return f"Only if '{source.label}' is {'answered' if condition.answered else 'not answered'}"
    values = [condition.equals] if condition.equals is not None else list(condition.any_of or ())
    labels = " or ".join(f"'{source.option_label(value)}'" for value in values)
    return f"Only if the answer to '{source.label}' is {labels}"


def page_conditions(definition: SurveyDefinition) -> dict[str, str | None]:
    """Each page's and question's condition in words, keyed by page or question id."""
    texts: dict[str, str | None] = {}
    for page in definition.pages:
        texts[page.id] = condition_text(definition, page.show_if)
        for question in page.questions:
            texts[question.id] = condition_text(definition, question.show_if)
    return texts
