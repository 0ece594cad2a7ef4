"""Escalation counts school hours only: England and Wales bank holidays (and the partnership's own
``NON_SCHOOL_DAYS``) are not school hours, so an urgent alert raised the afternoon before a bank holiday weekend is
not passed to the partnership's lead until its allowance has run out on the next school day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage, SafeguardingFlag
from app.safeguarding import escalation
from tests.integration.safeguarding.helpers import make_flag
from tests.integration.schools.helpers import class_session, pupil_survey, teacher_of

LONDON = ZoneInfo("Europe/London")
MAUNDY_THURSDAY_4PM = datetime(2026, 4, 2, 16, 0, tzinfo=LONDON)
"""One school hour is left that day; Good Friday (3 April) and Easter Monday (6 April 2026) are bank holidays."""


def _urgent_flag(created: datetime) -> SafeguardingFlag:
    session = class_session(teacher_of("Oakgrove School"), pupil_survey(), opened=False, year_group="Year 9")
    flag = make_flag("I want to hurt myself tonight", "urgent", "self_harm", created_at_utc=created)
    flag.class_session_id = session.id
    db.session.commit()
    return flag


def test_an_alert_raised_the_afternoon_before_a_bank_holiday_waits_for_the_next_school_day(clean_db: None) -> None:
    flag = _urgent_flag(MAUNDY_THURSDAY_4PM)
    for moment in (datetime(2026, 4, 3, 11, 0), datetime(2026, 4, 6, 16, 0), datetime(2026, 4, 7, 8, 59)):
        assert escalation.list_due(moment.replace(tzinfo=LONDON), 2) == [], moment
    assert escalation.list_due(datetime(2026, 4, 7, 9, 1, tzinfo=LONDON), 2) == [flag]


def test_the_partnerships_own_non_school_days_are_skipped_too(clean_db: None) -> None:
    flag = _urgent_flag(MAUNDY_THURSDAY_4PM)
    easter_break = escalation.parse_non_school_days("2026-04-07..2026-04-10, 2026-04-13")
    assert len(easter_break) == 5
    assert escalation.list_due(datetime(2026, 4, 13, 16, 0, tzinfo=LONDON), 2, easter_break) == []
    assert escalation.list_due(datetime(2026, 4, 14, 9, 1, tzinfo=LONDON), 2, easter_break) == [flag]


def test_school_time_skips_substitute_bank_holidays() -> None:
    christmas_eve_4pm = datetime(2027, 12, 24, 16, 0, tzinfo=LONDON)
    hours = escalation.school_time_between(christmas_eve_4pm, datetime(2027, 12, 29, 9, 0, tzinfo=LONDON))
    assert hours.total_seconds() == 2 * 3600
    assert date(2027, 12, 28) in escalation.closed_days(date(2027, 12, 1), date(2027, 12, 31))


@pytest.mark.parametrize("bad", ["2026-13-01", "tuesday", "2026-04-10..2026-04-07", "2026-01-01..2028-01-01"])
def test_bad_non_school_days_stop_the_command_with_a_clear_message_and_escalate_nothing(
    app: Flask, clean_db: None, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setitem(app.config, "SAFEGUARDING_LEAD_EMAIL", "lead@partnership.example.org")
    monkeypatch.setitem(app.config, "NON_SCHOOL_DAYS", f"2026-10-26 {bad}")
    flag = _urgent_flag(datetime(2026, 3, 2, 9, 0, tzinfo=LONDON))
    result = app.test_cli_runner().invoke(args=["escalate-unacknowledged"])
    db.session.rollback()
    assert result.exit_code != 0
    assert f"NON_SCHOOL_DAYS has '{bad}'" in result.output and "Nothing was escalated" in result.output
    assert db.session.get(SafeguardingFlag, flag.id).escalated_at_utc is None
    assert db.session.scalar(select(OutboxMessage.id)) is None
