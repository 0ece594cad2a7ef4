"""Sent responses of one survey as flat rows (one per response, one column per question headed by its text, one per
grid row, and after each free-text question its themes and sentiment as the analysis coded them), read in chunks
with keyset pagination so an export of 100,000 responses never holds more than one chunk in memory. The XLSX and
CSV exports write the same columns: one sheet, or one file, per survey.

Every cell that a spreadsheet could read as a formula is neutralised with an apostrophe: at its start, and after any
list separator (``,`` ``;`` tab or line break) followed by a formula character (``safe_cell``).

Pupils' responses are never rows here, and pupil surveys have no columns: one row per pupil would put a child's
free text beside their other answers (who they would tell, how they describe themselves) and let small groups be
counted by hand. Pupil surveys are exported only as the suppressed aggregates of ``app.reports.dashboard``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, func, select

from app.analysis.codebooks import labels as theme_labels
from app.analysis.coding import TEXT_TYPES
from app.common.filters import LONDON
from app.extensions import db
from app.models import (
    Answer,
    AnswerCoding,
    AnswerTheme,
    Consultation,
    Organisation,
    Response,
    Survey,
    SurveyAudience,
    SurveyQuestion,
    SurveyVersion,
)
from app.reports import aggregates
from app.reports.dashboard import CHANNEL_LABELS, SENTIMENT_LABELS
from app.surveys.definitions_service import definition_of
from app.surveys.engine import OTHER_VALUE, Question

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIXED_COLUMNS = ["Reference", "Channel", "Organisation", "Date received"]
DATE_COLUMN = 3
ROW_TYPES = ("grid", "face_scale")
SKIPPED_TYPES = ("information",)
THEMES_SUFFIX = " – themes"
SENTIMENT_SUFFIX = " – sentiment"


SEPARATED_FORMULA = re.compile(r"([,;\t\r\n] *)(?=[=+\-@\t\r])")
"""A list separator (and any spaces) before a formula character (tab and CR included): a spreadsheet opening the CSV
in a locale that splits on that separator would start a new cell there, so ``a;=1+1`` would run ``=1+1``."""


def safe_cell(value: str) -> str:
    """A spreadsheet must show what the respondent typed, never run it: a cell that starts like a formula, or has
    a part after a list separator that does, gets an apostrophe before that part (CSV files also quote every cell)."""
    if value.startswith(FORMULA_STARTS):
        value = f"'{value}"
    return SEPARATED_FORMULA.sub(r"\1'", value) if SEPARATED_FORMULA.search(value) else value


@dataclass
class Layout:
    """Where each answer goes: ``slots[(survey_id, key, item)]`` is a column index; labels turn values to words;
    ``coding_slots[question row id]`` are the themes and sentiment columns of a free-text question."""

    survey: Survey
    headers: list[str]
    slots: dict[tuple[int, str, str | None], int]
    questions: dict[int, tuple[int, str, str]]
    option_labels: dict[tuple[int, str], dict[str, str]]
    coding_slots: dict[int, tuple[int, int]]
    themes: dict[str, str]
    text_columns: frozenset[int] = frozenset()
    """Columns of free text (wider in a spreadsheet)."""

    def targets(self) -> dict[tuple[int, str | None], Target]:
        """Per (question row id, item), the cell its answers go in: computed once, so placing one of millions of
        answers is a single dict lookup."""
        targets: dict[tuple[int, str | None], Target] = {}
        for qid, (survey_id, key, qtype) in self.questions.items():
            if (survey_id, key, None) not in self.slots and qtype not in ROW_TYPES:
                continue
            labels = self.option_labels.get((survey_id, key), {})
            for (s, k, item), slot in self.slots.items():
                if s == survey_id and k == key:
                    targets[(qid, item)] = (slot, {} if item == OTHER_VALUE else labels, qtype == "ranking")
        return targets

    def cells(self, targets: dict[tuple[int, str | None], Target]) -> dict[tuple[int, str | None, str], Cell]:
        """Per (question row id, item, option value), its cell already worked out: the column, the label, the label
        as the first part of a cell (neutralised) and whether values are ranked. Free text is not here."""
        return {
            (qid, item, value): (slot, label, safe_cell(label), ranked)
            for (qid, item), (slot, labels, ranked) in targets.items()
            for value, label in labels.items()
        }


Target = tuple[int, dict[str, str], bool]
"""Column index, option labels (none for "other" text, which is shown as typed), and whether values are ranked."""
Cell = tuple[int, str, str, bool]


def exported(consultation: Consultation) -> ColumnElement[bool]:
    """The responses that may be rows: sent, and not a pupil's."""
    return and_(aggregates.sent(consultation.id), Response.audience != SurveyAudience.SCHOOLS)


def exported_surveys(consultation: Consultation) -> list[Survey]:
    """The surveys whose responses may be rows (not pupils'), each a sheet or a file."""
    return [s for s in aggregates.surveys_of(consultation) if s.audience != SurveyAudience.SCHOOLS]


def layout(consultation: Consultation, survey: Survey) -> Layout:
    """One survey's columns, headed by the question text an officer recognises rather than internal keys."""
    headers, slots, labels = list(FIXED_COLUMNS), {}, {}
    definition = definition_of(survey.current_version)
    seen: dict[str, int] = defaultdict(int)
    for question in definition.questions:
        seen[question.label] += 1
    coded_keys: dict[str, tuple[int, int]] = {}
    text_columns: set[int] = set()
    for question in definition.questions:
        if question.type.value in SKIPPED_TYPES:
            continue
        name = question.label if seen[question.label] == 1 else f"{question.label} ({question.id})"
        labels[(survey.id, question.id)] = {option.value: option.label for option in question.choices}
        for item, header in _question_columns(question, name):
            slots[(survey.id, question.id, item)] = len(headers)
            headers.append(header)
        if question.type.value in TEXT_TYPES:
            text_columns.add(len(headers) - 1)
            coded_keys[question.id] = (len(headers), len(headers) + 1)
            headers += [f"{name}{THEMES_SUFFIX}", f"{name}{SENTIMENT_SUFFIX}"]
    rows = db.session.execute(
        select(SurveyQuestion.id, SurveyVersion.survey_id, SurveyQuestion.key, SurveyQuestion.type)
        .join(SurveyVersion, SurveyVersion.id == SurveyQuestion.survey_version_id)
        .where(SurveyVersion.survey_id == survey.id)
    ).all()
    questions = {qid: (survey_id, key, qtype) for qid, survey_id, key, qtype in rows}
    coding = {qid: coded_keys[key] for qid, (_, key, _) in questions.items() if key in coded_keys}
    return Layout(
        survey,
        [safe_cell(header) for header in headers],
        slots,
        questions,
        labels,
        coding,
        theme_labels(consultation),
        frozenset(text_columns),
    )


def _question_columns(question: Question, name: str) -> list[tuple[str | None, str]]:
    if question.has_rows:
        return [(row.value, f"{name}: {row.label}") for row in question.rows]
    columns: list[tuple[str | None, str]] = [(None, name)]
    if question.other:
        columns.append((OTHER_VALUE, f"{name}: other (as written)"))
    return columns


def count_sent(consultation: Consultation, survey: Survey | None = None) -> int:
    query = select(func.count(Response.id)).where(exported(consultation))
    if survey is not None:
        query = query.where(Response.survey_version_id.in_(_versions(survey)))
    return db.session.scalar(query) or 0


def _versions(survey: Survey) -> list[int]:
    return list(db.session.scalars(select(SurveyVersion.id).where(SurveyVersion.survey_id == survey.id)))


def iter_chunks(consultation: Consultation, plan: Layout, chunk: int = CHUNK) -> Iterator[list[list[object]]]:
    """Chunks of finished rows of the plan's survey, in response id order; each chunk is one keyset page of
    responses. The date received is a London time without a zone (what a spreadsheet shows); every other cell is
    text, or None when unanswered."""
    after = 0
    targets = plan.targets()
    cells = plan.cells(targets)
    columns = select(
        Response.id, Response.reference, Response.__table__.c.channel, Organisation.name, Response.submitted_at_utc
    ).outerjoin(Organisation, Organisation.id == Response.organisation_id)
    versions = _versions(plan.survey)
    while True:
        responses = (
            db.session.connection()
            .execute(
                columns.where(exported(consultation), Response.survey_version_id.in_(versions), Response.id > after)
                .order_by(Response.id)
                .limit(chunk)
            )
            .fetchall()
        )
        if not responses:
            return
        rows = _rows(responses, plan, targets, cells)
        if plan.coding_slots:
            _add_coding(rows, plan, responses[0][0], responses[-1][0])
        yield list(rows.values())
        after = responses[-1][0]


def _add_coding(rows: dict[int, list[object]], plan: Layout, first: int, last: int) -> None:
    """Each coded free-text answer's themes (labels, in codebook order of key) and sentiment beside it."""
    query = (
        select(Answer.response_id, Answer.question_id, AnswerCoding.sentiment, AnswerTheme.theme_key)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .outerjoin(AnswerTheme, AnswerTheme.answer_id == Answer.id)
        .where(Answer.response_id.between(first, last), (Answer.question_id + 0).in_(list(plan.coding_slots)))
        .order_by(Answer.response_id, Answer.question_id, AnswerTheme.theme_key)
    )
    themes: dict[tuple[int, int], list[str]] = defaultdict(list)
    for rid, qid, sentiment, theme in db.session.execute(query):
        row = rows.get(rid)
        if row is None:
            continue
        themes_slot, sentiment_slot = plan.coding_slots[qid]
        row[sentiment_slot] = SENTIMENT_LABELS.get(sentiment, sentiment)
        if theme:
            themes[(rid, qid)].append(plan.themes.get(theme, theme))
    for (rid, qid), names in themes.items():
        rows[rid][plan.coding_slots[qid][0]] = safe_cell("; ".join(names))


def _rows(
    responses,
    plan: Layout,
    targets: dict[tuple[int, str | None], Target],
    cells: dict[tuple[int, str | None, str], Cell],
) -> dict[int, list[object]]:
    """Fill one chunk's rows. Every part written to a cell is neutralised, the first and those after "; " alike
    (a spreadsheet that splits on ";" would start a cell with each). Rankings are put in rank order at the end.
    The loop runs once per answer (millions of them): a chosen option is one lookup in ``cells``; only free text
    is worked out here."""
    width = len(plan.headers)
    rows: dict[int, list[object]] = {}
    for rid, reference, channel, organisation, submitted in responses:
        row: list[object] = [None] * width
        row[:4] = [
            safe_cell(reference),
            CHANNEL_LABELS.get(channel, channel),
            safe_cell(organisation) if organisation else None,
            _london(submitted),
        ]
        rows[rid] = row
    ranked: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    current, row, known, find = None, None, cells.get, targets.get
    for rid, qid, item, value, position in _answers(responses[0][0], responses[-1][0], list(plan.questions)):
        cell = known((qid, item, value))
        if cell is None:
            target = find((qid, item))
            if target is None:
                continue
            cell = (target[0], value, safe_cell(value), target[2])
        if rid != current:
            current, row = rid, rows.get(rid)
        if row is None:
            continue
        slot, text, first, is_ranked = cell
        if is_ranked:
            ranked[(rid, slot)].append((position or 0, text))
        elif row[slot]:
            row[slot] = f"{row[slot]}; {first}"
        else:
            row[slot] = first
    for (rid, slot), values in ranked.items():
        rows[rid][slot] = safe_cell("; ".join(text for _, text in sorted(values)))
    return rows


def _london(moment: datetime | str | None) -> datetime | None:
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return moment.astimezone(LONDON).replace(tzinfo=None, second=0, microsecond=0)


def _answers(first: int, last: int, question_ids: list[int]) -> list[tuple]:
    """One chunk's answers to these questions (one survey's) as the driver's plain tuples (no row objects: an
    export reads millions). The statement has only integer literals (ids), compiled by SQLAlchemy. ``question_id
    + 0`` keeps SQLite on the response index: with a plain ``question_id IN`` it reads every answer of those
    questions for each chunk (a CSV export of 100,000 responses took 885 s)."""
    query = (
        select(Answer.response_id, Answer.question_id, Answer.item, Answer.value, Answer.position)
        .where(Answer.response_id.between(first, last), (Answer.question_id + 0).in_(question_ids))
        .order_by(Answer.response_id, Answer.id)
    )
    sql = str(query.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    cursor = db.session.connection().connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()
