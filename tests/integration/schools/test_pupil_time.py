"""What the database holds about when a pupil did something: the day (00:00 Europe/London), or for a safeguarding
flag the hour, never the exact moment a teacher could match to the pupil seen finishing."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.common.audit import record_event
from app.common.filters import LONDON
from app.common.mail import send_email
from app.extensions import db
from app.models import (
    AdultContactRequest,
    AuditEvent,
    OutboxMessage,
    PupilResponse,
    Response,
    Role,
    SafeguardingFlag,
)
from app.models.types import utcnow
from tests.factories import make_user
from tests.integration.schools.helpers import class_session, pupil_answers, pupil_survey, teacher_of
from tests.pages import post

URGENT = "I am going to kill myself tonight"


def _day_start(moment: datetime) -> bool:
    return moment.astimezone(LONDON).time() == time(0)


def _hour_start(moment: datetime) -> bool:
    return (moment.minute, moment.second, moment.microsecond) == (0, 0, 0)


def test_times_stored_about_a_pupils_answers_are_the_day_or_for_a_flag_the_hour(
    client: FlaskClient, web_app: Flask
) -> None:
    session = class_session(teacher_of(), pupil_survey())
    browser = web_app.test_client()
    pupil_answers(browser, session.join_code, one_thing=URGENT)
    assert post(browser, "/join/talk-to-an-adult", {}, form_url="/join/thank-you").status == 302

    response = db.session.scalar(select(Response).join(PupilResponse, PupilResponse.response_id == Response.id))
    assert all(
        _day_start(moment) for moment in (response.created_at_utc, response.updated_at_utc, response.submitted_at_utc)
    )
    flag = db.session.scalar(select(SafeguardingFlag))
    assert flag.dsl_notified_at_utc is not None
    assert _hour_start(flag.created_at_utc) and _hour_start(flag.dsl_notified_at_utc)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "SafeguardingFlag")).all()
    assert {e.action for e in events} >= {"safeguarding_flag_raised", "safeguarding_dsl_notified"}
    assert all(_day_start(e.at_utc) for e in events)
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.category != "dsl_confirmation")).all()
    assert {m.category for m in messages} == {"safeguarding", "adult_contact"}
    assert all(_day_start(m.created_at_utc) for m in messages)
    [request] = db.session.scalars(select(AdultContactRequest)).all()
    assert type(request.requested_on) is date


def test_a_pupil_linked_email_is_stamped_with_its_day_when_delivered_and_other_mail_keeps_its_time(
    client: FlaskClient,
) -> None:
    alert = send_email("dsl@school.example.org", "A pupil may need help", "Sign in to read it", category="safeguarding")
    invite = send_email("contact@example.org", "Have your say", "Your link", category="stakeholder_invite")
    db.session.commit()
    for message in (alert, invite):
        message.sent_at_utc = utcnow()
    db.session.commit()
    db.session.expire_all()
    assert _day_start(alert.created_at_utc) and _day_start(alert.sent_at_utc)
    assert not _day_start(invite.created_at_utc) and not _day_start(invite.sent_at_utc)


def test_a_staff_action_on_a_flag_keeps_its_exact_time(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    flag = SafeguardingFlag(class_session_id=session.id, text="words", level="watch", level_rank=1, triggers=[])
    db.session.add(flag)
    db.session.flush()
    by_pupil = record_event("safeguarding_flag_raised", None, flag)
    by_reviewer = record_event("safeguarding_flag_viewed", make_user(Role.REVIEWER), flag)
    db.session.commit()
    db.session.expire_all()
    assert _day_start(by_pupil.at_utc) and not _day_start(by_reviewer.at_utc)
