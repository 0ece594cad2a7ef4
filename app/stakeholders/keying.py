"""Paper and email responses keyed in by an officer: the whole form on one page, read by the survey engine.

The answers are read and stored as a web response's are (``app.stakeholders.keyed_form``), except that a question
left blank on the form is recorded as not answered. The response is dated on the day it was received
(``app.stakeholders.received``), so "responses over time" shows when people wrote, not when the pile was keyed.

The rule on dates: an officer may key in a response while the consultation is open, and for a short period after it
closes (`GRACE_PERIOD`) for responses that arrived on time, which the officer confirms when starting. Pupils' surveys
are not keyed in: their answers must go through the safeguarding screen of a class session.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.common.audit import record_event
from app.common.errors import NotFoundError
from app.extensions import db
from app.models import (
    Consultation,
    ConsultationPhase,
    ConsultationStatus,
    Organisation,
    Response,
    ResponseChannel,
    ResponseStatus,
    Survey,
    SurveyAudience,
    SurveyVersion,
    User,
)
from app.stakeholders.errors import KeyedOrganisationError, KeyingNotAllowedError
from app.stakeholders.keyed_form import blanks_allowed
from app.stakeholders.received import received_at_utc, received_day
from app.surveys import responses
from app.surveys.engine import AnswerItem, Answers, QuestionType, SurveyDefinition
from app.surveys.journey import survey_of
from app.surveys.responses import Draft

GRACE_PERIOD = timedelta(days=14)
KEYED_CHANNELS = (ResponseChannel.PAPER, ResponseChannel.EMAIL)
KEYABLE_AUDIENCES = (SurveyAudience.PUBLIC, SurveyAudience.STAKEHOLDER)


def in_window(survey: Survey, now: datetime) -> bool:
    """True while open, or closed less than the grace period ago."""
    phase = survey.consultation.phase(now)
    return phase == ConsultationPhase.OPEN or (
        phase == ConsultationPhase.CLOSED and now < survey.consultation.close_at_utc + GRACE_PERIOD
    )


def ensure_keyable(survey: Survey, now: datetime, *, received_on_time: bool = True) -> None:
    if survey.audience not in KEYABLE_AUDIENCES:
        raise KeyingNotAllowedError("Pupils' responses can only be collected in a class session")
    if not in_window(survey, now):
        raise KeyingNotAllowedError(
            "Responses can be added only while the consultation is open, or within "
            f"{GRACE_PERIOD.days} days after it closes"
        )
    if survey.consultation.phase(now) == ConsultationPhase.CLOSED and not received_on_time:
        raise KeyingNotAllowedError(
            "The consultation has closed. Confirm the response arrived before it closed", needs_confirmation=True
        )


def list_keyable_surveys(now: datetime) -> list[Survey]:
    """Surveys an officer may add responses to now, newest consultation first."""
    surveys = db.session.scalars(
        select(Survey)
        .join(Consultation, Survey.consultation_id == Consultation.id)
        .where(
            Survey.audience.in_(KEYABLE_AUDIENCES),
            Consultation.status == ConsultationStatus.PUBLISHED,
            Consultation.close_at_utc > now - GRACE_PERIOD,
        )
        .order_by(Consultation.close_at_utc.desc(), Survey.id)
    )
    return [survey for survey in surveys if in_window(survey, now)]


def get_keyable_survey(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.audience not in KEYABLE_AUDIENCES:
        raise NotFoundError(f"survey {survey_id}")
    return survey


def start_keyed_response(
    actor: User,
    survey: Survey,
    channel: ResponseChannel,
    now: datetime,
    *,
    received_on_time: bool,
    organisation_id: int | None = None,
) -> Response:
    """Start an officer's draft of a paper or email response. A stakeholder survey's response is recorded against
    the organisation that sent it, so the invite tracker shows it as sent and reminders skip that organisation."""
    if channel not in KEYED_CHANNELS:
        raise KeyingNotAllowedError("Choose paper or email")
    ensure_keyable(survey, now, received_on_time=received_on_time)
    organisation = _sending_organisation(survey, organisation_id)
    response = responses.start_draft(
        survey, channel=channel, now=now, entered_by=actor, organisation_id=organisation.id if organisation else None
    )
    record_event(
        "keyed_response_started",
        actor,
        response,
        survey_id=survey.id,
        channel=channel.value,
        after_close=survey.consultation.phase(now) == ConsultationPhase.CLOSED,
        organisation_id=organisation.id if organisation else None,
    )
    return response


def _sending_organisation(survey: Survey, organisation_id: int | None) -> Organisation | None:
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation_id and organisation is None:
        raise KeyedOrganisationError("Select an organisation from the list")
    if organisation is None:
        if survey.audience == SurveyAudience.STAKEHOLDER:
            raise KeyedOrganisationError("Select the organisation the response is from")
        return None
    sent = db.session.scalar(
        select(Response.reference)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .where(
            SurveyVersion.survey_id == survey.id,
            Response.organisation_id == organisation.id,
            Response.status == ResponseStatus.SUBMITTED,
        )
    )
    if sent:
        raise KeyedOrganisationError(
            f"{organisation.name} has already sent a response to this survey (reference {sent})"
        )
    return organisation


def organisation_of(response: Response) -> Organisation | None:
    return db.session.get(Organisation, response.organisation_id) if response.organisation_id else None


def list_unfinished(actor: User) -> list[tuple[Response, Survey]]:
    """The officer's keyed responses not yet sent, so they can carry on where they left off."""
    rows = db.session.scalars(
        select(Response)
        .where(
            Response.entered_by_id == actor.id,
            Response.channel.in_(KEYED_CHANNELS),
            Response.status == ResponseStatus.IN_PROGRESS,
        )
        .order_by(Response.created_at_utc.desc(), Response.id.desc())
    )
    return [(response, survey_of(response)) for response in rows]


def get_keyed_draft(response_id: int) -> tuple[Survey, Draft]:
    response = db.session.get(Response, response_id)
    if response is None or response.channel not in KEYED_CHANNELS:
        raise NotFoundError(f"response {response_id}")
    return survey_of(response), responses.load_draft(response)


def record_keyed_form(
    actor: User,
    survey: Survey,
    draft: Draft,
    answers: dict[str, tuple[AnswerItem, ...]],
    received_on: date | None,
    now: datetime,
) -> Response:
    """Store the keyed answers and send the response in one go, dated on the day it was received.

    Saved through the same ``save_answers`` and ``submit`` as a web response, on the survey with no question required
    (``blanks_allowed``), so values, hidden-question pruning, analysis and tallies are exactly a web response's. A
    second submit of the same form (a double click) finds the response sent and stores nothing again."""
    ensure_keyable(survey, now)
    if draft.response.status == ResponseStatus.SUBMITTED:
        return draft.response
    relaxed = Draft(draft.response, blanks_allowed(draft.definition), draft.answers)
    everything = {
        question.id: answers.get(question.id, ())
        for question in draft.definition.questions
        if question.type is not QuestionType.INFORMATION
    }
    response = responses.submit(responses.save_answers(relaxed, everything, now), now)
    response.submitted_at_utc = received_at_utc(received_on, now)
    db.session.flush()
    record_event(
        "keyed_response_submitted",
        actor,
        response,
        survey_id=survey.id,
        channel=response.channel.value,
        reference=response.reference,
        received_on=received_on.isoformat() if received_on else None,
        unanswered=sum(1 for items in everything.values() if not items),
    )
    return response


class KeyedDraftStore:
    """The journey step's store for an officer's keyed form: saving the whole form also sends it
    (``record_keyed_form``), dated on the day it was received."""

    def __init__(self, actor: User, survey: Survey, draft: Draft, received_on: date | None, now: datetime) -> None:
        self._actor, self._survey, self._draft, self._received_on, self._now = actor, survey, draft, received_on, now

    @property
    def definition(self) -> SurveyDefinition:
        return self._draft.definition

    def answers(self) -> Answers:
        return self._draft.answers

    def save(self, page_answers: Answers) -> Answers:
        response = record_keyed_form(
            self._actor, self._survey, self._draft, dict(page_answers), self._received_on, self._now
        )
        self._draft = responses.load_draft(response)
        return self._draft.answers


def check_received_date(survey: Survey, text: str, now: datetime) -> date | None:
    """The date the form says it was received (blank: today); raises ``ReceivedDateError`` with the officer's fix."""
    consultation = survey.consultation
    return received_day(text, open_at_utc=consultation.open_at_utc, close_at_utc=consultation.close_at_utc, now=now)
