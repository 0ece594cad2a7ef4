"""An export enqueued on Redis is run by a real ``rq worker`` process against the test database.

Needs the local Redis (127.0.0.1:6379): if it is down this test fails, it is never skipped.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import select

from app.extensions import db
from app.jobs.runner import QUEUE_NAME
from app.models import Job, JobStatus, Role
from tests.factories import ROOT_DIR, make_user, sign_in
from tests.integration.reports.helpers import consultation_with_responses, csv_files
from tests.pages import post

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def test_export_job_runs_in_a_real_rq_worker(
    client: FlaskClient, web_app: Flask, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    redis = Redis.from_url(REDIS_URL)
    assert redis.ping(), "the local Redis must be running for this test"
    redis.delete(f"rq:queue:{QUEUE_NAME}")
    monkeypatch.setitem(web_app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(web_app.config, "EXPORT_DIR", str(tmp_path))
    consultation, _ = consultation_with_responses()
    sign_in(client, make_user(Role.OFFICER))
    dashboard = f"/officers/reports/{consultation.id}"
    assert post(client, f"{dashboard}/exports/csv", {}, form_url=dashboard).status == 302
    job = db.session.scalar(select(Job))
    assert job.status == JobStatus.QUEUED
    assert redis.llen(f"rq:queue:{QUEUE_NAME}") == 1

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "EXPORT_DIR": str(tmp_path),
        "SAFERVOICE_ENV": "development",
    }
    worker = subprocess.run(
        [str(Path(sys.executable).parent / "rq"), "worker", "--burst", "--url", REDIS_URL, QUEUE_NAME],
        cwd=ROOT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]

    db.session.rollback()
    job = db.session.get(Job, job.id)
    assert job.status == JobStatus.DONE, (job.error, worker.stderr[-3000:])
    assert Path(job.result_path).parent.parent == tmp_path
    download = client.get(f"{dashboard}/exports/{job.id}/download")
    assert download.status_code == 200
    files = csv_files(download.get_data())
    assert list(files) == ["annual.csv"]
    rows = list(csv.reader(io.StringIO(files["annual.csv"])))
    assert len(rows) == 31
