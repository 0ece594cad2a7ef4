"""An officer's "Send to safeguarding": any sent answer an officer reads (a pupil's or an adult's) that worries them.

The screen misses some disclosures, and adults write worrying things too. The officer's referral is a
``SafeguardingFlag`` like the screen's (``screened_by`` "officer", level concern unless they chose urgent, their
reason kept beside it), under the same quarantine contract (``app/safeguarding/contract.py``): the answer row is moved
out of ``answers``, so it leaves analysis, coding, reports and exports at once, and only a reviewer's "clear" puts it
back. The alert is queued like the screen's: a pupil's answer alerts their session's confirmed DSL; any other (an
adult's, or a pupil's whose session has no confirmed DSL) the partnership's safeguarding lead
(``SAFEGUARDING_LEAD_EMAIL``) if one is set. Neither email carries the answer or the officer's reason.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import delete, select

from app.analysis.engine.safeguarding import LEVEL_ORDER
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.common.mail import link_to, send_email
from app.common.pupil_time import pupil_hour
from app.extensions import db
from app.models import (
    Answer,
    ClassSession,
    Consultation,
    PupilResponse,
    Response,
    ResponseStatus,
    SafeguardingFlag,
    User,
)
from app.safeguarding.dsl import alert_address
from app.safeguarding.services import flag_ref, notify_dsl, question_label

REFERRAL_LEVELS = ("concern", "urgent")
REASON_MAX = 500


class ReferralError(DomainError):
    pass


def send_to_safeguarding(
    consultation: Consultation, answer_id: int, officer: User, reason: str, level: str, now: datetime
) -> SafeguardingFlag:
    """Move a sent answer of ``consultation`` into the reviewer's queue and queue the alert. Bad input raises
    ``ReferralError`` and changes nothing; an answer not found (another consultation's, an unsent draft's, one
    already sent to safeguarding) raises ``NotFoundError``."""
    reason = reason.strip()
    if not reason:
        raise ReferralError("Say briefly why this answer worries you")
    if len(reason) > REASON_MAX:
        raise ReferralError(f"The reason must be {REASON_MAX} characters or fewer")
    if level not in REFERRAL_LEVELS:
        raise ReferralError("Choose concern or urgent")
    answer = db.session.scalar(
        select(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(
            Answer.id == answer_id,
            Response.consultation_id == consultation.id,
            Response.status == ResponseStatus.SUBMITTED,
        )
        .with_for_update()
    )
    if answer is None:
        raise NotFoundError(str(answer_id))
    session = db.session.scalar(
        select(ClassSession)
        .join(PupilResponse, PupilResponse.class_session_id == ClassSession.id)
        .where(PupilResponse.response_id == answer.response_id)
    )
    pupil = db.session.get(PupilResponse, answer.response_id) is not None
    flag = SafeguardingFlag(
        class_session_id=session.id if session else None,
        response_id=answer.response_id,
        question_id=answer.question_id,
        item=answer.item,
        text=answer.value,
        level=level,
        level_rank=LEVEL_ORDER[level],
        category=None,
        triggers=[],
        screened_by="officer",
        raised_by_id=officer.id,
        raised_reason=reason,
        created_at_utc=pupil_hour(now) if pupil else now,
    )
    db.session.add(flag)
    db.session.execute(delete(Answer).where(Answer.id == answer.id))
    db.session.flush()
    record_event(
        "safeguarding_flag_raised",
        officer,
        flag,
        level=level,
        category=None,
        screened_by="officer",
        consultation_id=consultation.id,
    )
    if session is not None and alert_address(session):
        notify_dsl(flag, session, now)
    else:
        _notify_lead(flag, consultation)
    return flag


def _notify_lead(flag: SafeguardingFlag, consultation: Consultation) -> None:
    lead = current_app.config.get("SAFEGUARDING_LEAD_EMAIL")
    if not lead:
        return
    urgent = flag.level == "urgent"
    message = send_email(
        lead,
        f"{'URGENT: ' if urgent else ''}An officer sent an answer to safeguarding",
        lead_body(flag, consultation),
        category="safeguarding",
        about=flag_ref(flag.id),
    )
    record_event("safeguarding_lead_notified", None, flag, level=flag.level, message_id=message.id)


def lead_body(flag: SafeguardingFlag, consultation: Consultation) -> str:
    """Which consultation, level and question, and a sign-in link: never the answer or the officer's reason."""
    link = link_to("safeguarding.review_flag", flag_id=flag.id)
    return (
        f'An officer sent an answer to the consultation "{consultation.title}" to safeguarding.\n\n'
        f"Level: {flag.level}\nQuestion: {question_label(flag)}\n\n"
        f"Sign in to read it and act:\n{link}\n\n"
        "This email does not contain the answer or the officer's reason. If someone is in immediate danger call 999.\n"
    )
