"""Overload, an unreachable database and staff session time-outs fail safe and clearly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import Answer, Role
from config import TestingConfig
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.pages import get, post

BASE = "/consultations/safety-2026/residents"


@pytest.fixture()
def low_capacity(web_app: Flask) -> Iterator[None]:
    original = web_app.config["WRITE_CAPACITY"]
    web_app.config["WRITE_CAPACITY"] = "3 per minute"
    yield
    web_app.config["WRITE_CAPACITY"] = original


def test_past_capacity_respondent_gets_fast_try_again_and_saved_answers_stay(
    client: FlaskClient, low_capacity: None
) -> None:
    add_survey(make_consultation())
    token = get(client, f"{BASE}/questions/feeling-safe").csrf_token()
    statuses = []
    for choice in ("safe", "unsafe", "dont_know", "safe", "unsafe"):
        response = client.post(
            f"{BASE}/questions/feeling-safe", data={"safe_day": choice, "action": "continue", "csrf_token": token}
        )
        statuses.append(response.status_code)
    db.session.rollback()
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3:] == [429, 429]
    assert "please try again" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    assert db.session.scalar(select(Answer.value)) == "dont_know"
    assert db.session.scalar(select(func.count(Answer.id))) == 1


def test_past_capacity_a_respondent_who_has_answered_everything_can_still_send(
    client: FlaskClient, low_capacity: None
) -> None:
    from app.models import Response, ResponseStatus

    add_survey(make_consultation())
    token = get(client, f"{BASE}/questions/feeling-safe").csrf_token()
    saves = [
        client.post(
            f"{BASE}/questions/feeling-safe", data={"safe_day": "safe", "action": "continue", "csrf_token": token}
        ).status_code
        for _ in range(4)
    ]
    sent = client.post(f"{BASE}/submit", data={"csrf_token": token})
    db.session.rollback()
    assert saves == [302, 302, 302, 429]
    assert sent.status_code == 302 and sent.location.endswith(f"{BASE}/confirmation")
    assert db.session.scalar(select(Response.status)) == ResponseStatus.SUBMITTED


def test_unreachable_database_gives_clear_503() -> None:
    broken = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
        },
    )
    response = broken.test_client().get("/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable – please try again" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "30"


def test_idle_staff_session_times_out(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER))
    assert client.get("/officers/consultations").status_code == 200
    with client.session_transaction() as session:
        session["seen_at"] -= 31 * 60
    assert client.get("/officers/consultations").status_code == 302


def test_absolute_staff_session_limit_applies_even_when_active(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER))
    with client.session_transaction() as session:
        session["signed_in_at"] -= 9 * 60 * 60
    assert client.get("/officers/consultations").status_code == 302


def test_deactivated_account_loses_its_session(client: FlaskClient) -> None:
    user = make_user(Role.OFFICER)
    sign_in(client, user)
    user.is_active_account = False
    db.session.commit()
    assert client.get("/officers/consultations").status_code == 302
    assert post(client, "/staff/sign-in", {"email": user.email, "password": "correct-horse-battery"}).status == 400
