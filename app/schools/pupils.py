"""The anonymous pupil journey: join with a code, say yes or no, answer, send, get help, stop and clear.

A pupil is never asked who they are. The browser keeps only the class session id, an opaque draft key and the ids
of safeguarding flags raised for this pupil's words; the database keeps no name, IP address or user agent, and every
pupil timestamp is the start of the session's day, so nothing is finer than "this class, this day".

Every free-text answer is screened when the page is saved (``app.safeguarding.services``). Words the screen flags
leave ``answers`` at once, so no officer query can reach them; the pupil still sees and can change them on their
own pages because their browser holds the flag ids (``held``) and ``current_draft`` reads their words back from
those flags, for their own draft only.

A shared tablet forgets a pupil when they stop ("Stop and clear my answers"), send, press "I have finished", or
leave it untouched for ``PUPIL_IDLE_MINUTES``; a new join always starts clean.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from app.common.errors import DomainError
from app.common.mail import send_email
from app.extensions import db
from app.models import (
    AdultContactRequest,
    ClassSession,
    PupilResponse,
    Response,
    ResponseChannel,
    ResponseStatus,
    SurveyVersion,
)
from app.safeguarding import services as safeguarding
from app.safeguarding.dsl import alert_address
from app.schools.services import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    count_join,
    day_start_utc,
    delete_pupil_drafts,
    london_day,
)
from app.surveys import responses
from app.surveys.definitions_service import definition_of, question_ids
from app.surveys.engine import AnswerItem, Answers, SurveyDefinition
from app.surveys.errors import ResponseSentError
from app.surveys.responses import Draft

KEY = "pupil"
ASKED_KEY = "pupil_adult_asked"
"""Class sessions this browser has asked for an adult in; kept apart from the pupil state, so a fresh join or
"Stop and clear" cannot ask again."""
IDLE_MINUTES = 30
ADULT_REQUESTS_PER_SESSION = 30
_CODE_PATTERN = re.compile(f"[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}")


class JoinCodeError(DomainError):
    """A code that is wrong, mistyped or for a session that is not open; pupils see one kind message for all."""


class SessionClosedError(DomainError):
    pass


class AdultRequestRefusedError(DomainError):
    """``reason``: ``not_taken_part``, ``already_asked`` or ``session_limit``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


def has_joined(browser: MutableMapping[str, Any]) -> bool:
    return bool(state(browser).get("session_id"))


def _minute(now: datetime) -> int:
    return int(now.timestamp() // 60)


def note_activity(browser: MutableMapping[str, Any], now: datetime, *, forget_if_idle: bool) -> bool:
    """Note that the pupil is here; but if the screen was left untouched too long and ``forget_if_idle``, forget
    them instead (the next person on a shared tablet must not see their answers). True if they were forgotten."""
    data = state(browser)
    if not data:
        return False
    seen = data.get("seen")
    idle = int(current_app.config.get("PUPIL_IDLE_MINUTES", IDLE_MINUTES))
    if forget_if_idle and isinstance(seen, int) and _minute(now) - seen > idle:
        forget(browser)
        return True
    if seen != _minute(now):
        _save_state(browser, {**data, "seen": _minute(now)})
    return False


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


def _draft_response(browser: MutableMapping[str, Any], session: ClassSession) -> Response | None:
    response = responses.find_draft_response(session.survey, state(browser).get("draft_key"))
    return response if response is not None and response.status == ResponseStatus.IN_PROGRESS else None


def current_draft(browser: MutableMapping[str, Any], session: ClassSession) -> Draft | None:
    """The pupil's unsent answers as they see them: their answer rows plus their own words the screen holds."""
    response = _draft_response(browser, session)
    if response is None:
        return None
    draft = responses.load_draft(response)
    held = safeguarding.held_draft_answers(response, _ids(state(browser), "held"))
    if not held:
        return draft
    keys = {question_id: key for key, question_id in _question_ids(response).items()}
    answers = dict(draft.answers)
    for _flag_id, question_id, item, text in held:
        key = keys[question_id]
        answers[key] = (*answers.get(key, ()), AnswerItem(key, item, text))
    return Draft(draft.response, draft.definition, answers)


def _question_ids(response: Response) -> dict[str, int]:
    return question_ids(db.session.get_one(SurveyVersion, response.survey_version_id))


def _ids(data: dict[str, Any], name: str) -> list[int]:
    return [value for value in data.get(name) or [] if isinstance(value, int)]


def save_page(
    browser: MutableMapping[str, Any],
    session: ClassSession,
    page_answers: dict[str, tuple[AnswerItem, ...]],
    now: datetime,
) -> Draft:
    """Save one page and screen its free text at once: flagged words are quarantined and alerted now, sent or not."""
    responses.ensure_open(session.survey, now)
    stamp = day_start_utc(session.planned_date if session.opened_at_utc is None else london_day(session.opened_at_utc))
    draft = current_draft(browser, session)
    if draft is None:
        _refuse_if_sent(browser, session)
        response = responses.start_draft(session.survey, channel=ResponseChannel.SCHOOL, now=stamp)
        db.session.add(PupilResponse(response_id=response.id, class_session_id=session.id))
        _save_state(browser, {**state(browser), "draft_key": response.draft_key, "held": []})
        draft = responses.load_draft(response)
    saved = responses.save_answers(draft, page_answers, stamp)
    ids = _question_ids(saved.response)
    on_page = {ids[key] for key in page_answers}
    data = state(browser)
    flags = safeguarding.screen_saved_answers(saved.response, session, on_page, _ids(data, "flagged"), now)
    untouched = {ids[key] for key in saved.answers} - on_page
    _hold(browser, data, saved.response, untouched, [flag.id for flag in flags])
    return saved


class PupilDraftStore:
    """The journey step's store for a pupil: their draft with the words the screen holds, saved and screened by
    ``save_page``; the schools survey's definition before their first saved page."""

    def __init__(self, browser: MutableMapping[str, Any], session: ClassSession, now: datetime) -> None:
        self._browser, self._session, self._now = browser, session, now
        self._draft = current_draft(browser, session)

    @property
    def definition(self) -> SurveyDefinition:
        return self._draft.definition if self._draft else definition_for(self._session)

    def answers(self) -> Answers:
        return self._draft.answers if self._draft else {}

    def save(self, page_answers: Answers) -> Answers:
        self._draft = save_page(self._browser, self._session, page_answers, self._now)
        return self._draft.answers


def _refuse_if_sent(browser: MutableMapping[str, Any], session: ClassSession) -> None:
    """A browser still holding the key of sent answers (a cookie copied before sending) starts nothing new."""
    response = responses.find_draft_response(session.survey, state(browser).get("draft_key"))
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        raise ResponseSentError(response.reference)


def _hold(
    browser: MutableMapping[str, Any], data: dict[str, Any], response: Response, untouched: set[int], new: list[int]
) -> None:
    """Go on holding the flags of questions this save left alone; the others' words were changed, so detach them."""
    held = _ids(data, "held")
    kept = [
        flag_id
        for flag_id, question_id, _item, _text in safeguarding.held_draft_answers(response, held)
        if question_id in untouched and flag_id not in new
    ]
    safeguarding.detach_flags(response, [flag_id for flag_id in held if flag_id not in kept and flag_id not in new])
    flagged = list(dict.fromkeys(_ids(data, "flagged") + new))
    _save_state(browser, {**data, "held": kept + new, "flagged": flagged})


def submit(browser: MutableMapping[str, Any], session: ClassSession, now: datetime) -> Response | None:
    """Send the pupil's answers once, then screen what was not screened yet; a replayed submit stores nothing."""
    draft = current_draft(browser, session)
    if draft is None:
        return None
    responses.ensure_open(session.survey, now)
    responses.lock_response(draft.response)
    if draft.response.status == ResponseStatus.SUBMITTED:
        return draft.response
    stamp = draft.response.created_at_utc
    response = responses.submit(draft, stamp)
    safeguarding.screen_response(response, session, now)
    return response


def finish(browser: MutableMapping[str, Any]) -> None:
    """After sending, the browser forgets the draft: the next pupil on this tablet cannot see or change it."""
    data = state(browser)
    for name in ("draft_key", "held", "flagged"):
        data.pop(name, None)
    _save_state(browser, {**data, "done": True})


def stop(browser: MutableMapping[str, Any], session: ClassSession | None) -> bool:
    """ "Stop and clear my answers": delete the unsent draft and forget the pupil. Flags raised for their words stay
    for the reviewer (the pupil was told), detached from any response. True if there was a draft to delete."""
    response = _draft_response(browser, session) if session is not None else None
    if response is not None:
        delete_pupil_drafts([response.id])
    forget(browser)
    return response is not None


def has_taken_part(browser: MutableMapping[str, Any]) -> bool:
    """Said yes and started (saved a page) or sent: only then may a pupil ask for an adult."""
    data = state(browser)
    return bool(data.get("assent") and (data.get("draft_key") or data.get("done")))


def has_asked_adult(browser: MutableMapping[str, Any]) -> bool:
    return state(browser).get("session_id") in (browser.get(ASKED_KEY) or [])


def request_adult_contact(
    browser: MutableMapping[str, Any], session: ClassSession, now: datetime
) -> AdultContactRequest:
    """Store the request apart from any answers and queue an email to the session's DSL: only for a pupil who has
    taken part, once per browser and session, and at most ``ADULT_REQUESTS_PER_SESSION`` per class session."""
    if not has_taken_part(browser):
        raise AdultRequestRefusedError("not_taken_part")
    if has_asked_adult(browser):
        raise AdultRequestRefusedError("already_asked")
    limit = int(current_app.config.get("ADULT_REQUESTS_PER_SESSION", ADULT_REQUESTS_PER_SESSION))
    asked = (
        db.session.scalar(
            select(func.count(AdultContactRequest.id)).where(AdultContactRequest.class_session_id == session.id)
        )
        or 0
    )
    if asked >= limit:
        raise AdultRequestRefusedError("session_limit")
    request = AdultContactRequest(class_session_id=session.id, requested_on=london_day(now))
    db.session.add(request)
    db.session.flush()
    address = alert_address(session)
    if address:
        send_email(
            address,
            f"A pupil would like an adult to talk to them – {session.school.name}",
            _adult_contact_body(session, now),
            category="adult_contact",
            about=f"AdultContactRequest:{request.id}",
        )
        request.dsl_notified = True
    browser[ASKED_KEY] = [*(browser.get(ASKED_KEY) or []), session.id][-10:]
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
