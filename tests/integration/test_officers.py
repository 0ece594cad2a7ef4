"""Officers sign in with throttling and generic errors, and see response counts by survey and channel."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, ResponseChannel, Role
from app.models.types import utcnow
from app.surveys import responses
from tests.factories import PASSWORD, add_survey, make_consultation, make_user, sign_in, sign_in_with_form
from tests.pages import get, post


def test_officer_signs_in_and_sees_counts_by_survey_and_channel(client: FlaskClient) -> None:
    survey = add_survey(make_consultation())
    for channel in (ResponseChannel.ONLINE, ResponseChannel.ONLINE, ResponseChannel.PAPER):
        draft = responses.load_draft(responses.start_draft(survey, channel=channel, now=utcnow()))
        draft = responses.save_answers(draft, {"safe_day": (responses.AnswerItem("safe_day", None, "safe"),)}, utcnow())
        responses.submit(draft, utcnow())
    responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow())
    db.session.commit()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, "/officers/consultations")
    assert page.status == 200
    assert page.soup.select_one('td[data-survey="residents"]').get_text() == "3"
    assert "Online: 2, Paper: 1" in page.text


def test_anonymous_user_is_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/officers/consultations")
    assert response.status_code == 302 and "/staff/sign-in" in response.location


def test_teacher_cannot_see_officer_pages(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.TEACHER))
    assert client.get("/officers/consultations").status_code == 403


def test_wrong_password_and_unknown_email_get_the_same_generic_error(client: FlaskClient) -> None:
    make_user(Role.OFFICER)
    wrong = post(client, "/staff/sign-in", {"email": "officer@example.org", "password": "nope-nope-nope"})
    unknown = post(client, "/staff/sign-in", {"email": "nobody@example.org", "password": "nope-nope-nope"})
    assert wrong.status == unknown.status == 400
    assert wrong.error_summary() == unknown.error_summary() == ["Enter a correct email address and password"]


def test_account_locks_after_repeated_failures_even_with_right_password(client: FlaskClient) -> None:
    user = make_user(Role.OFFICER)
    for _ in range(5):
        post(client, "/staff/sign-in", {"email": user.email, "password": "wrong-password-x"})
    page = post(client, "/staff/sign-in", {"email": user.email, "password": PASSWORD})
    assert page.status == 400
    assert client.get("/officers/consultations").status_code == 302


def test_sign_in_renews_session_and_is_audited(client: FlaskClient) -> None:
    user = make_user(Role.OFFICER)
    with client.session_transaction() as session:
        session["planted"] = "attacker-value"
    sign_in_with_form(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.actor_id == user.id)) == "sign_in"


def test_sign_out_ends_the_session(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER))
    post(client, "/staff/sign-out", {}, form_url="/staff/sign-out")
    assert client.get("/officers/consultations").status_code == 302


def test_sign_in_ignores_offsite_next(client: FlaskClient) -> None:
    user = make_user(Role.OFFICER)
    page = post(
        client,
        "/staff/sign-in?next=//evil.example/x",
        {"email": user.email, "password": PASSWORD},
        form_url="/staff/sign-in",
    )
    assert page.response.location.endswith("/staff/")
