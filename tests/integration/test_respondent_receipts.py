"""A resident who gives an email address gets a copy of their answers after sending, and their private link when
saving; the address is kept only in the outbox row, and pupils are never sent their answers."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import OutboxMessage, Response, ResponseStatus
from app.surveys import receipts
from tests.factories import add_survey, make_consultation
from tests.integration.schools.helpers import pupil_survey
from tests.pages import get, post

BASE = "/consultations/safety-2026/residents"


def _answered(client: FlaskClient) -> None:
    add_survey(make_consultation())
    db.session.commit()
    post(
        client,
        f"{BASE}/questions/feeling-safe",
        {"safe_day": "unsafe", "why_unsafe": "Dark alleys", "action": "continue"},
    )


def _outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_copy_of_the_answers_is_emailed_after_sending(client: FlaskClient) -> None:
    _answered(client)
    token = get(client, f"{BASE}/check-answers").csrf_token()
    for _ in range(2):  # Send pressed twice: one response, one copy
        sent = client.post(f"{BASE}/submit", data={"email": " resident@example.org ", "csrf_token": token})
        assert sent.location.endswith(f"{BASE}/confirmation")
    db.session.rollback()
    confirmation = get(client, f"{BASE}/confirmation")
    assert "We have emailed a copy of your answers to resident@example.org" in confirmation.text

    response = db.session.scalar(select(Response))
    [message] = _outbox()
    assert response.status == ResponseStatus.SUBMITTED
    assert message.to_address == "resident@example.org" and message.category == receipts.ANSWERS_CATEGORY
    assert response.reference in message.body
    assert "What makes you feel unsafe?\n  Dark alleys" in message.body and "FEELING SAFE" in message.body
    assert "resident@example.org" not in str([getattr(response, c.key) for c in Response.__table__.columns])


def test_sending_without_an_address_sends_no_email(client: FlaskClient) -> None:
    _answered(client)
    post(client, f"{BASE}/submit", {"email": ""}, form_url=f"{BASE}/check-answers")

    assert db.session.scalar(select(Response.status)) == ResponseStatus.SUBMITTED
    assert _outbox() == []


def test_a_mistyped_address_is_explained_and_nothing_is_sent(client: FlaskClient) -> None:
    _answered(client)
    refused = post(client, f"{BASE}/submit", {"email": "resident.example.org"}, form_url=f"{BASE}/check-answers")

    assert refused.status == 400
    assert refused.h1 == "Check your answers before sending your response"
    assert refused.error_summary() == ["Enter an email address in the correct format, like name@example.org"]
    assert refused.soup.select_one("#email")["value"] == "resident.example.org"
    assert db.session.scalar(select(Response.status)) == ResponseStatus.IN_PROGRESS
    assert _outbox() == []


def test_the_private_link_is_emailed_when_saving_and_opens_the_draft(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    add_survey(make_consultation())
    db.session.commit()
    saved = post(
        client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "save"}, follow_redirects=True
    )
    shown = saved.soup.select_one("#resume-link")["href"]

    emailed = post(
        client, f"{BASE}/saved/email", {"email": "me@example.org"}, form_url=f"{BASE}/saved", follow_redirects=True
    )

    [message] = _outbox()
    assert message.to_address == "me@example.org" and message.category == receipts.LINK_CATEGORY
    assert shown in message.body
    assert "We have sent the link to me@example.org" in emailed.text
    assert get(web_app.test_client(), shown.replace("http://localhost", ""), follow_redirects=True).h1 == "Priorities"


def test_an_empty_address_for_the_link_is_refused(client: FlaskClient) -> None:
    add_survey(make_consultation())
    db.session.commit()
    post(client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "save"})

    refused = post(client, f"{BASE}/saved/email", {"email": ""}, form_url=f"{BASE}/saved")

    assert refused.status == 400 and refused.error_summary() == ["Enter your email address"]
    assert refused.soup.select_one("#resume-link") is not None
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_pupils_are_never_sent_their_answers(clean_db: None) -> None:
    survey = pupil_survey()

    with pytest.raises(receipts.PupilReceiptError):
        receipts.send_answers_copy(survey, "SV-AAAA-AAAA", "pupil@example.org")
    with pytest.raises(receipts.PupilReceiptError):
        receipts.send_resume_link(survey, "pupil@example.org", "http://localhost/resume/x")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
