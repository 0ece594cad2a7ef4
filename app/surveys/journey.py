"""Glue between the respondent's browser session and the response services.

The browser keeps only an opaque draft key per survey; everything typed lives in the database, so a reload, a
second tab or a resume link all see the same answers.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime
from typing import Any

from app.extensions import db
from app.models import (
    Organisation,
    Response,
    ResponseChannel,
    ResponseStatus,
    Survey,
    SurveyAudience,
    SurveyVersion,
)
from app.surveys import responses
from app.surveys.definitions_service import definition_of
from app.surveys.engine import AnswerItem, Answers, SurveyDefinition
from app.surveys.errors import DraftNotFoundError
from app.surveys.responses import Draft

SESSION_KEY = "drafts"
SAVED_LINKS_KEY = "saved_links"


def _keys(session: MutableMapping[str, Any]) -> dict[str, str]:
    return dict(session.get(SESSION_KEY, {}))


def remember(session: MutableMapping[str, Any], survey: Survey, response: Response) -> None:
    keys = _keys(session)
    keys[str(survey.id)] = response.draft_key
    session[SESSION_KEY] = keys


def forget(session: MutableMapping[str, Any], survey_id: int) -> None:
    keys = _keys(session)
    keys.pop(str(survey_id), None)
    session[SESSION_KEY] = keys


def current_draft(session: MutableMapping[str, Any], survey: Survey) -> Draft | None:
    """The response this browser may still change: its unsent draft, or an invited organisation's response."""
    response = responses.find_draft_response(survey, _keys(session).get(str(survey.id)))
    if response is None or not _changeable(response):
        return None
    return responses.load_draft(response)


def sent_response(session: MutableMapping[str, Any], survey: Survey) -> Response | None:
    """The sent, final response whose key this browser still holds (a cookie copied before sending, a second tab, or
    a double click on Send racing the first), or None."""
    response = responses.find_draft_response(survey, _keys(session).get(str(survey.id)))
    return response if response is not None and not _changeable(response) else None


def holds_sent_response(session: MutableMapping[str, Any], survey: Survey) -> bool:
    """True when the browser still holds the key of a sent, final response: its pages then say so instead of
    starting or changing anything."""
    return sent_response(session, survey) is not None


def _changeable(response: Response) -> bool:
    return response.status == ResponseStatus.IN_PROGRESS or responses.editable_after_sending(response)


def draft_for_saving(session: MutableMapping[str, Any], survey: Survey, now: datetime) -> Draft:
    """The respondent's draft, started on their first saved page (never on a mere page view)."""
    draft = current_draft(session, survey)
    if draft is not None:
        return draft
    response = responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=now)
    remember(session, survey, response)
    return responses.load_draft(response)


def save_page(
    session: MutableMapping[str, Any], survey: Survey, page_answers: dict[str, tuple[AnswerItem, ...]], now: datetime
) -> Draft:
    responses.ensure_open(survey, now)
    return responses.save_answers(draft_for_saving(session, survey, now), page_answers, now)


class DraftStore:
    """The journey step's store for a resident or invited organisation: the draft this browser holds, started in the
    database on the first saved page (never on a mere page view). ``draft`` is the draft after the last save."""

    def __init__(self, session: MutableMapping[str, Any], survey: Survey, now: datetime) -> None:
        self._session, self._survey, self._now = session, survey, now
        self.draft = current_draft(session, survey)

    @property
    def definition(self) -> SurveyDefinition:
        return self.draft.definition if self.draft else definition_for(self._survey)

    def answers(self) -> Answers:
        return self.draft.answers if self.draft else {}

    def save(self, page_answers: Answers) -> Answers:
        self.draft = save_page(self._session, self._survey, page_answers, self._now)
        return self.draft.answers


def definition_for(survey: Survey) -> SurveyDefinition:
    return definition_of(survey.current_version)


def survey_of(response: Response) -> Survey:
    version = db.session.get(SurveyVersion, response.survey_version_id)
    if version is None:
        raise DraftNotFoundError(str(response.id))
    return version.survey


def finish(session: MutableMapping[str, Any], survey: Survey, response: Response) -> None:
    finish_sent(session, survey.id, response.reference, response.invite_id)


def finish_sent(session: MutableMapping[str, Any], survey_id: int, reference: str, invite_id: int | None) -> None:
    """Remember the reference for the confirmation page; a public draft is then closed to this browser."""
    confirmed = dict(session.get("confirmed", {}))
    confirmed[str(survey_id)] = reference
    session["confirmed"] = confirmed
    if invite_id is None:
        forget(session, survey_id)


def draft_key(session: MutableMapping[str, Any], survey_id: int) -> str | None:
    return _keys(session).get(str(survey_id))


def confirmed_reference(session: MutableMapping[str, Any], survey: Survey) -> str | None:
    return session.get("confirmed", {}).get(str(survey.id))


def is_invited(session: MutableMapping[str, Any], survey: Survey) -> bool:
    draft = current_draft(session, survey)
    return draft is not None and draft.response.invite_id is not None


def may_answer(session: MutableMapping[str, Any], survey: Survey) -> bool:
    """Stakeholder surveys are answered only through an invite, which puts the invite's draft in the session."""
    if survey.audience != SurveyAudience.STAKEHOLDER:
        return True
    draft = current_draft(session, survey)
    return draft is not None and draft.response.invite_id is not None


def resume_token_for(draft: Draft) -> str | None:
    """A fresh private link for an unsent draft; a sent (invited) response is edited through its invite instead."""
    if draft.response.status == ResponseStatus.SUBMITTED:
        return None
    return responses.issue_resume_token(draft.response)


def organisation_name(draft: Draft | None) -> str | None:
    """The invited organisation a response speaks for, named on its pages so whoever holds the link knows for whom
    they answer; None for a resident."""
    if draft is None or draft.response.invite_id is None or draft.response.organisation_id is None:
        return None
    organisation = db.session.get(Organisation, draft.response.organisation_id)
    return organisation.name if organisation is not None else None


def keep_saved_link(session: MutableMapping[str, Any], survey: Survey, token: str | None) -> None:
    """The private link just issued stays with this browser (whose cookie can open the draft anyway) until it is
    emailed or the respondent carries on, so the saved page can show it and email it."""
    links = {key: value for key, value in session.get(SAVED_LINKS_KEY, {}).items() if key != str(survey.id)}
    if token:
        links[str(survey.id)] = token
    session[SAVED_LINKS_KEY] = links


def saved_link(session: MutableMapping[str, Any], survey: Survey) -> str | None:
    return session.get(SAVED_LINKS_KEY, {}).get(str(survey.id))
