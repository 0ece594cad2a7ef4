"""Export job handlers: each writes one file under ``EXPORT_DIR`` and records it on the job for download.

They run in an ``rq worker`` when ``REDIS_URL`` is set, otherwise in the web process's local worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import update

from app.extensions import db
from app.jobs.runner import Progress
from app.models import Consultation, Job
from app.reports.dashboard import catch_up_tallies
from app.reports.exports import export_format_of, output_path

Writer = Callable[[Consultation, Path, Callable[[int, int], None]], object]


def _writer(key: str) -> Writer:
    if key == "csv":
        from app.reports.exports_csv import write_csv

        return write_csv
    if key == "xlsx":
        from app.reports.exports_xlsx import write_xlsx

        return write_xlsx
    if key == "json":
        from app.reports.exports_json import write_json

        return write_json
    from app.reports.report_docx import write_docx

    return write_docx


def _record(job_id: int, **values: object) -> None:
    """Write job fields as the first statement of a fresh transaction. On SQLite a long read followed by a write
    in the same transaction fails at once if anyone else wrote meanwhile (respondents keep submitting during an
    export); a transaction that starts with its write waits for the lock instead."""
    db.session.commit()
    db.session.execute(update(Job).where(Job.id == job_id).values(**values))
    db.session.commit()


def run_export(job: Job, progress: Progress) -> None:
    job_id = job.id
    consultation = db.session.get(Consultation, job.consultation_id)
    if consultation is None:
        raise LookupError(f"consultation {job.consultation_id}")
    export = export_format_of(job)
    path, filename = output_path(job, consultation)
    _record(job_id, message=f"Preparing the {export.title}")
    catch_up_tallies(consultation)

    def report(done: int, total: int) -> None:
        _record(job_id, progress=done, total=total, message=f"{done:,} of {total:,} done")

    _writer(export.key)(consultation, path, report)
    _record(
        job_id,
        result_path=str(path),
        result_filename=filename,
        result_content_type=export.content_type,
        message=f"{export.title} ready to download",
    )
    db.session.refresh(job)
