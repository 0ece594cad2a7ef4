"""Screening pupil free text at submit, quarantining what the screen flags, telling the DSL, and the reviewer queue.

Quarantine contract (what reports and exports rely on): a flagged pupil answer is *moved* out of the ``answers``
table into its ``SafeguardingFlag`` (with its analysis rows, which cascade), so no query over ``answers`` can show
it, whether or not it remembers to filter. Only a reviewer's "clear" puts the answer row back (and re-analyses it);
"close" keeps it out for good, and the retention purge then deletes the text. ``held_answer_count`` tells a
dashboard how many pupil answers are held back, so it can say so.

Levels (``app.analysis.engine.safeguarding.screen``): ``urgent`` and ``concern`` are quarantined, emailed to the
session's DSL at once (urgent marked URGENT) and queued; ``watch`` (a third-party or general worry) is also
quarantined and queued for a reviewer, at the lowest priority and without a DSL email; ``none`` is left alone.

Each review also stores a ``SafeguardingDecision``: the text, what the screen said and what the reviewer judged, so
a partnership can retrain the screen on its own reviewed cases (``list_reviewed_cases``). Decisions hold the pupil's
words, so the retention purge deletes them on the same period as the flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from app.analysis.coding import analyse_saved_answers
from app.analysis.engine.safeguarding import CATEGORY_LABELS, LEVEL_ORDER, LEVELS, ScreeningResult, screen
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.common.filters import LONDON
from app.common.mail import send_email
from app.common.pupil_time import pupil_hour
from app.extensions import db
from app.models import (
    AdultContactRequest,
    Answer,
    ClassSession,
    Consultation,
    FlagStatus,
    Response,
    SafeguardingDecision,
    SafeguardingFlag,
    SurveyQuestion,
    User,
)
from app.surveys.engine import OTHER_VALUE

TEXT_TYPES = ("short_text", "long_text")
NOTIFIED_LEVELS = frozenset({"concern", "urgent"})


class ReviewError(DomainError):
    pass


@dataclass(frozen=True)
class Judgement:
    """The level and area (a ``CATEGORY_LABELS`` key, or None) a reviewer judges a flagged text to be."""

    level: str
    category: str | None


@dataclass(frozen=True)
class ReviewedCase:
    """One reviewed text as a retraining command reads it; ``category`` is "none" when there is no area."""

    text: str
    level: str
    category: str


@dataclass(frozen=True)
class PurgeResult:
    flags: int
    decisions: int
    open_past_retention: int


def category_label(category: str | None) -> str:
    return CATEGORY_LABELS.get(category or "", "None")


def _free_text_answers(response: Response) -> list[tuple[Answer, SurveyQuestion]]:
    rows = db.session.execute(
        select(Answer, SurveyQuestion).join(SurveyQuestion, Answer.question_id == SurveyQuestion.id)
        .where(Answer.response_id == response.id).order_by(Answer.id)
    ).all()
    return [(answer, question) for answer, question in rows
            if (question.type in TEXT_TYPES and answer.item is None) or answer.item == OTHER_VALUE]


def screen_response(response: Response, session: ClassSession, now: datetime) -> list[SafeguardingFlag]:
    """Screen every free-text answer of a just-submitted pupil response; quarantine and notify what is flagged."""
    flags = []
    for answer, _question in _free_text_answers(response):
        result = screen(answer.value)
        if result.level != "none":
            flags.append(_quarantine(answer, result, session, now))
    return flags


def _quarantine(answer: Answer, result: ScreeningResult, session: ClassSession, now: datetime) -> SafeguardingFlag:
    flag = SafeguardingFlag(
        class_session_id=session.id, response_id=answer.response_id, question_id=answer.question_id,
        item=answer.item, text=answer.value, level=result.level, level_rank=LEVEL_ORDER[result.level],
        category=result.category, triggers=list(result.triggers), screened_by=result.source,
        created_at_utc=pupil_hour(now),
    )
    db.session.add(flag)
    db.session.execute(delete(Answer).where(Answer.id == answer.id))
    db.session.flush()
    record_event("safeguarding_flag_raised", None, flag, level=flag.level, category=flag.category,
                 screened_by=flag.screened_by)
    if result.level in NOTIFIED_LEVELS and session.dsl_email:
        notify_dsl(flag, session, now)
    return flag


def notify_dsl(flag: SafeguardingFlag, session: ClassSession, now: datetime) -> None:
    urgent = flag.level == "urgent"
    subject = f"{'URGENT: ' if urgent else ''}Safeguarding concern from a class survey – {session.school.name}"
    message = send_email(session.dsl_email or "", subject, dsl_body(flag, session), category="safeguarding")
    flag.dsl_notified_at_utc = pupil_hour(now)
    record_event("safeguarding_dsl_notified", None, flag, level=flag.level, message_id=message.id)


def dsl_body(flag: SafeguardingFlag, session: ClassSession) -> str:
    opened = session.opened_at_utc
    when = opened.astimezone(LONDON).strftime("%-d %B %Y, session opened at %H:%M") if opened else ""
    action = ("Please act today: the screen found signs of current risk. If a child is in immediate danger "
              "call 999." if flag.level == "urgent" else "Please follow it up within one working day.")
    return (
        f"A pupil's answer in a SaferVoice class survey was flagged by the safeguarding screen.\n\n"
        f"School: {session.school.name}\nClass: {session.year_group}\nSession: {when}\n"
        f"Level: {flag.level}\nArea: {category_label(flag.category)}\nWhy it was flagged: {flag_reason(flag)}\n\n"
        f"What the pupil wrote:\n{flag.text}\n\n"
        f"{action}\n\nSaferVoice does not know the pupil's name: no names are asked for or stored. "
        "A safeguarding reviewer at the partnership will also review this answer. For advice, contact the "
        "Milton Keynes MASH, or the Emergency Social Work team on 01908 265545 out of hours.\n"
    )


def flag_reason(flag: SafeguardingFlag) -> str:
    """Why the screen flagged an answer, for the reviewer and the DSL. A learned-screen flag may have no listed words
    to show, so it says what the answer reads like; when the rules matched at a lower level and the learned screen
    raised it, both are said."""
    words = ", ".join(flag.triggers)
    if flag.screened_by == "model" and not words:
        area = f" about {category_label(flag.category).lower()}" if flag.category else ""
        return (f"The learned screen flagged this answer: it reads like other disclosures{area}, "
                "though no listed words matched.")
    matched = f"Words that triggered the flag: {words or 'none recorded'}."
    if flag.screened_by == "model":
        return f"{matched} The learned screen raised the level to {flag.level}."
    return f"{matched} The learned screen agreed." if flag.screened_by == "both" else matched


def list_open_flags() -> list[SafeguardingFlag]:
    """The queue: most urgent first, then oldest first."""
    return list(db.session.scalars(
        select(SafeguardingFlag).where(SafeguardingFlag.status == FlagStatus.OPEN)
        .order_by(SafeguardingFlag.level_rank.desc(), SafeguardingFlag.created_at_utc, SafeguardingFlag.id)
    ))


def list_reviewed_flags(limit: int = 50) -> list[SafeguardingFlag]:
    return list(db.session.scalars(
        select(SafeguardingFlag).where(SafeguardingFlag.status != FlagStatus.OPEN)
        .order_by(SafeguardingFlag.reviewed_at_utc.desc(), SafeguardingFlag.id.desc()).limit(limit)
    ))


def get_flag(flag_id: int, reviewer: User) -> SafeguardingFlag:
    flag = db.session.get(SafeguardingFlag, flag_id)
    if flag is None:
        raise NotFoundError(str(flag_id))
    record_event("safeguarding_flag_viewed", reviewer, flag)
    return flag


def review_flag(flag: SafeguardingFlag, reviewer: User, decision: str, action_taken: str, now: datetime,
                judgement: Judgement | None = None) -> SafeguardingFlag:
    """Record the action taken and the reviewer's judgement, and close the flag; "clear" also releases the answer
    back into reports. No ``judgement`` means the reviewer left the screen's level and area as they were."""
    if flag.status != FlagStatus.OPEN:
        raise ReviewError("This flag has already been reviewed")
    if decision not in ("close", "clear"):
        raise ReviewError("Choose what to do with this answer")
    reviewed = _reviewed(flag, decision, judgement or Judgement(flag.level, flag.category))
    db.session.add(SafeguardingDecision(
        flag_id=flag.id, text=flag.text, screened_level=flag.level, screened_category=flag.category,
        reviewed_level=reviewed.level, reviewed_category=reviewed.category, decided_at_utc=now))
    flag.action_taken = action_taken.strip()
    flag.reviewed_by_id, flag.reviewed_at_utc = reviewer.id, now
    flag.status = FlagStatus.CLEARED if decision == "clear" else FlagStatus.CLOSED
    if decision == "clear":
        _release(flag)
    db.session.flush()
    record_event(f"safeguarding_flag_{flag.status.value}", reviewer, flag, level=flag.level, category=flag.category,
                 reviewed_level=reviewed.level, reviewed_category=reviewed.category)
    return flag


def _reviewed(flag: SafeguardingFlag, decision: str, judgement: Judgement) -> Judgement:
    """Clearing a flag says it is not a concern, unless the reviewer chose a level other than the screen's."""
    if judgement.level not in LEVELS:
        raise ReviewError("Choose the level you judge this answer to be")
    if judgement.category is not None and judgement.category not in CATEGORY_LABELS:
        raise ReviewError("Choose the area this answer is about, or None")
    level = "none" if decision == "clear" and judgement.level == flag.level else judgement.level
    return Judgement(level, None if level == "none" else judgement.category)


def _release(flag: SafeguardingFlag) -> None:
    if flag.response_id is None or flag.question_id is None:
        return
    answer = Answer(response_id=flag.response_id, question_id=flag.question_id, item=flag.item, value=flag.text)
    db.session.add(answer)
    db.session.flush()
    response = db.session.get(Response, flag.response_id)
    consultation = db.session.get(Consultation, response.consultation_id) if response else None
    if consultation is not None:
        analyse_saved_answers(consultation, [answer])


def held_answer_count(consultation_id: int) -> int:
    """Pupil answers held back from reports (open or closed flags whose text was never cleared)."""
    return db.session.scalar(
        select(func.count(SafeguardingFlag.id)).join(Response, Response.id == SafeguardingFlag.response_id)
        .where(Response.consultation_id == consultation_id, SafeguardingFlag.status != FlagStatus.CLEARED)
    ) or 0


def list_reviewed_cases() -> list[ReviewedCase]:
    """Every stored reviewer decision still within retention, oldest first: what a retraining command reads."""
    decisions = db.session.scalars(
        select(SafeguardingDecision).order_by(SafeguardingDecision.decided_at_utc, SafeguardingDecision.id))
    return [_case(decision) for decision in decisions]


def _case(decision: SafeguardingDecision) -> ReviewedCase:
    category = decision.reviewed_category if decision.reviewed_level != "none" else None
    return ReviewedCase(decision.text, decision.reviewed_level, category or "none")


def purge_expired(now: datetime, retention_days: int) -> PurgeResult:
    """Delete reviewed flags, reviewers' decisions and adult-contact requests older than the retention period.

    Open flags are never deleted unseen: they stay in the queue (and are counted in the result) until a reviewer
    acts. A decision goes by when it was made, so it may outlive its flag by the time the flag waited for review."""
    cutoff = now - timedelta(days=retention_days)
    old = SafeguardingFlag.created_at_utc < cutoff
    deleted = db.session.execute(
        delete(SafeguardingFlag).where(old, SafeguardingFlag.status != FlagStatus.OPEN)
        .execution_options(synchronize_session=False)
    ).rowcount
    decisions = db.session.execute(
        delete(SafeguardingDecision).where(SafeguardingDecision.decided_at_utc < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(delete(AdultContactRequest).where(AdultContactRequest.requested_on < cutoff.date())
                       .execution_options(synchronize_session=False))
    overdue = db.session.scalar(select(func.count(SafeguardingFlag.id)).where(old, SafeguardingFlag.status
                                                                              == FlagStatus.OPEN)) or 0
    record_event("safeguarding_purged", None, None, deleted=deleted, decisions_deleted=decisions,
                 open_past_retention=overdue, retention_days=retention_days)
    return PurgeResult(deleted, decisions, overdue)
