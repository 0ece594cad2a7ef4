"""Escalating urgent safeguarding alerts that nobody has acknowledged.

An urgent flag still open, unacknowledged by the school's DSL or a reviewer, ``URGENT_ACK_HOURS`` school hours (Monday
to Friday, 08:00 to 17:00 Europe/London, except England and Wales bank holidays and the partnership's own
``NON_SCHOOL_DAYS``) after it was raised, is emailed to the partnership's safeguarding lead
(``SAFEGUARDING_LEAD_EMAIL``) by ``flask escalate-unacknowledged``, run every few minutes from cron. The email has no
pupil words: school, class, session day, level, area and a link to sign in. Each flag is claimed with a conditional
update before the email is sent, so overlapping runs and later runs never escalate it twice; a mail failure rolls the
claim back and the next run tries again.

Why bank holidays: nobody is in school to read an alert raised on the Thursday afternoon before Easter, so counting
Good Friday and Easter Monday as school hours would pass every such alert to the partnership's lead over the long
weekend, and a lead flooded with alerts that were never overdue learns to ignore them. The bank holidays come from
the ``holidays`` package (its tables ship with it, nothing is fetched); ``NON_SCHOOL_DAYS`` adds days it cannot
know, such as INSET days or half terms common to the partnership's schools.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import click
import holidays
from flask import current_app
from sqlalchemy import ColumnElement, select, update

from app.common.audit import record_event
from app.common.filters import LONDON
from app.common.mail import MailError, link_to, send_email
from app.extensions import db
from app.models import ClassSession, FlagStatus, SafeguardingFlag
from app.models.types import utcnow
from app.safeguarding.services import category_label

SCHOOL_DAY = (time(8), time(17))
SCHOOL_DAYS = range(0, 5)
_DAY_OR_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$")


class NonSchoolDaysError(ValueError):
    pass


def parse_non_school_days(text: str | None) -> frozenset[date]:
    """``NON_SCHOOL_DAYS``: dates (``2026-10-26``) or inclusive ranges (``2026-10-26..2026-10-30``), separated by
    commas or spaces. Anything else is refused with a message naming the entry."""
    days: set[date] = set()
    for entry in (text or "").replace(",", " ").split():
        match = _DAY_OR_RANGE.match(entry)
        try:
            first = date.fromisoformat(match.group(1)) if match else None
            last = date.fromisoformat(match.group(2) or match.group(1)) if match else None
        except ValueError:
            first = last = None
        if first is None or last is None or last < first or (last - first).days > 366:
            raise NonSchoolDaysError(
                f"NON_SCHOOL_DAYS has '{entry}', which is not a date like 2026-10-26 or a range like "
                "2026-10-26..2026-10-30 (first day before last, at most a year)"
            )
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return frozenset(days)


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of ``year``, with the substitute ("observed") days that are the days off."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def closed_days(first: date, last: date, extra: Collection[date] = ()) -> frozenset[date]:
    """Bank holidays between ``first`` and ``last``, and ``extra``."""
    bank = (day for year in range(first.year, last.year + 1) for day in _bank_holidays(year))
    return frozenset(day for day in bank if first <= day <= last) | frozenset(extra)


def school_time_between(start: datetime, end: datetime, extra_closed: Collection[date] = ()) -> timedelta:
    """How much of the interval falls within school hours (weekdays that are not bank holidays or ``extra_closed``)."""
    total = timedelta(0)
    day, last = start.astimezone(LONDON).date(), end.astimezone(LONDON).date()
    closed = closed_days(day, last, extra_closed)
    while day <= last:
        if day.weekday() in SCHOOL_DAYS and day not in closed:
            opens, closes = (datetime.combine(day, moment, tzinfo=LONDON).astimezone(UTC) for moment in SCHOOL_DAY)
            overlap = min(closes, end.astimezone(UTC)) - max(opens, start.astimezone(UTC))
            total += max(overlap, timedelta(0))
        day += timedelta(days=1)
    return total


def _unanswered() -> tuple[ColumnElement[bool], ...]:
    return (
        SafeguardingFlag.level == "urgent",
        SafeguardingFlag.status == FlagStatus.OPEN,
        SafeguardingFlag.acknowledged_at_utc.is_(None),
        SafeguardingFlag.escalated_at_utc.is_(None),
    )


def list_due(now: datetime, hours: float, extra_closed: Collection[date] = ()) -> list[SafeguardingFlag]:
    """Urgent flags nobody has acknowledged or reviewed whose school-hours allowance has run out, oldest first;
    ``extra_closed`` are non-school days besides weekends and bank holidays."""
    allowance = timedelta(hours=hours)
    candidates = db.session.scalars(
        select(SafeguardingFlag)
        .where(*_unanswered(), SafeguardingFlag.created_at_utc <= now - allowance)
        .order_by(SafeguardingFlag.created_at_utc, SafeguardingFlag.id)
    )
    return [flag for flag in candidates if school_time_between(flag.created_at_utc, now, extra_closed) >= allowance]


def escalate(flag: SafeguardingFlag, lead_email: str, now: datetime, hours: float) -> bool:
    """Claim the flag and email the lead; False if another run (or an acknowledgement) got there first."""
    claimed = db.session.execute(
        update(SafeguardingFlag)
        .where(SafeguardingFlag.id == flag.id, *_unanswered())
        .values(escalated_at_utc=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        return False
    message = send_email(
        lead_email,
        f"URGENT safeguarding alert not acknowledged – {_school_name(flag)}",
        escalation_body(flag, hours),
        category="safeguarding_escalation",
    )
    record_event(
        "safeguarding_flag_escalated",
        None,
        flag,
        level=flag.level,
        category=flag.category,
        message_id=message.id,
        after_school_hours=hours,
    )
    return True


def _school_name(flag: SafeguardingFlag) -> str:
    if flag.class_session:
        return flag.class_session.school.name
    if flag.screened_by == "officer":
        return "no school (an officer sent this answer)"
    return "a school (session deleted)"


def _session_day(session: ClassSession) -> date:
    return session.opened_at_utc.astimezone(LONDON).date() if session.opened_at_utc else session.planned_date


def escalation_body(flag: SafeguardingFlag, hours: float) -> str:
    session = flag.class_session
    link = link_to("safeguarding.review_flag", flag_id=flag.id)
    return (
        f"An urgent safeguarding alert from a SaferVoice class survey has not been acknowledged by the school's "
        f"safeguarding lead or a reviewer within {hours:g} school hours.\n\n"
        f"School: {_school_name(flag)}\nClass: {session.year_group if session else '–'}\n"
        f"Session day: {_session_day(session).strftime('%-d %B %Y') if session else '–'}\n"
        f"Level: {flag.level}\nArea: {category_label(flag.category)}\n\n"
        f"Sign in to read it and act:\n{link}\n\n"
        "This email does not contain the pupil's words. SaferVoice does not know the pupil's name. If a child is in "
        "immediate danger call 999.\n"
    )


@click.command("escalate-unacknowledged")
def escalate_unacknowledged_command() -> None:
    """Email the partnership's safeguarding lead about urgent alerts nobody acknowledged in time (run from cron).
    Silent when there is nothing to do, so cron mails its output only when it escalated or failed."""
    config = current_app.config
    lead = config.get("SAFEGUARDING_LEAD_EMAIL")
    if not lead:
        raise click.ClickException(
            "Set SAFEGUARDING_LEAD_EMAIL to the partnership's safeguarding lead's address: "
            "unacknowledged urgent alerts cannot be escalated without it."
        )
    try:
        extra_closed = parse_non_school_days(config.get("NON_SCHOOL_DAYS"))
    except NonSchoolDaysError as error:
        raise click.ClickException(f"{error}. Nothing was escalated.") from error
    hours, now = float(config["URGENT_ACK_HOURS"]), utcnow()
    escalated, failed = 0, []
    for flag_id in [flag.id for flag in list_due(now, hours, extra_closed)]:
        try:
            escalated += escalate(db.session.get_one(SafeguardingFlag, flag_id), lead, now, hours)
            db.session.commit()
        except MailError as error:
            db.session.rollback()
            failed.append(flag_id)
            click.echo(f"Flag {flag_id}: {error}", err=True)
    if escalated:
        click.echo(f"Escalated {escalated} unacknowledged urgent alert(s) to the safeguarding lead")
    if failed:
        raise click.ClickException(f"{len(failed)} alert(s) could not be emailed; the next run tries again")
