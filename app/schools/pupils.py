"""The anonymous pupil journey: join with a code, say yes or no, answer, send, get help.

A pupil is never asked who they are. The browser keeps only the class session id and an opaque draft key; the
database keeps no name, IP address or user agent, and every pupil timestamp is the start of the session's day,
so nothing is finer than "this class, this day".
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.common.errors import DomainError
from app.common.mail import send_email
from app.extensions import db
from app.models import AdultContactRequest, ClassSession, PupilResponse, Response, ResponseChannel, ResponseStatus
from app.safeguarding.services import screen_response
from app.schools.services import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, count_join, day_start_utc, london_day
from app.surveys import responses
from app.surveys.definitions_service import definition_of
from app.surveys.engine import AnswerItem, SurveyDefinition
from app.surveys.responses import Draft

KEY = "pupil"
_CODE_PATTERN = re.compile(f"[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}")


class JoinCodeError(DomainError):
    """A code that is wrong, mistyped or for a session that is not open; pupils see one kind message for all."""


class SessionClosedError(DomainError):
    pass


def normalise_code(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw or "").upper()


def find_open_session(code: str, now: datetime) -> ClassSession:
    code = normalise_code(code)
    if not _CODE_PATTERN.fullmatch(code):
        raise JoinCodeError(code)
    session = db.session.scalar(select(ClassSession).where(ClassSession.join_code == code))
    if session is None or not session.is_open(now):
        raise JoinCodeError(code)
    return session


def state(browser: MutableMapping[str, Any]) -> dict[str, Any]:
    return dict(browser.get(KEY) or {})


def _save_state(browser: MutableMapping[str, Any], data: dict[str, Any]) -> None:
    browser[KEY] = data


def join(browser: MutableMapping[str, Any], session: ClassSession) -> None:
    """Start a fresh pupil state for this session (a shared tablet forgets the previous pupil)."""
    _save_state(browser, {"session_id": session.id})


def forget(browser: MutableMapping[str, Any]) -> None:
    browser.pop(KEY, None)


def current_session(browser: MutableMapping[str, Any], now: datetime) -> ClassSession:
    """The open session this browser joined; raises ``SessionClosedError`` once it closes (by teacher or time)."""
    session_id = state(browser).get("session_id")
    session = db.session.get(ClassSession, session_id) if isinstance(session_id, int) else None
    if session is None or not session.is_open(now):
        raise SessionClosedError(str(session_id))
    return session


def give_assent(browser: MutableMapping[str, Any], session: ClassSession) -> None:
    data = state(browser)
    if not data.get("assent"):
        count_join(session)
    _save_state(browser, {**data, "assent": True})


def has_assented(browser: MutableMapping[str, Any]) -> bool:
    return bool(state(browser).get("assent"))


def definition_for(session: ClassSession) -> SurveyDefinition:
    return definition_of(session.survey.current_version)


def current_draft(browser: MutableMapping[str, Any], session: ClassSession) -> Draft | None:
    response = responses.find_draft_response(session.survey, state(browser).get("draft_key"))
    if response is None or response.status != ResponseStatus.IN_PROGRESS:
        return None
    return responses.load_draft(response)


def save_page(browser: MutableMapping[str, Any], session: ClassSession,
              page_answers: dict[str, tuple[AnswerItem, ...]], now: datetime) -> Draft:
    responses.ensure_open(session.survey, now)
    stamp = day_start_utc(session.planned_date if session.opened_at_utc is None else london_day(session.opened_at_utc))
    draft = current_draft(browser, session)
    if draft is None:
        response = responses.start_draft(session.survey, channel=ResponseChannel.SCHOOL, now=stamp)
        db.session.add(PupilResponse(response_id=response.id, class_session_id=session.id))
        _save_state(browser, {**state(browser), "draft_key": response.draft_key})
        draft = responses.load_draft(response)
    return responses.save_answers(draft, page_answers, stamp)


def submit(browser: MutableMapping[str, Any], session: ClassSession, now: datetime) -> Response | None:
    """Send the pupil's answers once, then screen their free text; a replayed submit stores and screens nothing."""
    draft = current_draft(browser, session)
    if draft is None:
        return None
    responses.ensure_open(session.survey, now)
    responses.lock_response(draft.response)
    if draft.response.status == ResponseStatus.SUBMITTED:
        return draft.response
    stamp = draft.response.created_at_utc
    response = responses.submit(draft, stamp)
    screen_response(response, session, now)
    return response


def finish(browser: MutableMapping[str, Any]) -> None:
    """After sending, the browser forgets the draft: the next pupil on this tablet cannot see or change it."""
    data = state(browser)
    data.pop("draft_key", None)
    _save_state(browser, {**data, "done": True})


def request_adult_contact(browser: MutableMapping[str, Any], session: ClassSession, now: datetime
                          ) -> AdultContactRequest | None:
    """Store the request apart from any answers and email the session's DSL; once per pupil state."""
    data = state(browser)
    if data.get("asked_adult"):
        return None
    request = AdultContactRequest(class_session_id=session.id, requested_on=london_day(now))
    db.session.add(request)
    db.session.flush()
    if session.dsl_email:
        send_email(session.dsl_email, f"A pupil would like an adult to talk to them – {session.school.name}",
                   _adult_contact_body(session, now), category="adult_contact")
        request.dsl_notified = True
    _save_state(browser, {**data, "asked_adult": True})
    return request


def _adult_contact_body(session: ClassSession, now: datetime) -> str:
    return (
        f"A pupil in a class survey session asked for an adult at school to talk to them.\n\n"
        f"School: {session.school.name}\nClass: {session.year_group}\n"
        f"Session date: {london_day(now).strftime('%-d %B %Y')}\n\n"
        "SaferVoice does not know who the pupil is: no name or other detail was asked for or stored. "
        "Please let the class know how and where they can find you, and follow your school's safeguarding "
        "procedures.\n"
    )
