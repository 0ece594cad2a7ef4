"""Delivering queued email off the request, with retries.

A commit that queued mail starts ``deliver_due`` (``app.common.mail``): on an RQ worker when Redis is configured,
else in a local background thread. Each due message is claimed with a conditional update before it is handed to
SMTP, so overlapping runs (a job, a retry, cron) never send it twice; a failed attempt is retried after
``MAIL_RETRY_DELAYS`` seconds (RQ needs ``rq worker --with-scheduler`` for the delayed retry); after the last one it
is ``failed``, which the reviewer queue shows, and ``flask deliver-pending-mail`` from cron keeps trying it every
hour. If even starting the job fails (Redis down), nothing is lost: the rows wait for the next run.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
from flask import Flask, current_app, has_app_context
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from app.common.database import writing_transactions
from app.common.mail import QUEUED_MAIL, MailError, deliver_smtp
from app.extensions import db
from app.jobs.runner import QUEUE_NAME
from app.models.mail import UNDELIVERED, MailStatus, OutboxMessage
from app.models.types import utcnow

log = logging.getLogger(__name__)
RETRY_DELAYS = (60, 300, 900, 3600)
"""Seconds to wait after each failed attempt; the last one repeats for cron once the job has given up."""
BATCH = 200
_executor: ThreadPoolExecutor | None = None
_timer: threading.Timer | None = None
_lock = threading.Lock()


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int
    retry_in_seconds: float | None
    """When the delivery job should run again for a message it may still retry; None if there is none."""


def retry_delays() -> tuple[int, ...]:
    return tuple(current_app.config.get("MAIL_RETRY_DELAYS") or RETRY_DELAYS)


def _due(now: datetime):
    return (
        OutboxMessage.status.in_(UNDELIVERED),
        or_(OutboxMessage.next_attempt_at_utc.is_(None), OutboxMessage.next_attempt_at_utc <= now),
    )


def deliver_due(now: datetime | None = None) -> DeliveryReport:
    """Try every undelivered message that is due, once each; commits after each message."""
    now = now or utcnow()
    ids = list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(*_due(now))
            .order_by(OutboxMessage.created_at_utc, OutboxMessage.id)
            .limit(BATCH)
        )
    )
    db.session.commit()
    outcomes = [_deliver_one(message_id, now) for message_id in ids]
    return DeliveryReport(sent=outcomes.count(True), failed=outcomes.count(False), retry_in_seconds=_next_retry(now))


def _deliver_one(message_id: int, now: datetime) -> bool | None:
    """True if sent, False if the attempt failed, None if another run had it."""
    message = _claim(message_id, now)
    if message is None:
        return None
    try:
        deliver_smtp(message)
    except MailError as error:
        message.last_error = error.kind[:200]
        if message.attempts > len(retry_delays()):
            message.status = MailStatus.FAILED
        db.session.commit()
        log.warning("outbox message %s not delivered (attempt %s): %s", message.id, message.attempts, error.kind)
        return False
    message.status, message.sent_at_utc, message.last_error = MailStatus.SENT, utcnow(), None
    db.session.commit()
    return True


def _claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Count the attempt and push the next one back before sending, so no other run picks the message up."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        return None
    attempts, delays = message.attempts + 1, retry_delays()
    wait = delays[min(attempts, len(delays)) - 1]
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.attempts == message.attempts, *_due(now))
        .values(attempts=attempts, next_attempt_at_utc=now + timedelta(seconds=wait))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        return None
    db.session.refresh(message)
    return message


def _next_retry(now: datetime) -> float | None:
    """Seconds until the earliest message the job itself will still retry (``pending``, not ``failed``)."""
    due = db.session.scalar(
        select(OutboxMessage.next_attempt_at_utc)
        .where(OutboxMessage.status == MailStatus.PENDING, OutboxMessage.next_attempt_at_utc.is_not(None))
        .order_by(OutboxMessage.next_attempt_at_utc)
        .limit(1)
    )
    db.session.commit()
    return None if due is None else max((due - now).total_seconds(), 0.0)


def listen_for_queued_mail() -> None:
    """Start delivery whenever a transaction that queued SMTP mail commits, and forget the mark if it rolls back.
    Called once from ``create_app`` (rather than registered by importing a module), so it is seen where it is set."""
    if not event.contains(Session, "after_commit", _start_delivery_after_commit):
        event.listen(Session, "after_commit", _start_delivery_after_commit)
        event.listen(Session, "after_rollback", _forget_rolled_back_mail)


def _start_delivery_after_commit(session: Session) -> None:
    if session.info.pop(QUEUED_MAIL, False) and has_app_context():
        start_delivery()


def _forget_rolled_back_mail(session: Session) -> None:
    session.info.pop(QUEUED_MAIL, None)


def start_delivery() -> None:
    """Start the delivery job for mail just committed. Never raises: the request that queued it has succeeded."""
    try:
        redis_url = current_app.config.get("REDIS_URL")
        if redis_url:
            _queue(redis_url).enqueue("app.jobs.mail.deliver_in_worker", job_timeout=600)
        else:
            _local_executor().submit(_run_locally, current_app._get_current_object())
    except Exception:  # noqa: BLE001 - Redis or a thread failing must not fail the request; cron sends it later
        log.exception("could not start mail delivery; `flask deliver-pending-mail` will send the queued mail")


def _queue(redis_url: str):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(redis_url))


def deliver_in_worker() -> None:
    """Entry point for ``rq worker``: deliver what is due, then schedule itself for the next retry."""
    from app import create_app

    app = create_app()
    with app.app_context(), writing_transactions():
        report = deliver_due()
        if report.retry_in_seconds is not None:
            _queue(app.config["REDIS_URL"]).enqueue_in(
                timedelta(seconds=report.retry_in_seconds + 1), "app.jobs.mail.deliver_in_worker", job_timeout=600
            )


def _local_executor() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="safervoice-mail")
        return _executor


def _run_locally(app: Flask) -> None:
    global _timer
    with app.app_context(), writing_transactions():
        try:
            report = deliver_due()
        except Exception:  # noqa: BLE001 - a thread has no one to tell; cron is the backstop
            log.exception("mail delivery failed")
            db.session.rollback()
            return
        finally:
            db.session.remove()
    if report.retry_in_seconds is not None:
        with _lock:
            if _timer is not None:
                _timer.cancel()
            _timer = threading.Timer(report.retry_in_seconds + 1, lambda: _local_executor().submit(_run_locally, app))
            _timer.daemon = True
            _timer.start()


def wait_for_local_delivery(timeout: float = 30) -> None:
    """For tests and the CLI: block until the local delivery thread has finished what it was given."""
    _local_executor().submit(lambda: None).result(timeout=timeout)


def cancel_local_retry() -> None:
    """For tests: forget a scheduled local retry, so it cannot run against another test's data."""
    global _timer
    with _lock:
        if _timer is not None:
            _timer.cancel()
        _timer = None


@click.command("deliver-pending-mail")
def deliver_pending_mail_command() -> None:
    """Send queued email that is due, including messages the delivery job gave up on (run from cron)."""
    report = deliver_due()
    click.echo(f"Sent {report.sent} queued email(s); {report.failed} could not be sent and will be tried again")
    if report.failed:
        raise click.ClickException("Some email could not be sent: check the SMTP settings and the mail server")
