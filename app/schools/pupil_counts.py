"""The queries behind pupil results: which class sessions may be counted, and their closed answers per session.

Only sent responses count. A session is *released* once it has closed (by the teacher or at the end of its day)
with at least ``MIN_GROUP`` pupils' answers sent; no other session's answers are counted anywhere, so a small
class can never be found by subtracting one figure from another. ``released_filter`` is the same rule as a SQL
condition on ``Response`` for reports that count responses of every audience.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from app.extensions import db
from app.models import (
    Answer,
    ClassSession,
    ClassSessionStatus,
    PupilResponse,
    Response,
    ResponseStatus,
    SurveyAudience,
    SurveyQuestion,
)
from app.schools.suppression import MIN_GROUP
from app.surveys.engine import OTHER_VALUE, QuestionType

COUNTED_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.FACE_SCALE, QuestionType.GRID)

AnswerKey = tuple[str, str | None, str]
"""(question key, grid row or None, stored value)."""


@dataclass
class SessionAnswers:
    """One session's sent responses: how many, responses per answer, and (multiple choice) responses per question
    that ticked anything."""

    sent: int = 0
    answers: dict[AnswerKey, int] = field(default_factory=dict)
    answered: dict[str, int] = field(default_factory=dict)


def is_closed(session: ClassSession, now: datetime) -> bool:
    """Closed by the teacher, or past the end of its day though nobody has run ``close-expired-sessions`` yet."""
    return session.status != ClassSessionStatus.DRAFT and not session.is_open(now)


def sent_counts(session_ids: Sequence[int]) -> dict[int, int]:
    if not session_ids:
        return {}
    rows = db.session.execute(
        select(PupilResponse.class_session_id, func.count(Response.id))
        .join(Response, Response.id == PupilResponse.response_id)
        .where(PupilResponse.class_session_id.in_(session_ids), Response.status == ResponseStatus.SUBMITTED)
        .group_by(PupilResponse.class_session_id)
    ).all()
    return {session_id: count for session_id, count in rows}


def released(sessions: Sequence[ClassSession], now: datetime) -> list[ClassSession]:
    """The sessions whose answers may be counted, in id order."""
    closed = [session for session in sessions if is_closed(session, now)]
    sent = sent_counts([session.id for session in closed])
    return sorted((s for s in closed if sent.get(s.id, 0) >= MIN_GROUP), key=lambda s: s.id)


def counted_for_officers(session: ClassSession, now: datetime) -> int | None:
    """The session's sent responses as an officer may see them: only once released, else None (an officer is not in
    the room, and a count rising by one per pupil, or a closed class of 1 to 9, would say how many answered)."""
    if not is_closed(session, now):
        return None
    sent = sent_counts([session.id]).get(session.id, 0)
    return sent if sent >= MIN_GROUP else None


def released_session_ids(now: datetime) -> Select[tuple[int]]:
    """SQL for the ids of every released session."""
    closed = or_(
        ClassSession.status == ClassSessionStatus.CLOSED,
        and_(ClassSession.status == ClassSessionStatus.OPEN, ClassSession.closes_at_utc <= now),
    )
    return (
        select(PupilResponse.class_session_id)
        .join(Response, Response.id == PupilResponse.response_id)
        .join(ClassSession, ClassSession.id == PupilResponse.class_session_id)
        .where(Response.status == ResponseStatus.SUBMITTED, closed)
        .group_by(PupilResponse.class_session_id)
        .having(func.count(Response.id) >= MIN_GROUP)
    )


def released_filter(now: datetime) -> ColumnElement[bool]:
    """True for a response that is not a pupil's, or is a pupil's sent in a released session."""
    in_released = select(PupilResponse.response_id).where(PupilResponse.class_session_id.in_(released_session_ids(now)))
    return or_(Response.audience != SurveyAudience.SCHOOLS, Response.id.in_(in_released))


def session_answers(session_ids: Sequence[int]) -> dict[int, SessionAnswers]:
    """Per session: sent responses, and distinct responses per closed answer (the "other" text is never read)."""
    result: dict[int, SessionAnswers] = defaultdict(SessionAnswers)
    if not session_ids:
        return {}
    for session_id, count in sent_counts(session_ids).items():
        result[session_id].sent = count
    base = (
        select(PupilResponse.class_session_id, SurveyQuestion.key)
        .join(Response, Response.id == PupilResponse.response_id)
        .join(Answer, Answer.response_id == Response.id)
        .join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
        .where(
            PupilResponse.class_session_id.in_(session_ids),
            Response.status == ResponseStatus.SUBMITTED,
            SurveyQuestion.type.in_([t.value for t in COUNTED_TYPES]),
            or_(Answer.item.is_(None), Answer.item != OTHER_VALUE),
        )
    )
    counted = func.count(func.distinct(Answer.response_id))
    for session_id, key, item, value, count in db.session.execute(
        base.add_columns(Answer.item, Answer.value, counted).group_by(
            PupilResponse.class_session_id, SurveyQuestion.key, Answer.item, Answer.value
        )
    ):
        result[session_id].answers[(key, item, value)] = count
    for session_id, key, count in db.session.execute(
        base.add_columns(counted)
        .where(SurveyQuestion.type == QuestionType.MULTIPLE_CHOICE.value, Answer.item.is_(None))
        .group_by(PupilResponse.class_session_id, SurveyQuestion.key)
    ):
        result[session_id].answered[key] = count
    return dict(result)
