"""The life of a response: a draft saved page by page, resumed by private link, then submitted exactly once.

Answers are saved as rows while the draft is written, so nothing typed is lost; submitting is a single conditional
update from in-progress to submitted, which makes it atomic and idempotent: a replayed or double-clicked submit
finds the response already submitted and gets the same reference back.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Update, bindparam, delete, select, update

from app.analysis.coding import analyse_saved_answers
from app.extensions import db
from app.models import (
    Answer,
    Consultation,
    ConsultationPhase,
    ConsultationStatus,
    Response,
    ResponseChannel,
    ResponseStatus,
    Survey,
    SurveyQuestion,
    SurveyVersion,
    User,
)
from app.models.types import UTCDateTime
from app.reports import tallies
from app.surveys.definitions_service import definition_of, question_ids
from app.surveys.engine import AnswerItem, SurveyDefinition, missing_required, prune_hidden
from app.surveys.errors import DraftNotFoundError, IncompleteResponseError, ResponseSentError, SurveyNotOpenError

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Draft:
    response: Response
    definition: SurveyDefinition
    answers: dict[str, tuple[AnswerItem, ...]]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_reference() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SV-{body[:4]}-{body[4:]}"


def ensure_open(survey: Survey, now: datetime) -> None:
    phase = survey.consultation.phase(now)
    if phase != ConsultationPhase.OPEN:
        raise SurveyNotOpenError(phase.value)


def start_draft(
    survey: Survey,
    *,
    channel: ResponseChannel,
    now: datetime,
    entered_by: User | None = None,
    invite_id: int | None = None,
    organisation_id: int | None = None,
) -> Response:
    version = survey.current_version
    response = Response(
        consultation_id=survey.consultation_id,
        survey_version_id=version.id,
        audience=survey.audience,
        channel=channel,
        reference=new_reference(),
        draft_key=secrets.token_urlsafe(24),
        entered_by_id=entered_by.id if entered_by else None,
        invite_id=invite_id,
        organisation_id=organisation_id,
        created_at_utc=now,
        updated_at_utc=now,
    )
    db.session.add(response)
    db.session.flush()
    return response


def find_draft_response(survey: Survey, draft_key: str | None) -> Response | None:
    if not draft_key:
        return None
    return db.session.scalar(
        select(Response)
        .join(SurveyVersion, Response.survey_version_id == SurveyVersion.id)
        .where(Response.draft_key == draft_key, SurveyVersion.survey_id == survey.id)
    )


def load_answers(response: Response) -> dict[str, tuple[AnswerItem, ...]]:
    rows = db.session.execute(
        select(SurveyQuestion.key, Answer.item, Answer.value, Answer.position)
        .join(SurveyQuestion, Answer.question_id == SurveyQuestion.id)
        .where(Answer.response_id == response.id)
        .order_by(Answer.id)
    ).all()
    answers: dict[str, list[AnswerItem]] = defaultdict(list)
    for key, item, value, position in rows:
        answers[key].append(AnswerItem(key, item, value, position))
    return {key: tuple(items) for key, items in answers.items()}


def load_draft(response: Response) -> Draft:
    version = db.session.get(SurveyVersion, response.survey_version_id)
    if version is None:
        raise DraftNotFoundError(str(response.id))
    return Draft(response, definition_of(version), load_answers(response))


def editable_after_sending(response: Response) -> bool:
    """Only an invited organisation may change its sent response (until close, through its invite); every other
    response is final once sent, whatever an old cookie or a second tab still holds."""
    return response.invite_id is not None


def save_answers(draft: Draft, page_answers: dict[str, tuple[AnswerItem, ...]], now: datetime) -> Draft:
    """Replace the answers of one page, then drop answers that earlier changes have hidden.

    The status is read after the lock, so a send that won the race is seen: a sent response that may not be edited
    raises ``ResponseSentError`` and nothing changes; an invited organisation's sent response first leaves the
    dashboards' running totals, so they go on matching a live count of its new answers."""
    lock_response(draft.response)
    if draft.response.status == ResponseStatus.SUBMITTED:
        if not editable_after_sending(draft.response):
            raise ResponseSentError(draft.response.reference)
        tallies.unfold(draft.response.consultation_id, draft.response.id)
    merged = {**draft.answers, **page_answers}
    kept = prune_hidden(draft.definition, merged)
    changed = set(page_answers) | (set(merged) - set(kept))
    ids = question_ids(db.session.get(SurveyVersion, draft.response.survey_version_id))
    if changed:
        db.session.execute(
            delete(Answer).where(
                Answer.response_id == draft.response.id, Answer.question_id.in_([ids[key] for key in changed])
            )
        )
    new_answers = [
        Answer(
            response_id=draft.response.id,
            question_id=ids[key],
            item=item.item,
            value=item.value,
            position=item.position,
        )
        for key in page_answers
        if key in kept
        for item in kept[key]
    ]
    db.session.add_all(new_answers)
    draft.response.updated_at_utc = now
    draft.response.is_complete = not missing_required(draft.definition, kept)
    db.session.flush()
    analyse_saved_answers(db.session.get(Consultation, draft.response.consultation_id), new_answers)
    return Draft(draft.response, draft.definition, {k: v for k, v in kept.items() if v})


def lock_response(response: Response) -> None:
    """Serialise writers of one response (a row lock on PostgreSQL; SQLite write transactions are already serial)."""
    db.session.execute(select(Response.id).where(Response.id == response.id).with_for_update())
    db.session.refresh(response)


def issue_resume_token(response: Response) -> str:
    """A new private link token; only its hash is stored, so the link cannot be recovered from the database."""
    token = secrets.token_urlsafe(24)
    response.resume_token_hash = token_hash(token)
    db.session.flush()
    return token


def find_by_resume_token(token: str) -> Response | None:
    """The response a private link was issued for, sent or not: the link is kept after sending so that using it
    again can say the response was sent, rather than a bare "Page not found"; only an unsent one opens."""
    return db.session.scalar(select(Response).where(Response.resume_token_hash == token_hash(token)))


def _send_statement() -> Update:
    """Built once: a send is then only parameter binding and one round trip (the compiled form is cached)."""
    now = bindparam("b_now", type_=UTCDateTime())
    table = Response.__table__
    open_consultations = select(Consultation.id).where(
        Consultation.status == ConsultationStatus.PUBLISHED,
        Consultation.open_at_utc <= now,
        Consultation.close_at_utc > now,
    )
    survey_versions = select(SurveyVersion.id).where(SurveyVersion.survey_id == bindparam("b_survey_id"))
    return (
        update(table)
        .where(
            table.c.draft_key == bindparam("b_draft_key"),
            table.c.status == ResponseStatus.IN_PROGRESS,
            table.c.is_complete.is_(True),
            table.c.survey_version_id.in_(survey_versions),
            table.c.consultation_id.in_(open_consultations),
        )
        .values(status=ResponseStatus.SUBMITTED, submitted_at_utc=now, updated_at_utc=now)
        .returning(table.c.reference, table.c.invite_id)
    )


_SEND = _send_statement()


def submit_complete_draft(survey_id: int, draft_key: str, now: datetime) -> tuple[str, int | None] | None:
    """The common case in one statement: a complete, unsent draft of an open consultation becomes sent.

    Runs in its own transaction on the engine, committed before it returns. Returns the reference and invite id, or
    None when anything is unusual (already sent, incomplete, closed, unknown), in which case the caller takes the
    careful path (``submit``) that explains what happened.
    """
    with db.engine.begin() as connection:  # committed here: nothing else in the request writes
        row = connection.execute(
            _SEND, {"b_draft_key": draft_key, "b_survey_id": survey_id, "b_now": now}
        ).one_or_none()
    return (row[0], row[1]) if row is not None else None


def submit(draft: Draft, now: datetime) -> Response:
    """Mark the draft submitted once; a second call returns the same response without storing anything again."""
    lock_response(draft.response)
    if draft.response.status == ResponseStatus.SUBMITTED:
        return draft.response
    missing = missing_required(draft.definition, draft.answers)
    if missing:
        raise IncompleteResponseError(missing)
    result = db.session.execute(
        update(Response)
        .where(Response.id == draft.response.id, Response.status == ResponseStatus.IN_PROGRESS)
        .values(status=ResponseStatus.SUBMITTED, submitted_at_utc=now, updated_at_utc=now)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.refresh(draft.response)
    if result.rowcount == 0 and draft.response.status != ResponseStatus.SUBMITTED:
        raise DraftNotFoundError(str(draft.response.id))
    return draft.response
