"""Behind a reverse proxy the client's address comes from X-Forwarded-For only when ``TRUSTED_PROXIES`` says so
(issue 14.5): with it, a guesser behind the proxy locks only their own address out of an account, and the owner
behind the same proxy still signs in; without it, a forged header changes nothing the limits key on."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.models import Role
from config import ConfigError, TestingConfig
from tests.factories import PASSWORD, make_user
from tests.pages import post

PROXY, GUESSER, OWNER = "10.0.0.2", "203.0.113.9", "198.51.100.7"
LOCKED = "too many attempts to sign in with this email address from your network"


def proxied_app(database_url: str, proxies: int) -> Flask:
    return create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "localhost", "TRUSTED_PROXIES": proxies}
    )


def behind_proxy(web_app: Flask, forwarded_for: str) -> FlaskClient:
    client = web_app.test_client()
    client.environ_base.update({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for})
    return client


def five_wrong_then_owner(web_app: Flask, email: str) -> str:
    guesser = behind_proxy(web_app, GUESSER)
    for attempt in range(5):
        post(guesser, "/staff/sign-in", {"email": email, "password": f"wrong-{attempt}"})
    assert LOCKED in post(guesser, "/staff/sign-in", {"email": email, "password": PASSWORD}).text
    return post(
        behind_proxy(web_app, OWNER), "/staff/sign-in", {"email": email, "password": PASSWORD}, follow_redirects=True
    ).text


def test_with_one_trusted_proxy_the_owner_behind_it_signs_in_while_the_guesser_is_locked_out(
    database_url: str, clean_db: None
) -> None:
    user = make_user(Role.OFFICER)
    page = five_wrong_then_owner(proxied_app(database_url, 1), user.email)
    assert LOCKED not in page
    assert "Sign out" in page


def test_without_trusted_proxies_a_forwarded_address_is_ignored(database_url: str, clean_db: None) -> None:
    user = make_user(Role.OFFICER)
    page = five_wrong_then_owner(proxied_app(database_url, 0), user.email)
    assert LOCKED in page


def test_a_negative_proxy_count_is_refused(database_url: str) -> None:
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        proxied_app(database_url, -1)
