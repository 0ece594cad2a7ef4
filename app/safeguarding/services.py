"""Screening pupil free text when it is saved, quarantining what the screen flags, alerting the DSL, and the queue.

When: every pupil free-text answer (text questions and "Other" text) is screened each time the pupil saves a page
(``screen_saved_answers``), so words a pupil writes and never sends still reach the right adult; what is still
unscreened is screened when the response is sent and before unsent drafts are deleted at close
(``screen_response``). One flag per distinct text: re-saving or sending words already flagged for that pupil
raises no second flag and no second alert; changing them to other worrying words raises one for the new words.

Quarantine contract (what reports and exports rely on): a flagged pupil answer is *moved* out of the ``answers``
table into its ``SafeguardingFlag`` (with its analysis rows, which cascade), so no query over ``answers`` can show
it, whether or not it remembers to filter. While the pupil is still writing, their check-answers page shows their
own words from the flag (``held_draft_answers``, only for the flags their browser holds, only for their own draft),
never from ``answers``. A flag keeps ``response_id`` only while its words are the pupil's answer: words the pupil
changed, or a draft deleted unsent, leave the flag with no response, so it can never be released into one. Only a
reviewer's "clear" puts the answer row back (and re-analyses it); "close" keeps it out for good, and the retention
purge then deletes the text. ``held_answer_count`` tells a dashboard how many sent pupil answers are held back.

Levels (``app.analysis.engine.safeguarding.screen``): ``urgent`` and ``concern`` are quarantined, the session's DSL is
alerted at once (urgent marked URGENT) and the flag is queued; ``watch`` (a third-party or general worry) is also
quarantined and queued for a reviewer, at the lowest priority and without an alert; ``none`` is left alone.

Alerts carry no pupil words and no name: school, class, session day, level, area, which question and why it was
flagged, with a link to sign in and read it. They are queued in the outbox in the same transaction as the flag and
delivered by a job (``app.jobs.mail``), so a mail server that is down loses nothing and never fails the pupil's page.

Each review also stores a ``SafeguardingDecision``: the text, what the screen said and what the reviewer judged, so
a partnership can retrain the screen on its own reviewed cases (``list_reviewed_cases``). Decisions hold the pupil's
words, so the retention purge deletes them on the same period as the flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from app.analysis.coding import analyse_saved_answers
from app.analysis.engine.safeguarding import CATEGORY_LABELS, LEVEL_ORDER, LEVELS, ScreeningResult, screen
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.common.filters import LONDON
from app.common.mail import link_to, send_email
from app.common.pupil_time import pupil_hour
from app.extensions import db
from app.models import (
    AdultContactRequest,
    Answer,
    ClassSession,
    Consultation,
    FlagStatus,
    Response,
    ResponseStatus,
    SafeguardingDecision,
    SafeguardingFlag,
    SurveyQuestion,
    User,
)
from app.models.mail import MailStatus, OutboxMessage
from app.safeguarding.dsl import alert_address
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
        select(Answer, SurveyQuestion)
        .join(SurveyQuestion, Answer.question_id == SurveyQuestion.id)
        .where(Answer.response_id == response.id)
        .order_by(Answer.id)
    ).all()
    return [
        (answer, question)
        for answer, question in rows
        if (question.type in TEXT_TYPES and answer.item is None) or answer.item == OTHER_VALUE
    ]


def screen_response(response: Response, session: ClassSession, now: datetime) -> list[SafeguardingFlag]:
    """Screen every free-text answer of a pupil response still in ``answers`` (when it is sent, and before an unsent
    draft is deleted); words already flagged for this response raise no second flag. A sent response of a
    consultation whose pupil comments are reviewed (``Consultation.pupil_comment_review``) also has every answer the
    screen passed held, as a level-"none" flag, until a reviewer releases it."""
    consultation = db.session.get(Consultation, response.consultation_id)
    hold = (
        response.status == ResponseStatus.SUBMITTED and consultation is not None and consultation.pupil_comment_review
    )
    return _screen(_free_text_answers(response), session, now, _flags_of_response(response.id), hold_unflagged=hold)


def screen_saved_answers(
    response: Response, session: ClassSession, question_ids: set[int], known_flag_ids: list[int], now: datetime
) -> list[SafeguardingFlag]:
    """Screen the free-text answers a pupil has just saved for ``question_ids``; return the flags now standing in
    for their answers. ``known_flag_ids`` are the flags already raised for this pupil (their browser keeps the ids),
    so the same words saved again reuse their flag instead of raising and alerting a second time."""
    answers = [
        (answer, question) for answer, question in _free_text_answers(response) if answer.question_id in question_ids
    ]
    if not answers:
        return []
    known = list(
        db.session.scalars(
            select(SafeguardingFlag)
            .where(SafeguardingFlag.id.in_(known_flag_ids), SafeguardingFlag.class_session_id == session.id)
            .order_by(SafeguardingFlag.id)
        )
    )
    return _screen(answers, session, now, known + _flags_of_response(response.id))


def _flags_of_response(response_id: int) -> list[SafeguardingFlag]:
    return list(
        db.session.scalars(
            select(SafeguardingFlag).where(SafeguardingFlag.response_id == response_id).order_by(SafeguardingFlag.id)
        )
    )


def _screen(
    answers: list[tuple[Answer, SurveyQuestion]],
    session: ClassSession,
    now: datetime,
    known: list[SafeguardingFlag],
    hold_unflagged: bool = False,
) -> list[SafeguardingFlag]:
    held = []
    for answer, _question in answers:
        result = screen(answer.value)
        if result.level == "none":
            if hold_unflagged:
                held.append(_hold_for_reading(answer, result, session, now))
            continue
        flag = next(
            (f for f in known if (f.question_id, f.item, f.text) == (answer.question_id, answer.item, answer.value)),
            None,
        )
        if flag is None:
            held.append(_quarantine(answer, result, session, now))
        elif flag.status != FlagStatus.CLEARED:
            flag.response_id = answer.response_id
            _remove_answer(answer)
            held.append(flag)
    return held


def held_draft_answers(response: Response, flag_ids: list[int]) -> list[tuple[int, int, str | None, str]]:
    """The pupil's own flagged words for their pages, as (flag id, question id, item, text): only flags their browser
    holds, still attached to their own draft and not released back into ``answers`` by a reviewer."""
    if not flag_ids:
        return []
    rows = db.session.execute(
        select(SafeguardingFlag.id, SafeguardingFlag.question_id, SafeguardingFlag.item, SafeguardingFlag.text)
        .where(
            SafeguardingFlag.id.in_(flag_ids),
            SafeguardingFlag.response_id == response.id,
            SafeguardingFlag.status != FlagStatus.CLEARED,
            SafeguardingFlag.question_id.is_not(None),
        )
        .order_by(SafeguardingFlag.id)
    ).all()
    return [(flag_id, question_id, item, text) for flag_id, question_id, item, text in rows]


def detach_flags(response: Response, flag_ids: list[int]) -> None:
    """The pupil changed these words: the flags stay for the reviewer but are no longer their answer."""
    if flag_ids:
        db.session.execute(
            update(SafeguardingFlag)
            .where(SafeguardingFlag.id.in_(flag_ids), SafeguardingFlag.response_id == response.id)
            .values(response_id=None)
            .execution_options(synchronize_session="fetch")
        )


def detach_response_flags(response_ids: list[int]) -> None:
    """Before unsent drafts are deleted: their flags stay, with no response to be released into."""
    if response_ids:
        db.session.execute(
            update(SafeguardingFlag)
            .where(SafeguardingFlag.response_id.in_(response_ids))
            .values(response_id=None)
            .execution_options(synchronize_session="fetch")
        )


def _quarantine(answer: Answer, result: ScreeningResult, session: ClassSession, now: datetime) -> SafeguardingFlag:
    flag = SafeguardingFlag(
        class_session_id=session.id,
        response_id=answer.response_id,
        question_id=answer.question_id,
        item=answer.item,
        text=answer.value,
        level=result.level,
        level_rank=LEVEL_ORDER[result.level],
        category=result.category,
        triggers=list(result.triggers),
        screened_by=result.source,
        screen_score=result.score,
        created_at_utc=pupil_hour(now),
    )
    db.session.add(flag)
    _remove_answer(answer)
    db.session.flush()
    record_event(
        "safeguarding_flag_raised", None, flag, level=flag.level, category=flag.category, screened_by=flag.screened_by
    )
    if result.level in NOTIFIED_LEVELS and alert_address(session):
        notify_dsl(flag, session, now)
    return flag


def _hold_for_reading(
    answer: Answer, result: ScreeningResult, session: ClassSession, now: datetime
) -> SafeguardingFlag:
    """A sent pupil comment the screen passed: held like a flag (out of ``answers``) until a reviewer has read and
    released it; no alert and no audit event of its own (nothing was found)."""
    flag = SafeguardingFlag(
        class_session_id=session.id,
        response_id=answer.response_id,
        question_id=answer.question_id,
        item=answer.item,
        text=answer.value,
        level="none",
        level_rank=LEVEL_ORDER["none"],
        category=None,
        triggers=[],
        screened_by=result.source,
        screen_score=result.score,
        created_at_utc=pupil_hour(now),
    )
    db.session.add(flag)
    _remove_answer(answer)
    return flag


def _remove_answer(answer: Answer) -> None:
    db.session.execute(delete(Answer).where(Answer.id == answer.id))


def notify_dsl(flag: SafeguardingFlag, session: ClassSession, now: datetime) -> None:
    """Queue the alert (delivered by the mail job after the flag is committed); it carries no pupil words."""
    urgent = flag.level == "urgent"
    subject = f"{'URGENT: ' if urgent else ''}A pupil may need help – {session.school.name}"
    message = send_email(
        alert_address(session) or "", subject, dsl_body(flag, session), category="safeguarding", about=flag_ref(flag.id)
    )
    flag.dsl_notified_at_utc = pupil_hour(now)
    record_event("safeguarding_dsl_notified", None, flag, level=flag.level, message_id=message.id)


def flag_ref(flag_id: int) -> str:
    return f"SafeguardingFlag:{flag_id}"


def session_day(session: ClassSession) -> str:
    day = session.opened_at_utc.astimezone(LONDON).date() if session.opened_at_utc else session.planned_date
    return day.strftime("%A %-d %B %Y")


def dsl_body(flag: SafeguardingFlag, session: ClassSession) -> str:
    """The DSL alert: where, what kind and why, never the pupil's words; the DSL signs in to read them."""
    action = (
        "Please act today: the screen found signs of current risk. If a child is in immediate danger call 999."
        if flag.level == "urgent"
        else "Please follow it up within one working day."
    )
    return (
        f"A pupil in {session.school.name}, {session.year_group}, {session_day(session)} may need help.\n\n"
        f"Level: {flag.level}\nArea: {category_label(flag.category)}\nQuestion: {question_label(flag)}\n"
        f"Why it was flagged: {flag_reason_without_words(flag)}\n\n"
        f"Sign in to read what the pupil wrote and to acknowledge this alert:\n{_sign_in_link(flag)}\n\n"
        f"{action}\n\nThis email does not contain the pupil's words. SaferVoice does not know the pupil's name: no "
        "names are asked for or stored. A safeguarding reviewer at the partnership will also review this answer. "
        "For advice, contact the Milton Keynes MASH, or the Emergency Social Work team on 01908 265545 out of hours.\n"
    )


def question_label(flag: SafeguardingFlag) -> str:
    question = db.session.get(SurveyQuestion, flag.question_id) if flag.question_id else None
    if question is None:
        return "not known"
    return f"{question.label} (the 'Other' box)" if flag.item == OTHER_VALUE else question.label


def _sign_in_link(flag: SafeguardingFlag) -> str:
    return link_to("dsl.show_school_flag", flag_id=flag.id)


def flag_reason(flag: SafeguardingFlag) -> str:
    """Why the screen flagged an answer, for the reviewer and the DSL once signed in. A learned-screen flag may have no
    listed words to show, so it says what the answer reads like; when the rules matched at a lower level and the
    learned screen raised it, both are said."""
    if flag.screened_by == "officer":
        return f"An officer who read this answer sent it to safeguarding. Their reason: {flag.raised_reason or '–'}"
    if flag.level == "none":
        return "The screen found nothing of concern. It is held until a reviewer has read it and released it."
    words = ", ".join(flag.triggers)
    if flag.screened_by == "model" and not words:
        return _learned_only(flag)
    matched = f"Words that triggered the flag: {words or 'none recorded'}."
    if flag.screened_by == "model":
        return f"{matched} The learned screen raised the level to {flag.level}."
    return f"{matched} The learned screen agreed." if flag.screened_by == "both" else matched


def flag_reason_without_words(flag: SafeguardingFlag) -> str:
    """``flag_reason`` for an email: which screen and why, without the matched words (they are the pupil's) and
    without an officer's reason (it may quote the answer)."""
    if flag.screened_by == "officer":
        return "An officer who read this answer sent it to safeguarding."
    if flag.screened_by == "model" and not flag.triggers:
        return _learned_only(flag)
    matched = "It matched words on the safeguarding list."
    if flag.screened_by == "model":
        return f"{matched} The learned screen raised the level to {flag.level}."
    return f"{matched} The learned screen agreed." if flag.screened_by == "both" else matched


def _learned_only(flag: SafeguardingFlag) -> str:
    area = f" about {category_label(flag.category).lower()}" if flag.category else ""
    return (
        f"The learned screen flagged this answer: it reads like other disclosures{area}, "
        "though no listed words matched."
    )


def alert_states(flags: list[SafeguardingFlag]) -> dict[int, MailStatus]:
    """The delivery state of each flag's DSL alert (flags without an alert are absent)."""
    refs = {flag_ref(flag.id): flag.id for flag in flags}
    rows = db.session.execute(
        select(OutboxMessage.about, OutboxMessage.status)
        .where(OutboxMessage.about.in_(refs))
        .order_by(OutboxMessage.id)
    ).all()
    return {refs[about]: status for about, status in rows}


def list_open_flags() -> list[SafeguardingFlag]:
    """The queue of what the screen (or an officer) flagged: most urgent first, then oldest first. Pupil comments the
    screen passed, waiting to be read, are in ``list_unreleased_comments``."""
    return list(
        db.session.scalars(
            select(SafeguardingFlag)
            .where(SafeguardingFlag.status == FlagStatus.OPEN, SafeguardingFlag.level != "none")
            .order_by(SafeguardingFlag.level_rank.desc(), SafeguardingFlag.created_at_utc, SafeguardingFlag.id)
        )
    )


def list_unreleased_comments() -> list[SafeguardingFlag]:
    """Everything held for a reviewer, ordered by the screen: urgent, concern, watch, then nothing found; within a
    level the learned screen's score, highest first (flags without a score after), then oldest first."""
    return list(
        db.session.scalars(
            select(SafeguardingFlag)
            .where(SafeguardingFlag.status == FlagStatus.OPEN)
            .options(selectinload(SafeguardingFlag.class_session))
            .order_by(
                SafeguardingFlag.level_rank.desc(),
                SafeguardingFlag.screen_score.desc().nulls_last(),
                SafeguardingFlag.created_at_utc,
                SafeguardingFlag.id,
            )
        )
    )


def read_unreleased_comments(reviewer: User) -> list[SafeguardingFlag]:
    """``list_unreleased_comments`` for a reviewer's page, which shows the words: the read is audited (ids only)."""
    comments = list_unreleased_comments()
    record_event("pupil_comments_viewed", reviewer, None, flag_ids=[flag.id for flag in comments])
    return comments


def list_adult_contact_requests(limit: int = 100) -> list[tuple[AdultContactRequest, ClassSession | None]]:
    """Pupils' requests for an adult to talk to them, newest first, shown beside the comments."""
    rows = db.session.execute(
        select(AdultContactRequest, ClassSession)
        .outerjoin(ClassSession, ClassSession.id == AdultContactRequest.class_session_id)
        .order_by(AdultContactRequest.requested_on.desc(), AdultContactRequest.id.desc())
        .limit(limit)
    ).all()
    return [(request, session) for request, session in rows]


RELEASED_ACTION = "Read: nothing of concern, released"


def release_comments(flag_ids: list[int], reviewer: User, now: datetime) -> int:
    """A reviewer's bulk "Nothing of concern": release the ticked comments the screen passed (level "none", still
    open) back into ``answers``; any other id is left alone. Returns how many were released."""
    flags = list(
        db.session.scalars(
            select(SafeguardingFlag)
            .where(
                SafeguardingFlag.id.in_(flag_ids),
                SafeguardingFlag.level == "none",
                SafeguardingFlag.status == FlagStatus.OPEN,
            )
            .order_by(SafeguardingFlag.id)
            .with_for_update()
        )
    )
    for flag in flags:
        db.session.add(
            SafeguardingDecision(
                flag_id=flag.id,
                text=flag.text,
                screened_level="none",
                screened_category=None,
                reviewed_level="none",
                reviewed_category=None,
                decided_at_utc=now,
            )
        )
        flag.status, flag.action_taken = FlagStatus.CLEARED, RELEASED_ACTION
        flag.reviewed_by_id, flag.reviewed_at_utc = reviewer.id, now
        _release(flag)
    if flags:
        db.session.flush()
        record_event("pupil_comments_released", reviewer, None, flag_ids=[flag.id for flag in flags])
    return len(flags)


def list_reviewed_flags(limit: int = 50) -> list[SafeguardingFlag]:
    return list(
        db.session.scalars(
            select(SafeguardingFlag)
            .where(SafeguardingFlag.status != FlagStatus.OPEN)
            .order_by(SafeguardingFlag.reviewed_at_utc.desc(), SafeguardingFlag.id.desc())
            .limit(limit)
        )
    )


def get_flag(flag_id: int, reviewer: User) -> SafeguardingFlag:
    flag = db.session.get(SafeguardingFlag, flag_id)
    if flag is None:
        raise NotFoundError(str(flag_id))
    record_event("safeguarding_flag_viewed", reviewer, flag)
    return flag


def review_flag(
    flag: SafeguardingFlag,
    reviewer: User,
    decision: str,
    action_taken: str,
    now: datetime,
    judgement: Judgement | None = None,
    escalated_to: str = "",
) -> SafeguardingFlag:
    """Record the action taken and the reviewer's judgement, and close the flag; "clear" also releases the answer
    back into reports. No ``judgement`` means the reviewer left the screen's level and area as they were."""
    if flag.status != FlagStatus.OPEN:
        raise ReviewError("This flag has already been reviewed")
    if decision not in ("close", "clear"):
        raise ReviewError("Choose what to do with this answer")
    reviewed = _reviewed(flag, decision, judgement or Judgement(flag.level, flag.category))
    db.session.add(
        SafeguardingDecision(
            flag_id=flag.id,
            text=flag.text,
            screened_level=flag.level,
            screened_category=flag.category,
            reviewed_level=reviewed.level,
            reviewed_category=reviewed.category,
            decided_at_utc=now,
        )
    )
    flag.action_taken = action_taken.strip()
    flag.escalated_to = escalated_to.strip() or None
    flag.reviewed_by_id, flag.reviewed_at_utc = reviewer.id, now
    flag.status = FlagStatus.CLEARED if decision == "clear" else FlagStatus.CLOSED
    if decision == "clear":
        _release(flag)
    db.session.flush()
    record_event(
        f"safeguarding_flag_{flag.status.value}",
        reviewer,
        flag,
        level=flag.level,
        category=flag.category,
        reviewed_level=reviewed.level,
        reviewed_category=reviewed.category,
    )
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
    """Put the words back as the answer, unless the pupil has since given another answer to that question."""
    if flag.response_id is None or flag.question_id is None:
        return
    replaced = db.session.scalar(
        select(Answer.id)
        .where(
            Answer.response_id == flag.response_id,
            Answer.question_id == flag.question_id,
            Answer.item == flag.item if flag.item is not None else Answer.item.is_(None),
        )
        .limit(1)
    )
    if replaced is not None:
        return
    answer = Answer(response_id=flag.response_id, question_id=flag.question_id, item=flag.item, value=flag.text)
    db.session.add(answer)
    db.session.flush()
    response = db.session.get(Response, flag.response_id)
    consultation = db.session.get(Consultation, response.consultation_id) if response else None
    if consultation is not None:
        analyse_saved_answers(consultation, [answer])


def held_answer_count(consultation_id: int) -> int:
    """Sent pupil answers held back from reports (open or closed flags whose text was never cleared)."""
    return (
        db.session.scalar(
            select(func.count(SafeguardingFlag.id))
            .join(Response, Response.id == SafeguardingFlag.response_id)
            .where(
                Response.consultation_id == consultation_id,
                Response.status == ResponseStatus.SUBMITTED,
                SafeguardingFlag.status != FlagStatus.CLEARED,
            )
        )
        or 0
    )


def list_reviewed_cases() -> list[ReviewedCase]:
    """Every stored reviewer decision still within retention, oldest first: what a retraining command reads."""
    decisions = db.session.scalars(
        select(SafeguardingDecision).order_by(SafeguardingDecision.decided_at_utc, SafeguardingDecision.id)
    )
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
        delete(SafeguardingFlag)
        .where(old, SafeguardingFlag.status != FlagStatus.OPEN)
        .execution_options(synchronize_session=False)
    ).rowcount
    decisions = db.session.execute(
        delete(SafeguardingDecision)
        .where(SafeguardingDecision.decided_at_utc < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(
        delete(AdultContactRequest)
        .where(AdultContactRequest.requested_on < cutoff.date())
        .execution_options(synchronize_session=False)
    )
    overdue = (
        db.session.scalar(
            select(func.count(SafeguardingFlag.id)).where(old, SafeguardingFlag.status == FlagStatus.OPEN)
        )
        or 0
    )
    record_event(
        "safeguarding_purged",
        None,
        None,
        deleted=deleted,
        decisions_deleted=decisions,
        open_past_retention=overdue,
        retention_days=retention_days,
    )
    return PurgeResult(deleted, decisions, overdue)
