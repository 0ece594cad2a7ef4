"""``flask escalate-unacknowledged``: an urgent alert nobody acknowledged within the school-hours allowance is emailed
to the partnership's safeguarding lead, once, without the pupil's words; acknowledged, reviewed, lower-level and
recent alerts are left alone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import select

from app.common.mail import MailError
from app.extensions import db
from app.models import AuditEvent, ClassSession, FlagStatus, OutboxMessage, Role, SafeguardingFlag
from app.models.types import utcnow
from app.safeguarding import escalation
from tests.factories import make_user
from tests.integration.safeguarding.helpers import make_flag
from tests.integration.schools.helpers import class_session, pupil_survey, teacher_of

LEAD = "safeguarding.lead@partnership.example.org"
WORDS = [
    "my stepdad hits me and I am scared to go home",
    "I want to hurt myself tonight",
    "older boys make me carry drugs for them",
    "my dad hits me when he is drunk",
    "he said he would kill me",
]
LONDON = ZoneInfo("Europe/London")


@pytest.fixture()
def lead_configured(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "SAFEGUARDING_LEAD_EMAIL", LEAD)
    monkeypatch.setitem(app.config, "URGENT_ACK_HOURS", 2)


def _session() -> ClassSession:
    return class_session(teacher_of("Oakgrove School"), pupil_survey(), opened=False, year_group="Year 9")


def _flag(
    session: ClassSession, text: str, level: str = "urgent", *, created: datetime, **fields: object
) -> SafeguardingFlag:
    flag = make_flag(text, level, "domestic_abuse", created_at_utc=created)
    flag.class_session_id = session.id
    for name, value in fields.items():
        setattr(flag, name, value)
    db.session.commit()
    return flag


def _run(app: Flask) -> Result:
    result = app.test_cli_runner().invoke(args=["escalate-unacknowledged"])
    db.session.rollback()
    return result


def _escalation_mail() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.category == "safeguarding_escalation").order_by(OutboxMessage.id)
        )
    )


def test_an_overdue_unacknowledged_urgent_alert_is_escalated_once_without_words(
    app: Flask, clean_db: None, lead_configured: None
) -> None:
    session, week_ago = _session(), utcnow() - timedelta(days=8)
    dsl = make_user(Role.DSL, "dsl@oak.example.org", session.school)
    overdue = _flag(session, WORDS[0], created=week_ago)
    acknowledged = _flag(session, WORDS[1], created=week_ago, acknowledged_at_utc=week_ago, acknowledged_by_id=dsl.id)
    reviewed = _flag(session, WORDS[2], created=week_ago, status=FlagStatus.CLOSED, reviewed_at_utc=week_ago)
    concern = _flag(session, WORDS[3], "concern", created=week_ago)
    recent = _flag(session, WORDS[4], created=utcnow())

    result = _run(app)
    assert result.exit_code == 0, result.output
    assert "Escalated 1 unacknowledged urgent alert(s)" in result.output
    [message] = _escalation_mail()
    assert message.to_address == LEAD and "Oakgrove School" in message.subject
    assert "School: Oakgrove School\nClass: Year 9\n" in message.body
    assert "Level: urgent\nArea: Domestic abuse" in message.body
    assert f"/safeguarding/flags/{overdue.id}" in message.body
    assert not [words for words in WORDS if words in message.body or words in message.subject]
    escalated = {flag.id: flag.escalated_at_utc is not None for flag in db.session.scalars(select(SafeguardingFlag))}
    assert escalated == {
        overdue.id: True,
        acknowledged.id: False,
        reviewed.id: False,
        concern.id: False,
        recent.id: False,
    }
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "safeguarding_flag_escalated"))
    assert event.object_id == overdue.id and not [words for words in WORDS if words in str(event.detail)]

    again = _run(app)
    assert again.exit_code == 0 and again.output == ""
    assert len(_escalation_mail()) == 1


def _monday_half_past_four(session: ClassSession) -> SafeguardingFlag:
    return _flag(session, WORDS[0], created=datetime(2026, 3, 2, 16, 30, tzinfo=LONDON))


def test_an_alert_is_due_only_after_the_allowance_in_school_hours(clean_db: None) -> None:
    flag = _monday_half_past_four(_session())
    assert escalation.list_due(datetime(2026, 3, 2, 23, 0, tzinfo=LONDON), 2) == []
    assert escalation.list_due(datetime(2026, 3, 3, 9, 29, tzinfo=LONDON), 2) == []
    assert escalation.list_due(datetime(2026, 3, 3, 9, 31, tzinfo=LONDON), 2) == [flag]
    assert escalation.list_due(datetime(2026, 3, 3, 9, 31, tzinfo=LONDON), 3) == []


def test_the_allowance_is_configurable(
    app: Flask, clean_db: None, lead_configured: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _flag(_session(), WORDS[0], created=utcnow() - timedelta(days=8))
    monkeypatch.setitem(app.config, "URGENT_ACK_HOURS", 1000)
    assert _run(app).output == "" and _escalation_mail() == []


def test_an_alert_acknowledged_after_it_was_found_due_is_not_escalated(clean_db: None) -> None:
    now = datetime(2026, 3, 3, 12, 0, tzinfo=LONDON)
    flag = _monday_half_past_four(_session())
    [due] = escalation.list_due(now, 2)
    flag.acknowledged_at_utc = now
    db.session.commit()
    assert escalation.escalate(due, LEAD, now, 2) is False
    assert _escalation_mail() == []


def test_without_a_lead_address_the_command_fails_and_marks_nothing(
    app: Flask, clean_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SAFEGUARDING_LEAD_EMAIL", None)
    flag = _flag(_session(), WORDS[0], created=utcnow() - timedelta(days=8))
    result = _run(app)
    assert result.exit_code != 0 and "SAFEGUARDING_LEAD_EMAIL" in result.output
    db.session.refresh(flag)
    assert flag.escalated_at_utc is None and _escalation_mail() == []


def test_a_mail_failure_leaves_the_alert_for_the_next_run(
    app: Flask, clean_db: None, lead_configured: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    flag = _flag(_session(), WORDS[0], created=utcnow() - timedelta(days=8))

    def refuse(*_args: object, **_kwargs: object) -> OutboxMessage:
        raise MailError("Could not send email: connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(escalation, "send_email", refuse)
        failed = _run(app)
    assert failed.exit_code != 0 and "next run tries again" in failed.output
    db.session.refresh(flag)
    assert flag.escalated_at_utc is None
    assert _run(app).exit_code == 0
    db.session.refresh(flag)
    assert flag.escalated_at_utc is not None and len(_escalation_mail()) == 1
