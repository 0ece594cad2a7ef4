"""CLI commands for the schools module; run them from cron (for example nightly just after midnight)."""

from __future__ import annotations

import click
from flask import current_app

from app.extensions import db
from app.models.types import utcnow
from app.safeguarding.services import purge_expired
from app.schools.services import close_expired_sessions


@click.command("close-expired-sessions")
def close_expired_sessions_command() -> None:
    """Mark class sessions past the end of their day closed (requests already refuse them by time)."""
    closed = close_expired_sessions(utcnow())
    db.session.commit()
    click.echo(f"Closed {closed} expired class session(s)")


@click.command("purge-safeguarding")
@click.option("--days", type=int, default=None, help="Retention in days (default SAFEGUARDING_RETENTION_DAYS)")
def purge_safeguarding_command(days: int | None) -> None:
    """Delete reviewed safeguarding flags, reviewers' decisions and adult-contact requests older than the retention
    period."""
    retention = days if days is not None else int(current_app.config["SAFEGUARDING_RETENTION_DAYS"])
    result = purge_expired(utcnow(), retention)
    db.session.commit()
    click.echo(
        f"Deleted {result.flags} safeguarding flag(s) and {result.decisions} reviewer decision(s) "
        f"older than {retention} days"
    )
    if result.open_past_retention:
        click.echo(
            f"{result.open_past_retention} flag(s) older than {retention} days are still waiting for review", err=True
        )
