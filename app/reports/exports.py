"""Export use-cases for the views: start an export job, find a finished one to download. Both are audit-logged;
the files themselves are written by the job handlers in ``app.reports.jobs``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.jobs.services import create_job, get_job, list_jobs
from app.models import Consultation, Job, JobStatus, User

KIND_PREFIX = "export_"


@dataclass(frozen=True)
class ExportFormat:
    key: str
    title: str
    description: str
    content_type: str
    suffix: str
    name: str


FORMATS: dict[str, ExportFormat] = {
    f.key: f
    for f in (
        ExportFormat(
            "csv",
            "Raw responses (CSV files in a zip)",
            "One CSV file per survey: a row per sent response from residents and stakeholders, a column per "
            "question, and the themes and sentiment of each comment. Pupils' answers are never exported one "
            "by one: they are in the Excel and JSON exports as counts.",
            "application/zip",
            ".zip",
            "responses",
        ),
        ExportFormat(
            "xlsx",
            "Raw responses and summaries (Excel)",
            "A sheet of responses per survey (with the themes and sentiment of each comment), then a summary, "
            "closed questions with last year's results (pupils' as counts with small numbers hidden), themes, "
            "the codebook and representativeness.",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            "responses",
        ),
        ExportFormat(
            "docx",
            "Themed summary report (Word)",
            "An editable report for the strategy team: who responded, themes with quotes, and charts.",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            "report",
        ),
        ExportFormat(
            "json",
            "Analysis (JSON)",
            "Counts, closed questions, themes and sentiment, for re-use.",
            "application/json",
            ".json",
            "analysis",
        ),
    )
}


class ExportNotReadyError(DomainError):
    pass


def get_format(key: str) -> ExportFormat:
    if key not in FORMATS:
        raise NotFoundError(key)
    return FORMATS[key]


def start_export(consultation: Consultation, key: str, actor: User) -> Job:
    export = get_format(key)
    job = create_job(KIND_PREFIX + export.key, actor, consultation, format=export.key)
    record_event("export_requested", actor, job, consultation_id=consultation.id, format=export.key)
    return job


def list_exports(consultation: Consultation) -> list[Job]:
    return list_jobs(consultation, KIND_PREFIX, limit=12)


def get_export(consultation: Consultation, job_id: int) -> Job:
    job = get_job(job_id, consultation)
    if not job.kind.startswith(KIND_PREFIX):
        raise NotFoundError(str(job_id))
    return job


def export_format_of(job: Job) -> ExportFormat:
    return FORMATS[job.kind.removeprefix(KIND_PREFIX)]


def download(consultation: Consultation, job_id: int, actor: User) -> tuple[Job, Path]:
    job = get_export(consultation, job_id)
    path = Path(job.result_path) if job.result_path else None
    if job.status != JobStatus.DONE or path is None or not path.is_file():
        raise ExportNotReadyError("This export has not finished")
    record_event("export_downloaded", actor, job, consultation_id=consultation.id, format=export_format_of(job).key)
    return job, path


def output_path(job: Job, consultation: Consultation) -> tuple[Path, str]:
    export = export_format_of(job)
    folder = Path(current_app.config["EXPORT_DIR"]) / str(consultation.id)
    folder.mkdir(parents=True, exist_ok=True)
    filename = f"{consultation.slug}-{export.name}-{job.id}{export.suffix}"
    return folder / filename, filename
