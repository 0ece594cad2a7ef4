"""Counters of failed guesses, kept in the database because it is the one thing every worker and host shares.

In-process counters are per worker: under gunicorn a guesser spread over five workers got five times the allowance.
Each counter row is changed only by one atomic ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` (or a conditional
``UPDATE``), never read-then-written, so parallel requests cannot lose a count. Rows are short-lived (minutes) and
deleted as they expire; no email or client address is stored as typed or seen: ``account_key`` is the email's
SHA-256 and ``address`` a keyed hash of the client address (``app.common.client_address``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime

ANY_ADDRESS = "*"
"""The ``address`` of a row that counts for every client address at once (an account, or all join-code guesses)."""


class SignInAttempt(db.Model):
    """Failed staff sign-ins for one email address, from one client address or (``ANY_ADDRESS``) from anywhere.

    A per-address row locks that address out of that account; the account row only slows everyone down for a
    minute at most, so a stranger cannot lock the owner out of their own account by guessing."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (UniqueConstraint("account_key", "address", name="uq_sign_in_attempts_account_key_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the lower-cased email typed, so unknown addresses are counted (and refused) exactly like real ones."""
    address: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    locked_until_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    """Per address: refused until then. Account row: everyone waits until then (a short, growing delay)."""
    notified_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    """Account row: when the holder was last emailed, so a flood of locks sends one email per window."""


class JoinAttempt(db.Model):
    """Wrong join codes typed in one fixed time window, from one client address or (``ANY_ADDRESS``) in total."""

    __tablename__ = "join_attempts"
    __table_args__ = (
        UniqueConstraint("address", "window_start_at_utc", name="uq_join_attempts_address_window_start_at_utc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    window_start_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    wrong_guesses: Mapped[int] = mapped_column(default=0)
