"""Running totals of sent closed answers, so a dashboard at 100,000 responses (some 7 million answer rows) reads a
few hundred tally rows instead of grouping every answer.

A sent response's closed answers change only when an invited organisation edits it before close (the safeguarding
screen moves only free text), and that edit first takes the response back out of the tallies in the same transaction
(``unfold``), so it is counted live again until the next fold. Otherwise each sent response is counted once: a fold
marks the consultation's unfolded sent responses in ``tallied_responses`` and adds their answers' counts to
``answer_tallies`` in the same transaction. Readers add the tallies to a live count of the
responses sent since the last fold, so a figure is never stale and folding only ever saves time. Folds happen when
a dashboard, report or export is asked for, never on the respondents' submit path. Sent responses are deleted only
by the retention purge, which first takes them back out of the tallies (``forget``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from uuid import uuid4

from sqlalchemy import ColumnElement, and_, delete, exists, func, insert, literal, or_, select, text
from sqlalchemy.exc import IntegrityError

from app.common.database import writing_transactions
from app.extensions import db
from app.models import (
    Answer,
    AnswerTally,
    Response,
    ResponseStatus,
    Survey,
    SurveyQuestion,
    SurveyVersion,
    TalliedResponse,
)
from app.models.responses import SHORT_VALUE
from app.reports import filter_tallies

CLOSED_TYPES = ("single_choice", "multiple_choice", "ward", "grid", "face_scale", "ranking")
ROW_TYPES = ("grid", "face_scale")
DISTINCT_TYPES = ("multiple_choice", "ranking")
FOLD_AT = 200
"""Unfolded sent responses a consultation may have before a page view folds them (counting them live is cheap)."""
COMPACT_AT = 20_000
"""Tally rows of one consultation before a fold sums them back to one row per cell."""
LIVE_CHUNK = 500
PLANNER_REFRESH_AT = 5_000
"""A fold marking this many responses first tells PostgreSQL's planner so: with statistics from when the table was
empty it looks up each marked response's answers one by one, which at 100,000 responses is ten times slower than
reading them all."""

Questions = dict[int, tuple[int, str, str]]
Cell = tuple[int, str | None, str, int | None]
CELL = (Answer.question_id, Answer.item, Answer.value, Answer.position)
TALLY_CELL = (AnswerTally.question_id, AnswerTally.item, AnswerTally.value, AnswerTally.position)


def sent(consultation_id: int) -> ColumnElement[bool]:
    return and_(Response.consultation_id == consultation_id, Response.status == ResponseStatus.SUBMITTED)


def closed_questions(consultation_id: int, survey_ids: list[int] | None = None, key: str | None = None) -> Questions:
    """The consultation's closed question rows (every version): id -> (survey id, key, type)."""
    query = (
        select(SurveyQuestion.id, SurveyVersion.survey_id, SurveyQuestion.key, SurveyQuestion.type)
        .join(SurveyVersion, SurveyVersion.id == SurveyQuestion.survey_version_id)
        .join(Survey, Survey.id == SurveyVersion.survey_id)
        .where(Survey.consultation_id == consultation_id, SurveyQuestion.type.in_(CLOSED_TYPES))
    )
    if survey_ids is not None:
        query = query.where(SurveyVersion.survey_id.in_(survey_ids))
    if key is not None:
        query = query.where(func.lower(SurveyQuestion.key) == key.lower())
    return {qid: (survey_id, qkey, qtype) for qid, survey_id, qkey, qtype in db.session.execute(query)}


def _counted(questions: Questions) -> tuple[ColumnElement[bool], ...]:
    """The answers that count: short values of these questions, one per grid row or else only the main item.

    Every caller picks answers by response, so ``question_id + 0`` keeps SQLite from scanning the covering index
    of all answers by question instead of looking up the few responses' answers."""
    row_ids = [qid for qid, (_, _, qtype) in questions.items() if qtype in ROW_TYPES]
    question = Answer.question_id + 0
    return (
        question.in_(list(questions)),
        func.length(Answer.value) <= SHORT_VALUE,
        or_(question.in_(row_ids), Answer.item.is_(None)),
    )


def behind(consultation_id: int) -> int:
    """How many sent responses are not yet in the tallies, from two index counts (every mark is of a sent one)."""
    sent_count = db.session.scalar(select(func.count(Response.id)).where(sent(consultation_id))) or 0
    folded = (
        db.session.scalar(
            select(func.count(TalliedResponse.response_id)).where(TalliedResponse.consultation_id == consultation_id)
        )
        or 0
    )
    return sent_count - folded


def unfolded(consultation_id: int) -> list[int]:
    """Sent responses not yet in the tallies."""
    if behind(consultation_id) <= 0:
        return []
    return list(
        db.session.scalars(
            select(Response.id)
            .where(sent(consultation_id), ~exists().where(TalliedResponse.response_id == Response.id))
            .order_by(Response.id)
        )
    )


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    return (ids[start : start + LIVE_CHUNK] for start in range(0, len(ids), LIVE_CHUNK))


def cell_counts(consultation_id: int, questions: Questions, pending: list[int]) -> dict[Cell, int]:
    """Sent answers per cell of these questions: the tallies plus the ``pending`` (unfolded) responses' answers."""
    totals: dict[Cell, int] = defaultdict(int)
    if not questions:
        return totals
    folded = (
        select(*TALLY_CELL, func.sum(AnswerTally.count))
        .where(
            AnswerTally.consultation_id == consultation_id,
            AnswerTally.question_id.in_(list(questions)),
            AnswerTally.value.is_not(None),
        )
        .group_by(*TALLY_CELL)
    )
    for qid, item, value, position, count in db.session.execute(folded):
        totals[(qid, item, value, position)] += int(count)
    for ids in _chunks(pending):
        for cell, count in live_cell_counts(questions, Answer.response_id.in_(ids)).items():
            totals[cell] += count
    return totals


def live_counts(questions: Questions, several: Questions, ids: list[int]) -> tuple[dict[Cell, int], dict[int, int]]:
    """Cells of ``questions`` and respondents of ``several`` among the sent responses ``ids`` (a dashboard filter's),
    counted now a chunk of ids at a time: each chunk is an index lookup of its responses' answers, where one query
    over a subquery of ids lets SQLite scan every answer of the database."""
    cells: dict[Cell, int] = defaultdict(int)
    respondents: dict[int, int] = defaultdict(int)
    for chunk in _chunks(ids):
        picked = Answer.response_id.in_(chunk)
        for cell, count in live_cell_counts(questions, picked).items():
            cells[cell] += count
        for qid, count in live_respondent_counts(several, picked).items():
            respondents[qid] += count
    return cells, respondents


def live_cell_counts(questions: Questions, picked: ColumnElement[bool]) -> dict[Cell, int]:
    """Answers per cell of these questions among the answers ``picked`` (a condition on ``Answer.response_id``),
    counted now rather than from the tallies: a dashboard filter's responses, or those sent since the last fold."""
    if not questions:
        return {}
    live = select(*CELL, func.count()).where(picked, *_counted(questions)).group_by(*CELL)
    return {(qid, item, value, position): count for qid, item, value, position, count in db.session.execute(live)}


def respondent_counts(consultation_id: int, questions: Questions, pending: list[int]) -> dict[int, int]:
    """Distinct sent responses answering each question (for questions where one response has several answers)."""
    totals: dict[int, int] = defaultdict(int)
    if not questions:
        return totals
    folded = (
        select(AnswerTally.question_id, func.sum(AnswerTally.count))
        .where(
            AnswerTally.consultation_id == consultation_id,
            AnswerTally.question_id.in_(list(questions)),
            AnswerTally.value.is_(None),
        )
        .group_by(AnswerTally.question_id)
    )
    for qid, count in db.session.execute(folded):
        totals[qid] += int(count)
    for ids in _chunks(pending):
        for qid, count in live_respondent_counts(questions, Answer.response_id.in_(ids)).items():
            totals[qid] += count
    return totals


def live_respondent_counts(questions: Questions, picked: ColumnElement[bool]) -> dict[int, int]:
    """Distinct responses among those ``picked`` answering each question, counted now."""
    if not questions:
        return {}
    live = (
        select(Answer.question_id, func.count(func.distinct(Answer.response_id)))
        .where(picked, *_counted(questions))
        .group_by(Answer.question_id)
    )
    return dict(db.session.execute(live).tuples().all())


def fold(consultation_id: int) -> int:
    """Mark the unfolded sent responses and add their answers to the tallies; flushes, the caller commits.

    The marks go in first and the tallies are counted from exactly the responses this fold marked, so two folds at
    once cannot count a response twice: the second fails on the marks' primary key and rolls back whole. The
    responses to mark are read first and inserted by id: PostgreSQL would otherwise check each new mark against the
    marks the same statement has just written, which takes minutes at 100,000 responses."""
    pending = unfolded(consultation_id)
    questions = closed_questions(consultation_id)
    if not pending:
        return 0
    token = uuid4().hex
    profile = {
        key: [qid for qid, (_, qkey, _) in questions.items() if qkey.lower() == key]
        for key in filter_tallies.PROFILE_KEYS
    }
    db.session.execute(insert(TalliedResponse), filter_tallies.marks(consultation_id, pending, token, profile))
    marked = len(pending)
    if not questions:
        return marked
    mine = select(TalliedResponse.response_id).where(
        TalliedResponse.consultation_id == consultation_id, TalliedResponse.fold == token
    )
    if marked >= PLANNER_REFRESH_AT and db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE tallied_responses"))
    columns = ["consultation_id", "question_id", "item", "value", "position", "count"]
    db.session.execute(
        insert(AnswerTally).from_select(
            columns,
            select(literal(consultation_id), *CELL, func.count())
            .where(Answer.response_id.in_(mine), *_counted(questions))
            .group_by(*CELL),
        )
    )
    several = {qid: question for qid, question in questions.items() if question[2] in DISTINCT_TYPES}
    if several:
        db.session.execute(
            insert(AnswerTally).from_select(
                ["consultation_id", "question_id", "count"],
                select(literal(consultation_id), Answer.question_id, func.count(func.distinct(Answer.response_id)))
                .where(Answer.response_id.in_(mine), *_counted(several))
                .group_by(Answer.question_id),
            )
        )
    filter_tallies.add(
        consultation_id,
        and_(TalliedResponse.consultation_id == consultation_id, TalliedResponse.fold == token),
        _counted(questions),
        _counted(several) if several else None,
    )
    _compact(consultation_id)
    return marked


def _compact(consultation_id: int, *, always: bool = False) -> None:
    _compact_answers(consultation_id, always=always)
    filter_tallies.compact(consultation_id, always=always)


def _compact_answers(consultation_id: int, *, always: bool = False) -> None:
    """Once many folds have added rows (or ``always``), sum them back to one row per cell, leaving out cells that
    sum to nothing. The rows summed are exactly the rows deleted (``RETURNING``), so a concurrent fold's rows are
    either in both or in neither."""
    rows = db.session.scalar(select(func.count(AnswerTally.id)).where(AnswerTally.consultation_id == consultation_id))
    if not rows or (rows <= COMPACT_AT and not always):
        return
    deleted = db.session.execute(
        delete(AnswerTally)
        .where(AnswerTally.consultation_id == consultation_id)
        .returning(*TALLY_CELL, AnswerTally.count)
    ).all()
    sums: dict[tuple[int, str | None, str | None, int | None], int] = defaultdict(int)
    for qid, item, value, position, count in deleted:
        sums[(qid, item, value, position)] += count
    kept = [
        {
            "consultation_id": consultation_id,
            "question_id": qid,
            "item": item,
            "value": value,
            "position": position,
            "count": count,
        }
        for (qid, item, value, position), count in sums.items()
        if count
    ]
    if kept:
        db.session.execute(insert(AnswerTally), kept)


def catch_up(consultation_ids: Iterable[int], at_least: int | None = None) -> int:
    """Fold each consultation with at least ``at_least`` (default ``FOLD_AT``) unfolded sent responses; commits.

    Each fold runs in a transaction of its own that begins with its write (on SQLite the write lock is taken at
    BEGIN), so a page view never fails because a respondent submitted meanwhile. If another process folded the
    same responses first, this fold is rolled back: the figures are the same either way."""
    threshold = max(FOLD_AT if at_least is None else at_least, 1)
    waiting = [cid for cid in dict.fromkeys(consultation_ids) if behind(cid) >= threshold]
    folded = 0
    for consultation_id in waiting:
        db.session.commit()
        with writing_transactions():
            try:
                folded += fold(consultation_id)
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
    return folded


def forget(consultation_id: int, response_ids: list[int]) -> int:
    """Take sent responses that are about to be deleted out of the tallies, so the figures stay equal to a live count
    of what is left; flushes, the caller commits and then deletes. Only folded responses are subtracted (the rest
    were never added). The caller holds the responses locked (``FOR UPDATE``) until they are deleted, so no fold can
    mark one in between: a fold that tries waits, then fails on the deleted response and rolls back."""
    folded = [
        response_id
        for ids in _chunks(response_ids)
        for response_id in db.session.scalars(
            select(TalliedResponse.response_id).where(
                TalliedResponse.consultation_id == consultation_id, TalliedResponse.response_id.in_(ids)
            )
        )
    ]
    if _subtract(consultation_id, folded):
        _compact(consultation_id, always=True)
    return len(folded)


def unfold(consultation_id: int, response_id: int) -> bool:
    """Take a sent response out of the tallies before its answers change (an invited organisation may edit its sent
    response until close), so it is counted live, with its new answers, until a later fold adds it again; flushes,
    the caller changes the answers and commits in the same transaction. The caller holds the response locked
    (``FOR UPDATE``): a fold marking it waits for the edit to commit and then counts the new answers. True if the
    response had been folded."""
    marked = db.session.scalar(
        select(TalliedResponse.response_id).where(
            TalliedResponse.consultation_id == consultation_id, TalliedResponse.response_id == response_id
        )
    )
    if marked is None:
        return False
    _subtract(consultation_id, [response_id])
    db.session.execute(delete(TalliedResponse).where(TalliedResponse.response_id == response_id))
    _compact(consultation_id)
    return True


def _subtract(consultation_id: int, folded: list[int]) -> bool:
    """Add negative counts for these folded responses' current answers; True if there was anything to subtract."""
    questions = closed_questions(consultation_id)
    if not folded or not questions:
        return False
    several = {qid: question for qid, question in questions.items() if question[2] in DISTINCT_TYPES}
    for ids in _chunks(folded):
        filter_tallies.add(
            consultation_id,
            TalliedResponse.response_id.in_(ids),
            _counted(questions),
            _counted(several) if several else None,
            sign=-1,
        )
        db.session.execute(
            insert(AnswerTally).from_select(
                ["consultation_id", "question_id", "item", "value", "position", "count"],
                select(literal(consultation_id), *CELL, -func.count())
                .where(Answer.response_id.in_(ids), *_counted(questions))
                .group_by(*CELL),
            )
        )
        if several:
            db.session.execute(
                insert(AnswerTally).from_select(
                    ["consultation_id", "question_id", "count"],
                    select(literal(consultation_id), Answer.question_id, -func.count(func.distinct(Answer.response_id)))
                    .where(Answer.response_id.in_(ids), *_counted(several))
                    .group_by(Answer.question_id),
                )
            )
    return True


def rebuild(consultation_id: int) -> int:
    """Start the consultation's tallies again from its answers; flushes, the caller commits."""
    db.session.execute(delete(AnswerTally).where(AnswerTally.consultation_id == consultation_id))
    db.session.execute(delete(TalliedResponse).where(TalliedResponse.consultation_id == consultation_id))
    filter_tallies.forget_all(consultation_id)
    return fold(consultation_id)
