"""Importing responses from a CSV file: every row is validated through the survey engine before anything is
stored, and then all rows are stored in one transaction or none are. Free-text answers are analysed as they are
stored, as an online response's are when saved, so imported comments reach the analysis pages straight away.

Cells are stored as typed: text that looks like a spreadsheet formula is kept, and exports neutralise it. Each row
may say when the response was received (``date_received``, see ``app.stakeholders.received``); that date, not the
import's, is the response's date in every "over time" figure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.analysis.coding import analyse_saved_answers
from app.common.audit import record_event
from app.common.errors import MAX_LISTED_PROBLEMS, NotFoundError
from app.common.filters import london
from app.extensions import db
from app.models import (
    Answer,
    ImportBatch,
    Response,
    ResponseChannel,
    ResponseStatus,
    Survey,
    SurveyVersion,
    User,
)
from app.stakeholders import keying, received
from app.stakeholders.csv_format import CellProblem, columns, read_row
from app.stakeholders.errors import DuplicateImportError, ImportFileError
from app.surveys.definitions_service import definition_of, question_ids
from app.surveys.engine import AnswerItem, SurveyDefinition
from app.surveys.responses import new_reference

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportOutcome:
    """``problems`` are the first ``MAX_LISTED_PROBLEMS``; ``unlisted_problems`` says how many more there are."""

    row_count: int
    problems: list[RowProblem]
    batch: ImportBatch | None = None
    rejected_rows: int = 0
    unlisted_problems: int = 0

    @property
    def ok(self) -> bool:
        return self.batch is not None


@dataclass(frozen=True)
class ParsedFile:
    """``content_hash`` is the fingerprint of the parsed rows (``row_fingerprint``), stored on the batch;
    ``text_hash`` is how batches imported before it were fingerprinted, from the file's text."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    content_hash: str
    text_hash: str = ""


def template_csv(survey: Survey) -> str:
    """The header row an import file must have; Excel opens it as UTF-8 thanks to the byte order mark."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(
        [received.COLUMN, *(column.name for column in columns(_definition(survey)))]
    )
    return "\ufeff" + out.getvalue()


def _definition(survey: Survey) -> SurveyDefinition:
    return definition_of(survey.current_version)


def parse_file(definition: SurveyDefinition, data: bytes) -> ParsedFile:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    _check_header(definition, header)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            cells = cells[: len(header)] + ["\x00extra"]
        rows.append((number, dict(zip(header + ["\x00extra"], cells, strict=False))))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"The file has more than {MAX_ROWS} responses. Split it into smaller files")
    if not rows:
        raise ImportFileError("The file has no responses in it, only a header row")
    normalised = "\n".join(line.rstrip() for line in text.splitlines()).strip()
    return ParsedFile(header, rows, row_fingerprint(rows), hashlib.sha256(normalised.encode()).hexdigest())


def row_fingerprint(rows: list[tuple[int, dict[str, str]]]) -> str:
    """The same responses give the same fingerprint however the file was saved: line endings, quoting, blank lines,
    spaces around cells, empty trailing cells and the order of the columns all drop out, so a file opened and
    saved again in a spreadsheet is still found to be a duplicate."""
    canonical = [
        sorted((name, value.strip()) for name, value in cells.items() if value.strip()) for _number, cells in rows
    ]
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    if b"\x00" in data:
        raise ImportFileError("The file must be a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("The file must be saved as 'CSV UTF-8'") from error


def _check_header(definition: SurveyDefinition, header: list[str]) -> None:
    if not any(header):
        raise ImportFileError("The file must start with a header row of column names")
    known = {received.COLUMN, *(column.name for column in columns(definition))}
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise ImportFileError(f"These columns appear more than once: {', '.join(duplicates)}")
    unknown = [name for name in header if name not in known]
    if unknown:
        raise ImportFileError(
            f"These columns are not questions in this survey: {', '.join(unknown)}. "
            "Download the template for the right column names"
        )


@dataclass(frozen=True)
class ValidRow:
    answers: dict[str, tuple[AnswerItem, ...]]
    received_at_utc: datetime


def validate_rows(
    survey: Survey, definition: SurveyDefinition, parsed: ParsedFile, now: datetime
) -> tuple[list[ValidRow], list[RowProblem]]:
    rows, problems = [], []
    consultation = survey.consultation
    for number, cells in parsed.rows:
        if "\x00extra" in cells:
            problems.append(RowProblem(number, "", "This row has more cells than the header row has columns"))
            continue
        try:
            day = received.received_day(
                cells.get(received.COLUMN, ""),
                open_at_utc=consultation.open_at_utc,
                close_at_utc=consultation.close_at_utc,
                now=now,
            )
        except received.ReceivedDateError as error:
            problems.append(RowProblem(number, received.COLUMN, str(error)))
            day = None
        reading = read_row(definition, cells, now.date())
        problems += [_row_problem(number, problem) for problem in reading.problems]
        rows.append(ValidRow(reading.answers, received.received_at_utc(day, now)))
    return rows, problems


def _row_problem(number: int, problem: CellProblem) -> RowProblem:
    return RowProblem(number, problem.column, problem.message)


def get_batch(batch_id: int) -> tuple[ImportBatch, Survey]:
    batch = db.session.get(ImportBatch, batch_id)
    survey = db.session.get(Survey, batch.survey_id) if batch is not None else None
    if batch is None or survey is None:
        raise NotFoundError(f"import {batch_id}")
    return batch, survey


def find_previous_import(survey: Survey, parsed: ParsedFile) -> ImportBatch | None:
    hashes = [parsed.content_hash, *([parsed.text_hash] if parsed.text_hash else [])]
    return db.session.scalar(
        select(ImportBatch)
        .where(ImportBatch.survey_id == survey.id, ImportBatch.content_hash.in_(hashes))
        .order_by(ImportBatch.id)
        .limit(1)
    )


def import_responses(
    actor: User, survey: Survey, filename: str, data: bytes, now: datetime, *, received_on_time: bool = True
) -> ImportOutcome:
    """Store every row as a submitted response with channel import, or store nothing and report every problem."""
    keying.ensure_keyable(survey, now, received_on_time=received_on_time)
    definition = _definition(survey)
    parsed = parse_file(definition, data)
    previous = find_previous_import(survey, parsed)
    if previous is not None:
        raise DuplicateImportError(_duplicate_message(previous))
    rows, problems = validate_rows(survey, definition, parsed, now)
    if problems:
        record_event(
            "responses_import_rejected",
            actor,
            survey,
            rows=len(parsed.rows),
            rejected_rows=len({problem.row for problem in problems}),
        )
        return ImportOutcome(
            len(parsed.rows),
            problems[:MAX_LISTED_PROBLEMS],
            rejected_rows=len({problem.row for problem in problems}),
            unlisted_problems=max(len(problems) - MAX_LISTED_PROBLEMS, 0),
        )
    batch = _store(actor, survey, filename, parsed, rows, now)
    record_event("responses_imported", actor, batch, survey_id=survey.id, rows=batch.row_count)
    return ImportOutcome(batch.row_count, [], batch)


def _duplicate_message(previous: ImportBatch) -> str:
    return (
        f"This file was already imported on {london(previous.imported_at_utc)} ({previous.row_count} "
        f"responses), so nothing was imported again"
    )


def _store(
    actor: User, survey: Survey, filename: str, parsed: ParsedFile, rows: list[ValidRow], now: datetime
) -> ImportBatch:
    version: SurveyVersion = survey.current_version
    batch = ImportBatch(
        survey_id=survey.id,
        survey_version_id=version.id,
        content_hash=parsed.content_hash,
        filename=filename[:200],
        row_count=len(rows),
        imported_by_id=actor.id,
        imported_at_utc=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(batch)
            db.session.flush()
    except IntegrityError as error:
        raise DuplicateImportError("This file was imported a moment ago, so nothing was imported again") from error
    ids = question_ids(version)
    stored: list[Answer] = []
    for row in rows:
        response = sent_response(
            survey,
            version,
            ids,
            row.answers,
            channel=ResponseChannel.IMPORT,
            entered_by_id=actor.id,
            now=now,
            received_at_utc=row.received_at_utc,
        )
        stored += response.answers
        db.session.add(response)
    db.session.flush()
    analyse_saved_answers(survey.consultation, stored)
    return batch


def sent_response(
    survey: Survey,
    version: SurveyVersion,
    ids: dict[str, int],
    answers: dict[str, tuple[AnswerItem, ...]],
    *,
    channel: ResponseChannel,
    entered_by_id: int | None,
    now: datetime,
    received_at_utc: datetime,
) -> Response:
    """A sent response with these (already validated) answers, entered ``now`` and dated when it was received;
    the caller adds it to the session."""
    response = Response(
        consultation_id=survey.consultation_id,
        survey_version_id=version.id,
        audience=survey.audience,
        channel=channel,
        status=ResponseStatus.SUBMITTED,
        reference=new_reference(),
        draft_key=secrets.token_urlsafe(24),
        entered_by_id=entered_by_id,
        created_at_utc=now,
        updated_at_utc=now,
        submitted_at_utc=received_at_utc,
    )
    response.answers = [
        Answer(question_id=ids[item.question_id], item=item.item, value=item.value, position=item.position)
        for items in answers.values()
        for item in items
    ]
    return response
