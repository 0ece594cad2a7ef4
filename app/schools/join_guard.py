"""Guessing join codes is limited per client address and in total, in storage that every worker shares.

Why: a limit kept in the browser's cookie is gone with a fresh cookie, and an in-process counter is per gunicorn
worker (474 wrong guesses in ten minutes were never refused). So wrong codes are counted per client address
(``JOIN_CODE_FAILURES_PER_IP``) and for everyone together (``JOIN_CODE_FAILURES_OVERALL``): in Redis through
Flask-Limiter's storage when it is configured, otherwise in the database (``join_attempts``, one atomic upsert per
count, fixed windows). Only wrong codes count, so a whole class behind one school address typing the right code all
get in; once a limit is reached every code is refused, right or wrong, so a guesser learns nothing more.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import current_app
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from sqlalchemy import delete, select

from app.common.client_address import address_key
from app.common.errors import DomainError
from app.common.upsert import upsert
from app.extensions import db, limiter
from app.models import ClassSession
from app.models.attempts import ANY_ADDRESS, JoinAttempt
from app.schools import pupils

log = logging.getLogger(__name__)
_SCOPE = "join-wrong-codes"


class TooManyGuessesError(DomainError):
    """Too many wrong codes from this address, or from everyone: nothing is checked until the window ends."""


def find_open_session(code: str, address: str, now: datetime) -> ClassSession:
    """The open session for ``code``; raises ``TooManyGuessesError`` past a limit, ``pupils.JoinCodeError`` (and
    counts it) for a wrong code. The caller commits, so the count is kept."""
    limits = _limits(address)
    if _refused(limits, now):
        raise TooManyGuessesError(address)
    try:
        return pupils.find_open_session(code, now)
    except pupils.JoinCodeError:
        _count_wrong(limits, now)
        raise


def _limits(address: str) -> list[tuple[RateLimitItem, str]]:
    config = current_app.config
    return [
        (parse(config["JOIN_CODE_FAILURES_PER_IP"]), address_key(address)),
        (parse(config["JOIN_CODE_FAILURES_OVERALL"]), ANY_ADDRESS),
    ]


def _shared_storage() -> bool:
    """Flask-Limiter's storage is shared by every worker unless it is in-process memory (no Redis configured)."""
    return not isinstance(limiter.storage, MemoryStorage)


def _refused(limits: list[tuple[RateLimitItem, str]], now: datetime) -> bool:
    if _shared_storage():
        try:
            return not all(limiter.limiter.test(item, _SCOPE, who) for item, who in limits)
        except Exception:  # Redis down: the database still counts, so the limit still holds
            log.warning("Rate-limit storage unreachable; counting wrong join codes in the database")
    return any(_database_count(item, who, now) >= item.amount for item, who in limits)


def _count_wrong(limits: list[tuple[RateLimitItem, str]], now: datetime) -> None:
    if _shared_storage():
        try:
            for item, who in limits:
                limiter.limiter.hit(item, _SCOPE, who)
            return
        except Exception:
            log.warning("Rate-limit storage unreachable; counting wrong join codes in the database")
    for item, who in limits:
        _database_hit(item, who, now)


def _window_start(item: RateLimitItem, now: datetime) -> datetime:
    length = item.get_expiry()
    return datetime.fromtimestamp(int(now.timestamp()) // length * length, UTC)


def _database_count(item: RateLimitItem, who: str, now: datetime) -> int:
    return (
        db.session.scalar(
            select(JoinAttempt.wrong_guesses).where(
                JoinAttempt.address == who, JoinAttempt.window_start_at_utc == _window_start(item, now)
            )
        )
        or 0
    )


def _database_hit(item: RateLimitItem, who: str, now: datetime) -> None:
    start = _window_start(item, now)
    statement = upsert(
        JoinAttempt,
        {"address": who, "window_start_at_utc": start, "wrong_guesses": 1},
        ["address", "window_start_at_utc"],
        {"wrong_guesses": JoinAttempt.wrong_guesses + 1},
    ).returning(JoinAttempt.wrong_guesses)
    if db.session.execute(statement).scalar_one() == 1:
        db.session.execute(delete(JoinAttempt).where(JoinAttempt.window_start_at_utc < start))
