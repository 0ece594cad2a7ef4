"""Graceful overload: past the configured capacity, respondent writes get a fast 429 "try again" page instead of
queueing until they time out. With Redis the limit is shared by every worker and host; without it, per process.
Answers already saved stay saved, and the page the respondent was on keeps what they typed when they go back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from app.extensions import limiter


def _capacity() -> str:
    return current_app.config["WRITE_CAPACITY"]


def respondent_write_capacity() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return limiter.shared_limit(_capacity, scope="respondent-writes", key_func=lambda: "all", methods=["POST"])
