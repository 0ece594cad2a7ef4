"""Running jobs off the request.

With ``REDIS_URL`` set, jobs go to an RQ queue served by a separate ``rq worker`` process (several app hosts, one
queue). Without Redis, the same job function runs in a local background thread of the web process, so ``make run``
needs nothing else. Either way progress is written to the ``jobs`` table.

Which function runs a job is looked up by its kind in ``app.jobs.handlers`` when the job runs, so this module imports
no feature package. A handler commits each batch of its work itself (``db.session.commit()``) and then reports
progress; ``Progress`` writes only the job row, on a connection of its own, so a progress tick never commits a
half-done batch.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.common.database import writing_transactions
from app.extensions import db
from app.jobs.handlers import UnknownJobKindError, resolve
from app.models import Job, JobStatus
from app.models.types import utcnow

log = logging.getLogger(__name__)
QUEUE_NAME = "safervoice"
JOBS_TO_START = "safervoice_jobs_to_start"
"""Ids of jobs enqueued in a session's open transaction, started when it commits."""
_local_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


class Progress:
    """Lets a job report how far it has got: writes only the job row, in a short transaction on its own connection,
    and leaves whatever the job's session has not committed uncommitted.

    Commit the batch before reporting it: on SQLite a job's transaction holds the write lock from its first
    statement, so a progress write waits for the job's session to commit."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.job_id = job.id

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        values: dict[str, Any] = {"progress": done}
        if total is not None:
            values["total"] = total
        if message is not None:
            values["message"] = message[:300]
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id == self.job_id).values(**values))
        for key, value in values.items():  # the session's copy matches the row, without marking it changed
            set_committed_value(self.job, key, value)


def enqueue(job: Job) -> None:
    """Hand the job to a worker once the transaction that created it commits (a request's unit of work commits after
    its view), so the worker, reading on a connection of its own, always finds the row; a rollback forgets it."""
    listen_for_committed_jobs()
    db.session().info.setdefault(JOBS_TO_START, []).append(job.id)


def listen_for_committed_jobs() -> None:
    if not event.contains(Session, "after_commit", _start_committed_jobs):
        event.listen(Session, "after_commit", _start_committed_jobs)
        event.listen(Session, "after_rollback", _forget_rolled_back_jobs)


def _start_committed_jobs(session: Session) -> None:
    for job_id in session.info.pop(JOBS_TO_START, []):
        _start(job_id)


def _forget_rolled_back_jobs(session: Session) -> None:
    session.info.pop(JOBS_TO_START, None)


def _start(job_id: int) -> None:
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis
        from rq import Queue

        Queue(QUEUE_NAME, connection=Redis.from_url(redis_url)).enqueue(
            "app.jobs.runner.run_job_in_worker", job_id, job_timeout=3600
        )
        return
    app = current_app._get_current_object()
    _executor().submit(_run_in_app, app, job_id)


def _executor() -> ThreadPoolExecutor:
    global _local_executor
    with _executor_lock:
        if _local_executor is None:
            _local_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="safervoice-job")
        return _local_executor


def _run_in_app(app: Flask, job_id: int) -> None:
    with app.app_context(), writing_transactions():
        run_job(job_id)


def run_job_in_worker(job_id: int) -> None:
    """Entry point for ``rq worker``: build the app from the environment, then run the job."""
    from app import create_app

    with create_app().app_context(), writing_transactions():
        run_job(job_id)


def run_job(job_id: int) -> None:
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.QUEUED:
        return
    kind, progress = job.kind, Progress(job)
    job.status, job.started_at_utc = JobStatus.RUNNING, utcnow()
    db.session.commit()
    try:
        resolve(kind)(job, progress)
    except UnknownJobKindError as error:
        log.error("job %s failed: %s", job_id, error)
        _fail(
            job_id,
            f"{type(error).__name__}: {error}",
            f"This kind of job ({kind[:40]}) is not known to this version of SaferVoice. Tell the administrator.",
        )
        return
    except Exception as error:  # noqa: BLE001 - a failed job must be recorded, whatever the cause
        log.exception("job %s (%s) failed", job_id, kind)
        _fail(
            job_id,
            type(error).__name__,
            "Something went wrong. Try again, and tell the administrator if it happens again.",
        )
        return
    job.status, job.finished_at_utc = JobStatus.DONE, utcnow()
    job.progress = job.total or job.progress
    db.session.commit()


def _fail(job_id: int, error: str, message: str) -> None:
    """Record a failed job; whatever the handler left uncommitted is rolled back first."""
    db.session.rollback()
    job = db.session.get(Job, job_id)
    if job is None:
        return
    job.status, job.error, job.finished_at_utc, job.message = JobStatus.FAILED, error, utcnow(), message
    db.session.commit()


def wait_for_local_jobs(timeout: float = 60) -> None:
    """For tests and the CLI: block until the local worker has finished what it was given."""
    executor = _executor()
    executor.submit(lambda: None).result(timeout=timeout)
