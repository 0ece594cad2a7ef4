"""Staff sign-in lockout (issue 14, item 5): failures lock one address out of one account, parallel guesses are all
counted (one atomic upsert, on SQLite and PostgreSQL), the owner elsewhere still signs in, the account slows down
rather than locks, the holder is emailed once, and no message says whether an account exists."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from app.admin.users import reset_password
from app.auth import lockout, services
from app.common.client_address import address_key
from app.extensions import db
from app.models import OutboxMessage, Role, SignInAttempt
from app.models.attempts import ANY_ADDRESS
from app.models.types import utcnow
from tests.factories import PASSWORD, make_user
from tests.pages import Page, get, post

ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"
WRONG = "wrong-password-x"
LOCKED = (
    "There have been too many attempts to sign in with this email address from your network. "
    "Wait 15 minutes, then try again, or ask an administrator to reset your password."
)
SLOWED = "There have been too many attempts to sign in with this email address. Wait a minute, then try again."
GENERIC = "Enter a correct email address and password"


def client_at(web_app: Flask, address: str) -> FlaskClient:
    client = web_app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in_as(client: FlaskClient, email: str, password: str) -> Page:
    return post(client, "/staff/sign-in", {"email": email, "password": password})


def attempt(email: str, address: str) -> SignInAttempt | None:
    db.session.rollback()
    key = address if address == ANY_ADDRESS else address_key(address)
    return db.session.scalar(
        select(SignInAttempt).where(
            SignInAttempt.account_key == lockout.account_key(email), SignInAttempt.address == key
        )
    )


def lock_mail() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.category == "sign_in_lock")))


def test_parallel_wrong_and_right_passwords_lock_the_attackers_address_and_the_owner_still_signs_in(
    web_app: Flask, clean_db: None
) -> None:
    user = make_user(Role.OFFICER)
    email = user.email
    passwords = [WRONG + str(n) for n in range(11)] + [PASSWORD]
    clients = [client_at(web_app, ATTACKER) for _ in passwords]
    tokens = [get(client, "/staff/sign-in").csrf_token() for client in clients]
    start, statuses = threading.Barrier(len(clients)), []

    def guess(client: FlaskClient, token: str, password: str) -> None:
        start.wait()
        response = client.post("/staff/sign-in", data={"email": email, "password": password, "csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=args) for args in zip(clients, tokens, passwords, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses.count(400) >= 11
    row = attempt(user.email, ATTACKER)
    assert row is not None and row.failures >= 5 and row.locked_until_utc > utcnow() + timedelta(minutes=14)
    again = sign_in_as(client_at(web_app, ATTACKER), user.email, PASSWORD)
    assert again.status == 400 and again.error_summary() == [LOCKED]
    owner = client_at(web_app, OWNER)
    assert sign_in_as(owner, user.email, PASSWORD).status == 302
    assert owner.get("/officers/consultations").status_code == 200
    mail = lock_mail()
    assert [m.to_address for m in mail] == [user.email]
    assert ATTACKER in mail[0].body and "15 minutes" in mail[0].body
    stored = db.session.scalars(select(SignInAttempt.address)).all()
    assert ATTACKER not in stored and address_key(ATTACKER) in stored
    assert not any(password in mail[0].body for password in passwords)


def test_a_locked_address_sees_the_same_clear_message_whether_or_not_the_account_exists(
    web_app: Flask, clean_db: None
) -> None:
    user = make_user(Role.OFFICER)
    pages = {
        email: [sign_in_as(client_at(web_app, ATTACKER), email, WRONG) for _ in range(6)]
        for email in (user.email, "nobody@example.org")
    }
    for email, seen in pages.items():
        assert [page.error_summary() for page in seen] == [[GENERIC]] * 4 + [[LOCKED]] * 2, email
        assert {page.status for page in seen} == {400}
    assert attempt("nobody@example.org", ATTACKER).locked_until_utc > utcnow()
    assert [m.to_address for m in lock_mail()] == [user.email]


def test_many_addresses_only_slow_the_account_down_and_the_owner_gets_in_after_the_wait(
    web_app: Flask, clean_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(web_app.config, "SIGN_IN_ACCOUNT_FAILURES", 3)
    user = make_user(Role.OFFICER)
    seen = [sign_in_as(client_at(web_app, f"192.0.2.{n}"), user.email, WRONG).error_summary() for n in range(3)]
    assert seen == [[GENERIC], [GENERIC], [SLOWED]]
    owner = client_at(web_app, OWNER)
    assert sign_in_as(owner, user.email, PASSWORD).error_summary() == [SLOWED]
    unknown = [
        sign_in_as(client_at(web_app, f"192.0.2.{n}"), "nobody@example.org", WRONG).error_summary() for n in range(4)
    ]
    assert unknown == [[GENERIC], [GENERIC], [SLOWED], [SLOWED]]

    row = attempt(user.email, ANY_ADDRESS)
    assert utcnow() < row.locked_until_utc <= utcnow() + timedelta(seconds=5)
    db.session.execute(
        update(SignInAttempt).where(SignInAttempt.id == row.id).values(locked_until_utc=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    assert sign_in_as(owner, user.email, PASSWORD).status == 302
    assert [m.to_address for m in lock_mail()] == [user.email]


def test_the_delay_grows_with_each_failure_and_stops_at_a_minute(app: Flask, clean_db: None) -> None:
    rules = lockout.LockoutRules(
        failures_per_address=5, window=timedelta(minutes=15), account_failures=3, max_delay=timedelta(minutes=1)
    )
    make_user(Role.OFFICER)
    now, waits = utcnow(), []
    for n in range(12):
        with pytest.raises(services.SignInError):
            services.authenticate("officer@example.org", WRONG, address=f"192.0.2.{n}", rules=rules, now=now)
        db.session.commit()
        until = attempt("officer@example.org", ANY_ADDRESS).locked_until_utc
        waits.append(round((until - now).total_seconds()) if until and until > now else 0)
        now = max(now, until or now) + timedelta(seconds=0.5)
    assert waits == [0, 0, 5, 10, 20, 40, 60, 60, 60, 60, 60, 60]


def test_the_holder_is_emailed_once_per_window_however_many_addresses_are_locked(app: Flask, clean_db: None) -> None:
    rules = lockout.LockoutRules.from_config(app.config)
    user = make_user(Role.OFFICER)
    now = utcnow()
    for address in (ATTACKER, "192.0.2.50", ATTACKER):
        for _ in range(6):
            with pytest.raises(services.SignInError):
                services.authenticate(user.email, WRONG, address=address, rules=rules, now=now)
            db.session.commit()
    assert len(lock_mail()) == 1
    later = now + timedelta(minutes=16)
    for _ in range(5):
        with pytest.raises(services.SignInError):
            services.authenticate(user.email, WRONG, address=ATTACKER, rules=rules, now=later)
        db.session.commit()
    assert len(lock_mail()) == 2


def test_a_right_password_forgives_earlier_slips_from_the_same_address(web_app: Flask, clean_db: None) -> None:
    user = make_user(Role.OFFICER)
    me = client_at(web_app, OWNER)
    for _ in range(4):
        assert sign_in_as(me, user.email, WRONG).error_summary() == [GENERIC]
    assert sign_in_as(me, user.email, PASSWORD).status == 302
    me = client_at(web_app, OWNER)
    for _ in range(4):
        assert sign_in_as(me, user.email, WRONG).error_summary() == [GENERIC]
    assert sign_in_as(me, user.email, PASSWORD).status == 302
    assert lock_mail() == []


def test_an_administrator_resetting_the_password_lifts_the_lock(web_app: Flask, clean_db: None) -> None:
    admin, user = make_user(Role.ADMIN, "admin@example.org"), make_user(Role.OFFICER)
    for _ in range(5):
        sign_in_as(client_at(web_app, ATTACKER), user.email, WRONG)
    assert attempt(user.email, ATTACKER).locked_until_utc > utcnow()
    reset_password(admin, db.session.merge(user), "a-brand-new-password")
    db.session.commit()
    assert sign_in_as(client_at(web_app, ATTACKER), user.email, "a-brand-new-password").status == 302
    assert attempt(user.email, ATTACKER) is None
