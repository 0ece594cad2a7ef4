"""Sent responses as flat rows (one per response, one column per question, ``key: row`` for grid rows), read in
chunks with keyset pagination so an export of 100,000 responses never holds more than one chunk in memory.

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

from app.common.filters import LONDON
from app.extensions import db
from app.models import Answer, Consultation, Organisation, Response, SurveyAudience, SurveyQuestion, SurveyVersion
from app.reports import aggregates
from app.reports.dashboard import AUDIENCE_LABELS
from app.surveys.definitions_service import definition_of
from app.surveys.engine import OTHER_VALUE, Question

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIXED_COLUMNS = ["reference", "survey", "audience", "channel", "organisation", "submitted_at"]
ROW_TYPES = ("grid", "face_scale")
SKIPPED_TYPES = ("information",)


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
    """Where each answer goes: ``slots[(survey_id, key, item)]`` is a column index; labels turn values to words."""

    headers: list[str]
    slots: dict[tuple[int, str, str | None], int]
    questions: dict[int, tuple[int, str, str]]
    option_labels: dict[tuple[int, str], dict[str, str]]
    survey_titles: dict[int, str]

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
        return {(qid, item, value): (slot, label, safe_cell(label), ranked)
                for (qid, item), (slot, labels, ranked) in targets.items() for value, label in labels.items()}


Target = tuple[int, dict[str, str], bool]
"""Column index, option labels (none for "other" text, which is shown as typed), and whether values are ranked."""
Cell = tuple[int, str, str, bool]


def exported(consultation: Consultation) -> ColumnElement[bool]:
    """The responses that may be rows: sent, and not a pupil's."""
    return and_(aggregates.sent(consultation.id), Response.audience != SurveyAudience.SCHOOLS)


def layout(consultation: Consultation) -> Layout:
    surveys = [s for s in aggregates.surveys_of(consultation) if s.audience != SurveyAudience.SCHOOLS]
    headers, slots, labels = list(FIXED_COLUMNS), {}, {}
    keys_seen: dict[str, int] = defaultdict(int)
    definitions = [(s, definition_of(s.current_version)) for s in surveys]
    for _survey, definition in definitions:
        for question in definition.questions:
            keys_seen[question.id] += 1
    for survey, definition in definitions:
        for question in definition.questions:
            if question.type.value in SKIPPED_TYPES:
                continue
            name = question.id if keys_seen[question.id] == 1 else f"{survey.slug}.{question.id}"
            labels[(survey.id, question.id)] = {option.value: option.label for option in question.choices}
            for item, header in _question_columns(question, name):
                slots[(survey.id, question.id, item)] = len(headers)
                headers.append(header)
    rows = db.session.execute(
        select(SurveyQuestion.id, SurveyVersion.survey_id, SurveyQuestion.key, SurveyQuestion.type)
        .join(SurveyVersion, SurveyVersion.id == SurveyQuestion.survey_version_id)
        .where(SurveyVersion.survey_id.in_([s.id for s in surveys]))
    ).all()
    questions = {qid: (survey_id, key, qtype) for qid, survey_id, key, qtype in rows}
    return Layout(headers, slots, questions, labels, {s.id: s.title for s in surveys})


def _question_columns(question: Question, name: str) -> list[tuple[str | None, str]]:
    if question.has_rows:
        return [(row.value, f"{name}: {row.value}") for row in question.rows]
    columns: list[tuple[str | None, str]] = [(None, name)]
    if question.other:
        columns.append((OTHER_VALUE, f"{name}: {OTHER_VALUE}"))
    return columns


def count_sent(consultation: Consultation) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(exported(consultation))) or 0


def iter_chunks(consultation: Consultation, plan: Layout, chunk: int = CHUNK) -> Iterator[list[list[str]]]:
    """Chunks of finished rows, in response id order; each chunk is one keyset page of responses."""
    after = 0
    version_survey = dict(db.session.execute(
        select(SurveyVersion.id, SurveyVersion.survey_id).where(SurveyVersion.survey_id.in_(plan.survey_titles))
    ).all())
    targets = plan.targets()
    cells = plan.cells(targets)
    columns = select(Response.id, Response.reference, Response.survey_version_id,
                     Response.__table__.c.audience, Response.__table__.c.channel, Organisation.name,
                     Response.submitted_at_utc).outerjoin(Organisation, Organisation.id == Response.organisation_id)
    while True:
        responses = db.session.connection().execute(
            columns.where(exported(consultation), Response.id > after).order_by(Response.id).limit(chunk)
        ).fetchall()
        if not responses:
            return
        yield _rows(responses, plan, version_survey, targets, cells)
        after = responses[-1][0]


def _rows(responses, plan: Layout, version_survey: dict[int, int],  # type: ignore[no-untyped-def]
          targets: dict[tuple[int, str | None], Target], cells: dict[tuple[int, str | None, str], Cell]
          ) -> list[list[str]]:
    """Fill one chunk's rows. Every part written to a cell is neutralised, the first and those after "; " alike
    (a spreadsheet that splits on ";" would start a cell with each). Rankings are put in rank order at the end.
    The loop runs once per answer (millions of them): a chosen option is one lookup in ``cells``; only free text
    is worked out here."""
    width = len(plan.headers)
    rows: dict[int, list[str]] = {}
    for rid, reference, version_id, audience, channel, organisation, submitted in responses:
        row = [""] * width
        row[:6] = [safe_cell(reference), safe_cell(plan.survey_titles.get(version_survey.get(version_id, 0), "")),
                   AUDIENCE_LABELS.get(audience, audience), channel, safe_cell(organisation or ""),
                   _london(submitted)]
        rows[rid] = row
    ranked: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    current, row, known, find = None, None, cells.get, targets.get
    for rid, qid, item, value, position in _answers(responses[0][0], responses[-1][0]):
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
    return list(rows.values())


def _london(moment: datetime | str | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def _answers(first: int, last: int) -> list[tuple]:  # type: ignore[type-arg]
    """One chunk's answers as the driver's plain tuples (no row objects: an export reads millions). The statement
    has only integer literals (ids), compiled by SQLAlchemy."""
    query = (select(Answer.response_id, Answer.question_id, Answer.item, Answer.value, Answer.position)
             .where(Answer.response_id.between(first, last))
             .order_by(Answer.response_id, Answer.id))
    sql = str(query.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    cursor = db.session.connection().connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()
