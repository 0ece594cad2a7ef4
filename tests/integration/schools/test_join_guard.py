"""Join-code guessing (issue 14, item 6): wrong codes are counted per client address and in total where every worker
sees them (the database, or Redis when configured), so fresh cookies and more workers buy no more guesses; right
codes are never counted, so a whole class behind one school address gets in."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator
from contextlib import ExitStack
from urllib.parse import urlencode

import pytest
from flask import Flask, current_app
from redis import Redis
from sqlalchemy import select

from app.extensions import db
from app.models import JoinAttempt
from app.models.attempts import ANY_ADDRESS
from bench.loadlib import Client, gunicorn, server_env
from tests.integration.schools.helpers import class_session, join, pupil_survey, teacher_of
from tests.pages import Page

SCHOOL, OTHER = "203.0.113.20", "198.51.100.7"
WRONG = "QQQQQQ"
REDIS_URL = "redis://127.0.0.1:6379/14"
# The Redis counts are shared by every test process: under xdist these tests run one after another on one worker.
pytestmark = pytest.mark.xdist_group("redis-join-counts")
REFUSED = "That code did not work a lot of times. Wait a few minutes, then try again."


@pytest.fixture()
def limits(web_app: Flask, clean_db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(web_app.config, "JOIN_CODE_FAILURES_PER_IP", "5 per 10 minutes")
    monkeypatch.setitem(web_app.config, "JOIN_CODE_FAILURES_OVERALL", "8 per 10 minutes")


def guess(web_app: Flask, code: str, address: str = SCHOOL) -> Page:
    """One guess from a brand-new browser (a fresh cookie every time)."""
    client = web_app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return join(client, code)


def wrong_guesses(address: str, secret: str | None = None) -> int:
    """Wrong codes counted for ``address`` (stored only as a keyed hash, with the app's or ``secret`` key)."""
    db.session.rollback()
    key = address if address == ANY_ADDRESS else hashed(address, secret or current_app.config["SECRET_KEY"])
    return sum(db.session.scalars(select(JoinAttempt.wrong_guesses).where(JoinAttempt.address == key)))


def hashed(address: str, secret: str) -> str:
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def test_fresh_cookies_do_not_escape_the_address_limit_and_another_address_still_gets_in(
    web_app: Flask, limits: None
) -> None:
    code = class_session(teacher_of(), pupil_survey()).join_code
    assert [guess(web_app, WRONG).status for _ in range(5)] == [400] * 5
    refused = guess(web_app, WRONG)
    assert refused.status == 429 and REFUSED in refused.text
    assert int(refused.response.headers["Retry-After"]) > 0
    assert guess(web_app, code).status == 429
    assert wrong_guesses(SCHOOL) == 5
    assert guess(web_app, code, OTHER).status == 302


def test_a_class_behind_one_address_typing_the_right_code_all_get_in(web_app: Flask, limits: None) -> None:
    code = class_session(teacher_of(), pupil_survey()).join_code
    assert [guess(web_app, WRONG).status for _ in range(4)] == [400] * 4
    assert [guess(web_app, code).status for _ in range(30)] == [302] * 30
    assert wrong_guesses(SCHOOL) == 4 and wrong_guesses(ANY_ADDRESS) == 4


def test_a_storm_spread_over_many_addresses_meets_the_overall_limit(web_app: Flask, limits: None) -> None:
    code = class_session(teacher_of(), pupil_survey()).join_code
    assert [guess(web_app, WRONG, f"192.0.2.{n}").status for n in range(8)] == [400] * 8
    refused = guess(web_app, WRONG, "192.0.2.200")
    assert refused.status == 429 and REFUSED in refused.text
    assert guess(web_app, code, OTHER).status == 429
    assert wrong_guesses(ANY_ADDRESS) == 8


def _guess_over_http(url: str, code: str) -> int:
    """GET the form for a fresh cookie and token, then POST the code, as a new browser would."""
    client = Client(url)
    _, _, form = client.request("GET", "/join")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    assert token, form[:500]
    status, _, _ = client.request("POST", "/join", urlencode({"code": code, "csrf_token": token.group(1)}))
    client.close()
    return status


@pytest.fixture(params=["database", "redis"])
def storage(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    if request.param == "database":
        yield {}
        return
    redis = Redis.from_url(REDIS_URL)
    assert redis.ping(), "the local Redis must be running for this test"
    for key in redis.scan_iter("*join-wrong-codes*"):
        redis.delete(key)
    yield {"REDIS_URL": REDIS_URL}
    for key in redis.scan_iter("*join-wrong-codes*"):
        redis.delete(key)


def test_two_workers_share_one_count_of_wrong_codes(
    app: Flask, clean_db: None, database_url: str, storage: dict[str, str]
) -> None:
    code = class_session(teacher_of(), pupil_survey()).join_code
    env = {**server_env(database_url, JOIN_CODE_FAILURES_PER_IP="6 per 10 minutes"), **storage}
    secret = env["SECRET_KEY"]
    with ExitStack() as stack:
        first, _ = stack.enter_context(gunicorn("wsgi:app", env, workers=1))
        second, _ = stack.enter_context(gunicorn("wsgi:app", env, workers=1))
        statuses = [_guess_over_http(url, WRONG) for url in (first, second) * 3]
        statuses += [_guess_over_http(first, WRONG), _guess_over_http(second, WRONG), _guess_over_http(second, code)]
    assert statuses == [400] * 6 + [429] * 3
    assert wrong_guesses("127.0.0.1", secret) == (0 if storage else 6)
    if storage:
        assert any(Redis.from_url(REDIS_URL).scan_iter(f"*join-wrong-codes*{hashed('127.0.0.1', secret)}*"))
    assert db.session.scalar(select(JoinAttempt).where(JoinAttempt.address.contains("127.0.0.1"))) is None
