"""Schools, teacher accounts and class sessions: the staff side of the schools module.

Teachers see only their own school's sessions: every lookup takes the acting user and refuses another school's
session as not found, so a guessed id reveals nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update

from app.auth.services import create_user
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.extensions import db
from app.models import (
    ClassSession,
    ClassSessionStatus,
    ConsultationPhase,
    ConsultationStatus,
    PupilResponse,
    Response,
    ResponseStatus,
    Role,
    School,
    Survey,
    SurveyAudience,
    User,
)
from app.safeguarding.dsl import require_confirmed
from app.safeguarding.services import detach_response_flags, screen_response

LONDON = ZoneInfo("Europe/London")
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: nothing a pupil could misread from the projector."""
JOIN_CODE_LENGTH = 6
YEAR_GROUPS = ("Year 5", "Year 6", "Year 7", "Year 8", "Year 9", "Year 10", "Year 11", "Mixed years")


class SchoolError(DomainError):
    pass


class ChecklistIncompleteError(DomainError):
    """A session cannot open before the DSL is recorded and the pre-session checklist is ticked."""


class SessionStateError(DomainError):
    pass


@dataclass(frozen=True)
class SessionCounts:
    joined: int
    completed: int


def london_day(now: datetime) -> date:
    return now.astimezone(LONDON).date()


def day_start_utc(day: date) -> datetime:
    """Midnight in London at the start of ``day``, as an aware datetime (the finest time a pupil row carries)."""
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC)


def end_of_day_utc(now: datetime) -> datetime:
    return day_start_utc(london_day(now) + timedelta(days=1))


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


# Schools and teachers (officers) ---------------------------------------------------------------------------------


def list_schools() -> list[School]:
    return list(db.session.scalars(select(School).order_by(School.name, School.id)))


def get_school(school_id: int) -> School:
    school = db.session.get(School, school_id)
    if school is None:
        raise NotFoundError(str(school_id))
    return school


def get_school_for(user: User, school_id: int) -> School:
    if user.role == Role.TEACHER and user.school_id != school_id:
        raise NotFoundError(str(school_id))
    return get_school(school_id)


def create_school(name: str, actor: User) -> School:
    name = " ".join(name.split())
    if db.session.scalar(select(School.id).where(func.lower(School.name) == name.lower())) is not None:
        raise SchoolError("A school with this name already exists")
    school = School(name=name)
    db.session.add(school)
    db.session.flush()
    record_event("school_created", actor, school)
    return school


def list_teachers(school: School) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.school_id == school.id, User.role == Role.TEACHER).order_by(User.name, User.id)
        )
    )


def create_teacher(school: School, email: str, name: str, password: str, actor: User) -> User:
    teacher = create_user(email, name, password, Role.TEACHER, school)
    record_event("teacher_created", actor, teacher, school_id=school.id)
    return teacher


# Class sessions (teachers) ---------------------------------------------------------------------------------------


def list_schools_surveys(now: datetime) -> list[Survey]:
    """Schools surveys a teacher can run a session for: published consultations that have not closed."""
    surveys = db.session.scalars(
        select(Survey).where(Survey.audience == SurveyAudience.SCHOOLS).order_by(Survey.id)
    ).all()
    return [
        survey
        for survey in surveys
        if survey.consultation.status == ConsultationStatus.PUBLISHED
        and survey.consultation.phase(now) in (ConsultationPhase.OPEN, ConsultationPhase.UPCOMING)
    ]


def list_sessions(teacher: User) -> list[ClassSession]:
    return list(
        db.session.scalars(
            select(ClassSession)
            .where(ClassSession.school_id == teacher.school_id)
            .order_by(ClassSession.planned_date.desc(), ClassSession.id.desc())
        )
    )


def list_school_sessions(school: School) -> list[ClassSession]:
    return list(
        db.session.scalars(
            select(ClassSession)
            .where(ClassSession.school_id == school.id)
            .order_by(ClassSession.planned_date.desc(), ClassSession.id.desc())
        )
    )


def sessions_by_survey(sessions: list[ClassSession]) -> list[tuple[Survey, list[ClassSession]]]:
    grouped: dict[int, tuple[Survey, list[ClassSession]]] = {}
    for session in sessions:
        grouped.setdefault(session.survey_id, (session.survey, []))[1].append(session)
    return [grouped[key] for key in sorted(grouped)]


def get_session_for(user: User, session_id: int) -> ClassSession:
    """A session the user may see: a teacher only their school's; officers and admins any."""
    session = db.session.get(ClassSession, session_id)
    if session is None or (user.role == Role.TEACHER and session.school_id != user.school_id):
        raise NotFoundError(str(session_id))
    return session


def get_session_to_run(user: User, session_id: int) -> ClassSession:
    """Only teachers of the school run (open, close, project) a session."""
    session = get_session_for(user, session_id)
    if user.role != Role.TEACHER:
        raise NotFoundError(str(session_id))
    return session


def create_session(teacher: User, survey_id: int, year_group: str, planned_date: date, now: datetime) -> ClassSession:
    if teacher.school_id is None:
        raise SchoolError("Your account is not linked to a school")
    survey = next((s for s in list_schools_surveys(now) if s.id == survey_id), None)
    if survey is None:
        raise SchoolError("Choose a survey that is open to schools")
    previous = db.session.scalar(
        select(ClassSession)
        .where(ClassSession.school_id == teacher.school_id, ClassSession.dsl_email.is_not(None))
        .order_by(ClassSession.id.desc())
        .limit(1)
    )
    session = ClassSession(
        school_id=teacher.school_id,
        teacher_id=teacher.id,
        survey_id=survey.id,
        year_group=year_group,
        planned_date=planned_date,
        dsl_name=previous.dsl_name if previous else None,
        dsl_email=previous.dsl_email if previous else None,
    )
    db.session.add(session)
    db.session.flush()
    record_event("class_session_created", teacher, session, school_id=teacher.school_id)
    return session


def open_session(
    session: ClassSession,
    actor: User,
    now: datetime,
    *,
    dsl_name: str,
    dsl_email: str,
    dsl_informed: bool,
    parents_notified: bool,
    alternative_ready: bool,
) -> ClassSession:
    """Record the DSL and checklist, then open with a fresh join code until the end of today in London.

    The DSL's address must be confirmed for the school: if it is not, a confirmation link is emailed (once; the
    teacher can resend) and ``DslNotConfirmedError`` is raised after the DSL and checklist are recorded, so the
    caller should commit them and the email."""
    if session.status != ClassSessionStatus.DRAFT:
        raise SessionStateError("This session has already been opened")
    session.dsl_name, session.dsl_email = dsl_name.strip(), dsl_email.strip().lower()
    session.dsl_informed, session.parents_notified = dsl_informed, parents_notified
    session.alternative_ready = alternative_ready
    if not session.checklist_complete:
        raise ChecklistIncompleteError("Record the safeguarding lead and tick every check before you open")
    db.session.flush()
    require_confirmed(session, actor, now)
    if session.survey.consultation.phase(now) != ConsultationPhase.OPEN:
        raise SessionStateError("The consultation is not open for answers today")
    session.status = ClassSessionStatus.OPEN
    session.opened_at_utc, session.closes_at_utc = now, end_of_day_utc(now)
    session.join_code = _unused_join_code(now)
    db.session.flush()
    record_event("class_session_opened", actor, session, school_id=session.school_id)
    return session


def _unused_join_code(now: datetime) -> str:
    """A code no stored session holds; sessions past their end of day give theirs up first."""
    close_expired_sessions(now)
    for _ in range(20):
        code = new_join_code()
        if db.session.scalar(select(ClassSession.id).where(ClassSession.join_code == code)) is None:
            return code
    raise SessionStateError("Could not find a free join code; try again")


def close_session(session: ClassSession, actor: User | None, now: datetime, *, reason: str = "teacher") -> ClassSession:
    """Close the session, then screen and delete its unsent pupil drafts: nobody may read words a pupil did not
    send, and whatever in them the screen flags is kept for the reviewer and alerted first."""
    if session.status == ClassSessionStatus.CLOSED:
        return session
    session.status = ClassSessionStatus.CLOSED
    session.closed_at_utc = min(now, session.closes_at_utc) if session.closes_at_utc else now
    session.join_code = None
    db.session.flush()
    deleted = _screen_and_delete_drafts([session.id], now)
    record_event("class_session_closed", actor, session, reason=reason, drafts_deleted=deleted)
    return session


def close_expired_sessions(now: datetime) -> int:
    """Close sessions past the end of their day; then sweep drafts any closed session still has (a page saved as
    the session closed, or sessions closed before drafts were deleted at close)."""
    expired = db.session.scalars(
        select(ClassSession)
        .where(ClassSession.status == ClassSessionStatus.OPEN, ClassSession.closes_at_utc <= now)
        .order_by(ClassSession.id)
    ).all()
    for session in expired:
        close_session(session, None, now, reason="end_of_day")
    closed = select(ClassSession.id).where(ClassSession.status == ClassSessionStatus.CLOSED)
    _screen_and_delete_drafts(
        list(
            db.session.scalars(
                closed.where(
                    ClassSession.id.in_(
                        select(PupilResponse.class_session_id)
                        .join(Response, Response.id == PupilResponse.response_id)
                        .where(Response.status == ResponseStatus.IN_PROGRESS)
                    )
                ).order_by(ClassSession.id)
            )
        ),
        now,
    )
    return len(expired)


def _screen_and_delete_drafts(session_ids: list[int], now: datetime) -> int:
    drafts = db.session.execute(
        select(Response, ClassSession)
        .join(PupilResponse, PupilResponse.response_id == Response.id)
        .join(ClassSession, ClassSession.id == PupilResponse.class_session_id)
        .where(PupilResponse.class_session_id.in_(session_ids), Response.status == ResponseStatus.IN_PROGRESS)
        .order_by(Response.id)
    ).all()
    for response, session in drafts:
        screen_response(response, session, now)
    return delete_pupil_drafts([response.id for response, _session in drafts])


def delete_pupil_drafts(response_ids: list[int]) -> int:
    """Delete unsent pupil responses with their answers; flags raised for their words stay, detached."""
    if not response_ids:
        return 0
    detach_response_flags(response_ids)
    return db.session.execute(
        delete(Response)
        .where(Response.id.in_(response_ids), Response.status == ResponseStatus.IN_PROGRESS)
        .execution_options(synchronize_session=False)
    ).rowcount


def session_counts(session: ClassSession) -> SessionCounts:
    completed = (
        db.session.scalar(
            select(func.count(PupilResponse.response_id))
            .join(Response, Response.id == PupilResponse.response_id)
            .where(PupilResponse.class_session_id == session.id, Response.status == ResponseStatus.SUBMITTED)
        )
        or 0
    )
    joined = db.session.scalar(select(ClassSession.joined_count).where(ClassSession.id == session.id)) or 0
    return SessionCounts(joined=joined, completed=completed)


def count_join(session: ClassSession) -> None:
    """One more pupil said yes; an atomic increment, so a class joining at once is counted exactly."""
    db.session.execute(
        update(ClassSession)
        .where(ClassSession.id == session.id)
        .values(joined_count=ClassSession.joined_count + 1)
        .execution_options(synchronize_session=False)
    )
