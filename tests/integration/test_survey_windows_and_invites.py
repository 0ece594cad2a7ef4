"""Outside the open window nothing is accepted; stakeholders answer once per invite and may edit until close."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Response, ResponseStatus
from app.models.types import utcnow
from app.surveys.invites import create_invite, find_or_create_organisation
from tests.factories import add_survey, make_consultation
from tests.pages import get, post

BASE = "/consultations/safety-2026/residents"


def test_closed_survey_explains_and_accepts_nothing(client: FlaskClient) -> None:
    add_survey(make_consultation(phase="closed"))
    start = get(client, BASE)
    assert "This survey closed on" in start.text
    assert start.soup.select_one("a.govuk-button--start") is None
    page = post(
        client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "continue"}, form_url="/staff/sign-in"
    )
    assert page.status == 403 and page.h1 == "This survey is closed"
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_upcoming_survey_says_when_it_opens(client: FlaskClient) -> None:
    add_survey(make_consultation(phase="upcoming"))
    assert "This survey is not open yet" in get(client, BASE).text
    assert get(client, f"{BASE}/questions/feeling-safe").h1 == "This survey is not open yet"


def test_survey_closing_mid_response_refuses_submit_and_keeps_draft(client: FlaskClient) -> None:
    consultation = make_consultation()
    add_survey(consultation)
    post(client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "continue"})
    token = get(client, f"{BASE}/check-answers").csrf_token()
    consultation.close_at_utc = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = client.post(f"{BASE}/submit", data={"csrf_token": token})
    db.session.rollback()
    assert page.status_code == 403
    assert db.session.scalar(select(Response.status)) == ResponseStatus.IN_PROGRESS


def test_draft_consultation_is_not_public(client: FlaskClient) -> None:
    from app.models import ConsultationStatus

    add_survey(make_consultation(status=ConsultationStatus.DRAFT))
    assert get(client, "/consultations/safety-2026").status == 404
    assert get(client, BASE).status == 404
    assert "Consultation safety-2026" not in get(client, "/").text


def _invite(consultation, expires_in=timedelta(days=10)):  # type: ignore[no-untyped-def]
    survey = add_survey(consultation, "mini_stakeholder.yaml")
    organisation = find_or_create_organisation("Thames Valley Police", "Police")
    invite, token = create_invite(survey, organisation, "Lead@Example.org", utcnow() + expires_in)
    db.session.commit()
    return invite, token


def test_stakeholder_survey_needs_an_invite(client: FlaskClient) -> None:
    _invite(make_consultation())
    page = get(client, "/consultations/safety-2026/partners/questions/priorities")
    assert page.status == 403
    assert page.h1 == "Use your organisation's invitation link"


def test_invite_records_organisation_one_response_editable_until_close(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    invite, token = _invite(make_consultation())
    base = "/consultations/safety-2026/partners"
    assert get(client, f"/invites/{token}").response.location.endswith(base)
    post(client, f"{base}/questions/priorities", {"agree": "agree", "action": "continue"})
    post(client, f"{base}/submit", {}, form_url=f"{base}/check-answers")
    response = db.session.scalar(select(Response))
    assert response.status == ResponseStatus.SUBMITTED
    assert response.invite_id == invite.id and response.organisation_id == invite.organisation_id

    again = web_app.test_client()
    assert get(again, f"/invites/{token}").response.location.endswith(f"{base}/check-answers")
    post(again, f"{base}/questions/priorities", {"agree": "disagree", "action": "continue"})
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalars(select(Answer.value)).all() == ["disagree"]
    assert "You sent this response" in get(again, f"{base}/check-answers").text


def test_expired_or_unknown_invite_is_refused(client: FlaskClient) -> None:
    _, token = _invite(make_consultation(), expires_in=timedelta(seconds=-1))
    assert get(client, f"/invites/{token}").h1 == "This invitation link is not valid"
    assert get(client, "/invites/guess").status == 404
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_an_invited_organisation_is_told_about_a_nul_character_and_nothing_changes(client: FlaskClient) -> None:
    _, token = _invite(make_consultation())
    base = "/consultations/safety-2026/partners"
    get(client, f"/invites/{token}")
    page = post(client, f"{base}/questions/priorities", {"agree": "agree\x00", "action": "continue"})
    assert page.status == 400 and page.error_summary()[0].startswith("Your answer contains a hidden character (NUL)")
    assert db.session.scalar(select(func.count(Answer.id))) == 0
