"""Signing out ends every copy of a staff session, not only the cookie in the browser that signed out (issue 14.1).

Sessions are signed cookies, so a copy (taken from a shared computer, a proxy log or malware) would otherwise keep
working until the 8-hour limit; the user's session version in the database is what ends them all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Role, User
from config import TestingConfig
from tests.factories import ROOT_DIR, make_user, sign_in, sign_in_with_form
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


def test_signing_in_again_after_sign_out_works_and_the_old_copy_stays_dead(client: FlaskClient, web_app: Flask) -> None:
    user = make_user(Role.TEACHER)
    sign_in(client, user)
    copy = _copy_of(client, web_app)
    post(client, "/staff/sign-out", {}, form_url="/staff/sign-out")

    sign_in_with_form(client, user)

    assert get(client, "/schools/sessions").status == 200
    assert get(copy, "/schools/sessions").status == 302


def test_upgrading_to_0018_ends_sessions_issued_before_it(tmp_path: Path) -> None:
    """Cookies copied before this release (when sign-out left them working) stop working once it is deployed."""
    database = tmp_path / "before.db"
    deployed = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})

    def upgrade_to(revision: str) -> None:
        """The migration itself, run in this process (a ``flask db upgrade`` subprocess cost 2-3 s each)."""
        with deployed.app_context():
            upgrade(directory=str(ROOT_DIR / "migrations"), revision=revision)
            db.engine.dispose()

    upgrade_to("0017")
    with sqlite3.connect(database) as connection:
        connection.execute(
            "INSERT INTO users (email, name, password_hash, role, is_active_account, failed_sign_ins, "
            "session_version, created_at_utc) VALUES ('a@example.org', 'A', 'x', 'officer', 1, 0, 3, "
            "'2026-01-01 00:00:00')"
        )
    upgrade_to("0018")
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT session_version FROM users").fetchall() == [(4,)]
