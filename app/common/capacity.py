"""Graceful overload: past the configured capacity, respondent writes get a fast 429 "try again" page instead of
queueing until they time out. With Redis the limit is shared by every worker and host; without it, per process.
Answers already saved stay saved, and the page the respondent was on keeps what they typed when they go back.

Load is shed where a journey writes most, on the question pages. The final Send is not held back: it is one
conditional update, each respondent sends once after many page saves (which this limit already paces), and refusing
the click of someone who has answered everything is the likeliest way to lose a response. Send keeps its own
per-address limit (``RESPONDENT_SUBMIT_LIMIT``) against replays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from app.extensions import limiter


def _capacity() -> str:
    return current_app.config["WRITE_CAPACITY"]


def respondent_write_capacity() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return limiter.shared_limit(_capacity, scope="respondent-writes", key_func=lambda: "all", methods=["POST"])
