"""Failed staff sign-ins: lock one client address out of one account, slow the account down, tell its holder.

Why this shape: a lock on the whole account let anyone keep any officer out with five guesses, and a counter that was
read then written lost most of eleven parallel guesses on PostgreSQL. So failures are counted per email *and* client
address (five lock that address out for ``LOGIN_WINDOW``; the owner elsewhere still signs in), and per email from
any address (past ``SIGN_IN_ACCOUNT_FAILURES`` every further failure makes everyone wait a short, growing delay of
at most ``SIGN_IN_MAX_DELAY``). Every count is one atomic upsert. Emails that match no account are counted and
refused exactly the same way, so no message says whether an account exists. The holder is emailed when a lock
starts (at most once per window, so a flood of locks is one email), never with any password.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, literal, or_, select, update

from app.common.client_address import address_key
from app.common.mail import send_email
from app.common.upsert import upsert
from app.extensions import db
from app.models import User
from app.models.attempts import ANY_ADDRESS, SignInAttempt
from app.models.types import UTCDateTime

ADDRESS_LOCKED = (
    "There have been too many attempts to sign in with this email address from your network. "
    "Wait {minutes} minutes, then try again, or ask an administrator to reset your password."
)
ACCOUNT_SLOWED = "There have been too many attempts to sign in with this email address. Wait a minute, then try again."


@dataclass(frozen=True)
class LockoutRules:
    failures_per_address: int
    window: timedelta
    """How long failures are counted for, and how long an address stays locked out."""
    account_failures: int
    max_delay: timedelta

    @classmethod
    def from_config(cls, config: Any) -> LockoutRules:
        return cls(
            failures_per_address=config["LOGIN_ATTEMPTS_PER_WINDOW"],
            window=config["LOGIN_WINDOW"],
            account_failures=config["SIGN_IN_ACCOUNT_FAILURES"],
            max_delay=config["SIGN_IN_MAX_DELAY"],
        )

    def address_locked_message(self) -> str:
        return ADDRESS_LOCKED.format(minutes=int(self.window.total_seconds() // 60))

    def delay(self, failures: int) -> timedelta:
        """5, 10, 20 … seconds from the account threshold on, never more than ``max_delay``."""
        excess = min(failures - self.account_failures, 16)
        return min(timedelta(seconds=5 * 2**excess), self.max_delay)


def account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def refusal(key: str, address: str, now: datetime, rules: LockoutRules) -> str | None:
    """The message refusing this attempt before any password is checked, or None to go on."""
    address = address_key(address)
    rows = db.session.execute(
        select(SignInAttempt.address, SignInAttempt.locked_until_utc).where(
            SignInAttempt.account_key == key, SignInAttempt.address.in_((address, ANY_ADDRESS))
        )
    ).all()
    locked = {row.address for row in rows if row.locked_until_utc and row.locked_until_utc > now}
    if address in locked:
        return rules.address_locked_message()
    return ACCOUNT_SLOWED if ANY_ADDRESS in locked else None


def record_failure(key: str, address: str, user: User | None, now: datetime, rules: LockoutRules) -> str | None:
    """Count one failure; return the message for a lock or delay it caused, or None for the generic message."""
    here = address_key(address)
    from_here = _count(key, here, now, rules.window)
    anywhere = _count(key, ANY_ADDRESS, now, rules.window)
    if from_here == 1:
        _forget_expired(now, rules.window)
    newly_locked = from_here >= rules.failures_per_address and _lock(key, here, now + rules.window, now)
    slowed = anywhere >= rules.account_failures
    if slowed:
        _set_lock(key, ANY_ADDRESS, now + rules.delay(anywhere))
    if (newly_locked or anywhere == rules.account_failures) and user is not None and user.is_active_account:
        _tell_holder(user, key, address, now, rules)
    if from_here >= rules.failures_per_address:
        return rules.address_locked_message()
    return ACCOUNT_SLOWED if slowed else None


def record_success(key: str, address: str, rules: LockoutRules) -> None:
    """A right password clears this address's earlier slips, unless a lock is already due: then it stands, so a
    right guess among parallel wrong ones cannot wipe their count. Other addresses' counts are left alone."""
    db.session.execute(
        update(SignInAttempt)
        .where(
            SignInAttempt.account_key == key,
            SignInAttempt.address == address_key(address),
            SignInAttempt.failures < rules.failures_per_address,
        )
        .values(failures=0)
    )


def forget_account(email: str) -> None:
    """Lift every lock and delay on an account (an administrator reset its password or reactivated it)."""
    db.session.execute(delete(SignInAttempt).where(SignInAttempt.account_key == account_key(email)))


def _count(key: str, address: str, now: datetime, window: timedelta) -> int:
    stale = SignInAttempt.window_started_at_utc <= now - window
    statement = upsert(
        SignInAttempt,
        {"account_key": key, "address": address, "failures": 1, "window_started_at_utc": now},
        ["account_key", "address"],
        {
            "failures": case((stale, 1), else_=SignInAttempt.failures + 1),
            "window_started_at_utc": case(
                (stale, literal(now, UTCDateTime())), else_=SignInAttempt.window_started_at_utc
            ),
        },
    ).returning(SignInAttempt.failures)
    return int(db.session.execute(statement).scalar_one())


def _lock(key: str, address: str, until: datetime, now: datetime) -> bool:
    """Lock unless already locked; True only for the one request that started the lock."""
    result = db.session.execute(
        update(SignInAttempt)
        .where(
            SignInAttempt.account_key == key,
            SignInAttempt.address == address,
            or_(SignInAttempt.locked_until_utc.is_(None), SignInAttempt.locked_until_utc <= now),
        )
        .values(locked_until_utc=until)
    )
    return bool(result.rowcount)


def _set_lock(key: str, address: str, until: datetime) -> None:
    db.session.execute(
        update(SignInAttempt)
        .where(SignInAttempt.account_key == key, SignInAttempt.address == address)
        .values(locked_until_utc=until)
    )


def _forget_expired(now: datetime, window: timedelta) -> None:
    """Counts live minutes, not forever: they say which (hashed) address failed when."""
    db.session.execute(
        delete(SignInAttempt).where(
            SignInAttempt.window_started_at_utc < now - 2 * window,
            or_(SignInAttempt.locked_until_utc.is_(None), SignInAttempt.locked_until_utc < now),
        )
    )


def _tell_holder(user: User, key: str, address: str, now: datetime, rules: LockoutRules) -> None:
    claimed = db.session.execute(
        update(SignInAttempt)
        .where(
            SignInAttempt.account_key == key,
            SignInAttempt.address == ANY_ADDRESS,
            or_(SignInAttempt.notified_at_utc.is_(None), SignInAttempt.notified_at_utc <= now - rules.window),
        )
        .values(notified_at_utc=now)
    )
    if not claimed.rowcount:
        return
    minutes = int(rules.window.total_seconds() // 60)
    send_email(
        user.email,
        "Someone tried to sign in to your SaferVoice account",
        (
            f"Dear {user.name},\n\n"
            f"Someone has typed the wrong password for your SaferVoice account ({user.email}) several times, "
            f"most recently from the internet address {address}. To protect your account, signing in from there is "
            f"paused for {minutes} minutes. You can still sign in as usual from your own computer.\n\n"
            "If this was you, wait and try again. If it was not you, tell your SaferVoice administrator, who can "
            "reset your password.\n\n"
            "We never send passwords by email, and this message does not contain yours."
        ),
        category="sign_in_lock",
        about=f"User:{user.id}",
    )
