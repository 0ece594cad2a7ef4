"""The CSV layout for importing responses, and turning one CSV row into the form fields the survey engine reads.

Pure: no Flask, no database. One column per question id; a grid has one `question:row` column per row; a question
with "Other" has a `question:other` column for the text; several choices (multiple choice, ranking in order) are
separated by `;`. Options may be given by value or by label. Dates are YYYY-MM-DD or DD/MM/YYYY.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from app.surveys.engine import (
    OTHER_VALUE,
    AnswerItem,
    Question,
    QuestionType,
    SurveyDefinition,
    field_names,
    read_page,
)
from app.surveys.messages import officer

T = QuestionType
SEPARATOR = ";"
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
CHOICE_TYPES = (T.SINGLE_CHOICE, T.WARD, T.FACE_SCALE, T.CONSENT)


@dataclass(frozen=True)
class Column:
    name: str
    question: Question
    row: str | None = None
    other: bool = False

    @property
    def help(self) -> str:
        return describe(self)


@dataclass(frozen=True)
class CellProblem:
    column: str
    message: str


@dataclass
class RowReading:
    answers: dict[str, tuple[AnswerItem, ...]] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)

    def add(self, column: str, message: str) -> None:
        if all(problem.column != column for problem in self.problems):
            self.problems.append(CellProblem(column, message))


def columns(definition: SurveyDefinition) -> list[Column]:
    result: list[Column] = []
    for question in definition.questions:
        if question.type is T.INFORMATION:
            continue
        if question.rows:
            result += [Column(f"{question.id}:{row.value}", question, row=row.value) for row in question.rows]
            continue
        result.append(Column(question.id, question))
        if question.other:
            result.append(Column(f"{question.id}:{OTHER_VALUE}", question, other=True))
    return result


def _options_text(question: Question) -> str:
    values = [option.value for option in question.choices]
    shown = ", ".join(values[:12]) + (", …" if len(values) > 12 else "")
    return shown


def describe(column: Column) -> str:
    """What to put in a column, for the import page's format table."""
    question = column.question
    if column.other:
        return "The text of the 'Other' answer, when the column before it includes 'other'"
    if column.row is not None or question.type in CHOICE_TYPES:
        return f"One of: {_options_text(question)}"
    if question.type is T.MULTIPLE_CHOICE:
        return f"One or more of, separated by ';': {_options_text(question)}"
    if question.type is T.RANKING:
        return f"Up to {question.effective_pick} of, in order and separated by ';': {_options_text(question)}"
    if question.type is T.DATE:
        return "A date, like 2024-11-30 or 30/11/2024"
    if question.type is T.NUMBER:
        return "A whole number"
    if question.type is T.POSTCODE:
        return "A postcode, like MK9 3EJ"
    return f"Text, up to {question.effective_max_length} characters"


def _option_value(column: Column, text: str, reading: RowReading) -> str:
    """The option value for a cell given by value or label (any case); unknown text is reported and passed on
    unchanged, so the engine rejects it too."""
    wanted = text.strip().casefold()
    for option in column.question.choices:
        if wanted in (option.value.casefold(), option.label.casefold()):
            return option.value
    allowed = _options_text(column.question)
    reading.add(column.name, f"'{text.strip()}' is not one of the options. Use one of: {allowed}")
    return text.strip()


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


def to_form(definition: SurveyDefinition, cells: Mapping[str, str], reading: RowReading) -> dict[str, list[str]]:
    """The form fields a respondent's browser would have sent for this row; unknown options are kept so the
    engine rejects them."""
    form: dict[str, list[str]] = {}
    for column in columns(definition):
        text = cells.get(column.name, "")
        if not text.strip():
            continue
        form.update(_fields(column, text, reading))
    return form


def _fields(column: Column, text: str, reading: RowReading) -> dict[str, list[str]]:
    question, qid = column.question, column.question.id
    if column.other:
        return {f"{qid}-other": [text]}
    if column.row is not None:
        return {f"{qid}-{column.row}": [_option_value(column, text, reading)]}
    if question.type is T.MULTIPLE_CHOICE:
        return {qid: [_option_value(column, part, reading) for part in _split(text)]}
    if question.type is T.RANKING:
        picked = _split(text)
        if len(picked) > question.effective_pick:
            reading.add(column.name, f"Give no more than {question.effective_pick} choices")
        return {f"{qid}-{n}": [_option_value(column, part, reading)] for n, part in enumerate(picked, start=1)}
    if question.type is T.DATE:
        return _date_fields(column, text, reading)
    if question.type in CHOICE_TYPES:
        return {qid: [_option_value(column, text, reading)]}
    return {qid: [text]}


def _date_fields(column: Column, text: str, reading: RowReading) -> dict[str, list[str]]:
    qid = column.question.id
    iso, uk = ISO_DATE.match(text.strip()), UK_DATE.match(text.strip())
    if iso:
        year, month, day = iso.groups()
    elif uk:
        day, month, year = uk.groups()
    else:
        reading.add(column.name, "Enter a date like 2024-11-30 or 30/11/2024")
        return {}
    return {f"{qid}-day": [day], f"{qid}-month": [month], f"{qid}-year": [year]}


def read_row(definition: SurveyDefinition, cells: Mapping[str, str], today: date) -> RowReading:
    """Validate one row page by page through the engine, exactly as if a respondent had filled in each page."""
    reading = RowReading()
    form = to_form(definition, cells, reading)
    columns_of = _columns_by_field(definition)
    asked: set[str] = set()
    for page in definition.pages:
        result = read_page(definition, page.id, form, reading.answers, today=today)
        asked.update(result.answers)
        for name, message in result.field_errors.items():
            reading.add(columns_of.get(name, name), officer.word_cell(message, "; ".join(form.get(name, []))))
        for qid, message in result.errors.items():
            anchor = result.error_anchors.get(qid, qid)
            reading.add(columns_of.get(anchor, qid), officer.word_cell(message, "; ".join(form.get(anchor, []))))
        reading.answers.update({qid: items for qid, items in result.answers.items() if items})
    for column in columns(definition):
        if column.question.id not in asked and cells.get(column.name, "").strip():
            reading.add(
                column.name, "This question does not apply, because of an earlier answer in the row. Leave it blank"
            )
    return reading


def _columns_by_field(definition: SurveyDefinition) -> dict[str, str]:
    """Form field name to CSV column name, so each engine error points at the cell to fix."""
    mapping: dict[str, str] = {}
    for question in definition.questions:
        for name in field_names(question):
            if question.rows:
                mapping[name] = f"{question.id}:{name.removeprefix(question.id + '-')}"
            elif name == f"{question.id}-other":
                mapping[name] = f"{question.id}:{OTHER_VALUE}"
            else:
                mapping[name] = question.id
    return mapping
