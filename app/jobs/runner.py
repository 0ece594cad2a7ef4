"""Running jobs off the request.

With ``REDIS_URL`` set, jobs go to an RQ queue served by a separate ``rq worker`` process (several app hosts, one
queue). Without Redis, the same job function runs in a local background thread of the web process, so ``make run``
needs nothing else. Either way progress is written to the ``jobs`` table.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app

from app.common.database import writing_transactions
from app.extensions import db
from app.models import Job, JobStatus
from app.models.types import utcnow

log = logging.getLogger(__name__)
QUEUE_NAME = "safervoice"
JobHandler = Callable[[Job, "Progress"], None]
_HANDLERS: dict[str, JobHandler] = {}
_local_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


class Progress:
    """Lets a job report how far it has got; commits only the job row, in its own short transaction."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.job.progress = done
        if total is not None:
            self.job.total = total
        if message is not None:
            self.job.message = message[:300]
        db.session.commit()


def handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def register(function: JobHandler) -> JobHandler:
        _HANDLERS[kind] = function
        return function

    return register


def enqueue(job: Job) -> None:
    """Hand a committed job to a worker."""
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url and not current_app.config.get("JOBS_RUN_LOCALLY"):
        from redis import Redis
        from rq import Queue

        Queue(QUEUE_NAME, connection=Redis.from_url(redis_url)).enqueue(
            "app.jobs.runner.run_job_in_worker", job.id, job_timeout=3600
        )
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    _executor().submit(_run_in_app, app, job.id)


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
    import app.jobs.tasks  # noqa: F401  (registers handlers)

    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.QUEUED:
        return
    job.status, job.started_at_utc = JobStatus.RUNNING, utcnow()
    db.session.commit()
    try:
        _HANDLERS[job.kind](job, Progress(job))
    except Exception as error:  # noqa: BLE001 - a failed job must be recorded, whatever the cause
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, job.kind)
        job = db.session.get(Job, job_id)
        job.status, job.error, job.finished_at_utc = JobStatus.FAILED, type(error).__name__, utcnow()
        job.message = "Something went wrong. Try again, and tell the administrator if it happens again."
        db.session.commit()
        return
    job.status, job.finished_at_utc = JobStatus.DONE, utcnow()
    job.progress = job.total or job.progress
    db.session.commit()


def wait_for_local_jobs(timeout: float = 60) -> None:
    """For tests and the CLI: block until the local worker has finished what it was given."""
    executor = _executor()
    executor.submit(lambda: None).result(timeout=timeout)


