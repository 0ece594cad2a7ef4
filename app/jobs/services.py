"""Creating and reading jobs for the views."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.common.errors import NotFoundError
from app.extensions import db
from app.models import Consultation, Job, User


def create_job(kind: str, actor: User, consultation: Consultation | None = None, **params: Any) -> Job:
    job = Job(
        kind=kind,
        created_by_id=actor.id,
        consultation_id=consultation.id if consultation else None,
        params=params,
        message="Waiting to start",
    )
    db.session.add(job)
    db.session.flush()
    return job


def get_job(job_id: int, consultation: Consultation) -> Job:
    """A job of this consultation (never another's, whatever id is in the URL)."""
    job = db.session.scalar(select(Job).where(Job.id == job_id, Job.consultation_id == consultation.id))
    if job is None:
        raise NotFoundError(str(job_id))
    return job


def list_jobs(consultation: Consultation, kind_prefix: str = "", limit: int = 10) -> list[Job]:
    return list(
        db.session.scalars(
            select(Job)
            .where(Job.consultation_id == consultation.id, Job.kind.startswith(kind_prefix))
            .order_by(Job.created_at_utc.desc(), Job.id.desc())
            .limit(limit)
        )
    )
