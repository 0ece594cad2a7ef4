"""Signing out ends every copy of a staff session, not only the cookie in the browser that signed out (issue 14.1).

Sessions are signed cookies, so a copy (taken from a shared computer, a proxy log or malware) would otherwise keep
working until the 8-hour limit; the user's session version in the database is what ends them all."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Role, User
from tests.factories import make_user, sign_in
from tests.pages import get, post


def _copy_of(client: FlaskClient, web_app: Flask) -> FlaskClient:
    cookie = client.get_cookie("sv_session")
    assert cookie is not None
    copy = web_app.test_client()
    copy.set_cookie("sv_session", cookie.value, domain=cookie.domain)
    return copy


def _version(user_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(User.session_version).where(User.id == user_id))


def test_a_copied_cookie_gets_the_sign_in_page_after_sign_out(client: FlaskClient, web_app: Flask) -> None:
    user = make_user(Role.OFFICER)
    sign_in(client, user)
    copy = _copy_of(client, web_app)
    assert get(copy, "/officers/consultations").status == 200
    before = _version(user.id)

    post(client, "/staff/sign-out", {}, form_url="/staff/sign-out")

    page = get(copy, "/officers/consultations", follow_redirects=True)
    assert page.response.request.path == "/staff/sign-in"
    assert page.soup.select_one("h1").get_text(strip=True) == "Staff sign in"
    assert get(copy, "/staff/").status == 302
    assert _version(user.id) == before + 1


def test_a_copy_cannot_post_after_sign_out(client: FlaskClient, web_app: Flask) -> None:
    user = make_user(Role.OFFICER)
    sign_in(client, user)
    copy = _copy_of(client, web_app)
    token = get(copy, "/staff/sign-out").csrf_token()
    post(client, "/staff/sign-out", {}, form_url="/staff/sign-out")

    response = copy.post("/officers/consultations/new", data={"csrf_token": token, "title": "Stolen"})

    assert response.status_code == 302 and "/staff/sign-in" in response.location


def test_signing_in_again_after_sign_out_works_and_the_old_copy_stays_dead(client: FlaskClient,
                                                                           web_app: Flask) -> None:
    user = make_user(Role.TEACHER)
    sign_in(client, user)
    copy = _copy_of(client, web_app)
    post(client, "/staff/sign-out", {}, form_url="/staff/sign-out")

    sign_in(client, user)

    assert get(client, "/schools/sessions").status == 200
    assert get(copy, "/schools/sessions").status == 302
