"""The in-process rate-limit storage counts fixed windows like limits' memory storage, without a thread per hit."""

from __future__ import annotations

import threading

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from app.common import ratelimit_storage
from app.common.ratelimit_storage import SweepingMemoryStorage


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit_storage.time, "time", lambda: now[0])
    monkeypatch.setattr("limits.storage.memory.time.time", lambda: now[0])
    return now


def test_the_scheme_is_registered_with_limits() -> None:
    assert isinstance(storage_from_string("sweeping-memory://"), SweepingMemoryStorage)


def test_a_fixed_window_allows_its_limit_then_refuses_until_the_window_ends(clock: list[float]) -> None:
    limiter = FixedWindowRateLimiter(SweepingMemoryStorage())
    three_a_minute = parse("3 per minute")
    assert [limiter.hit(three_a_minute, "respondent") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit(three_a_minute, "someone-else")
    clock[0] += 61
    assert limiter.hit(three_a_minute, "respondent")


def test_expired_counters_are_swept_without_starting_threads(clock: list[float]) -> None:
    storage = SweepingMemoryStorage()
    threads_before = threading.active_count()
    for index in range(100):
        storage.incr(f"client-{index}", expiry=5)
    assert threading.active_count() <= threads_before
    assert len(storage.storage) == 100
    clock[0] += ratelimit_storage.SWEEP_INTERVAL + 1
    storage.incr("late-client", expiry=5)
    assert set(storage.storage) == {"late-client"}
    assert storage.get("late-client") == 1
