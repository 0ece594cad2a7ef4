"""The job runner: handlers found by kind in one table, progress written apart from the job's own work, and the jobs
package importable without the features whose jobs it runs."""

from __future__ import annotations

import json
import subprocess
import sys

from app.extensions import db
from app.jobs.handlers import HANDLERS, resolve
from app.jobs.runner import Progress, run_job
from app.jobs.services import create_job
from app.models import Consultation, Job, JobStatus, Role
from app.reports.exports import FORMATS, KIND_PREFIX
from tests.factories import ROOT_DIR, make_consultation, make_user

FEATURES = ("app.analysis", "app.reports", "app.officers", "app.surveys", "app.safeguarding", "app.schools")


def test_a_progress_update_leaves_the_jobs_unfinished_work_uncommitted(clean_db: None) -> None:
    consultation = make_consultation()
    job = create_job("recompute_analysis", make_user(Role.OFFICER), consultation)
    db.session.commit()
    progress = Progress(job)
    consultation.title = "Half of a batch"  # the job's work so far, not committed
    if db.engine.dialect.name != "sqlite":
        # Sent to the database but not committed. (On SQLite a job's write holds the file's write lock until it
        # commits, so there a job commits each batch before reporting it, and the change stays in the session.)
        db.session.flush()

    progress.update(3, 10, "Recomputed 3 of 10 answers")

    assert (job.progress, job.total) == (3, 10)
    db.session.rollback()
    assert db.session.get(Consultation, consultation.id).title == "Consultation safety-2026"
    stored = db.session.get(Job, job.id)
    assert (stored.progress, stored.total, stored.message) == (3, 10, "Recomputed 3 of 10 answers")


def test_b_the_jobs_package_imports_no_feature_package() -> None:
    script = (
        "import importlib, json, pkgutil, sys\n"
        "import app.jobs\n"
        "for module in pkgutil.iter_modules(app.jobs.__path__):\n"
        "    importlib.import_module('app.jobs.' + module.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT_DIR, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout)
    assert "app.jobs.runner" in loaded and "app.jobs.handlers" in loaded
    assert [name for name in loaded if name.startswith(FEATURES)] == []


def test_c_a_job_of_an_unknown_kind_fails_with_a_clear_error(clean_db: None) -> None:
    job = create_job("export_pdf", make_user(Role.OFFICER), make_consultation())
    db.session.commit()

    run_job(job.id)

    db.session.rollback()
    failed = db.session.get(Job, job.id)
    assert failed.status == JobStatus.FAILED
    assert failed.finished_at_utc is not None
    assert failed.error.startswith("UnknownJobKindError: No handler for job kind 'export_pdf'")
    assert "recompute_analysis" in failed.error
    assert failed.message == (
        "This kind of job (export_pdf) is not known to this version of SaferVoice. Tell the administrator."
    )


def test_every_kind_the_features_create_has_a_handler() -> None:
    kinds = {"recompute_analysis"} | {KIND_PREFIX + key for key in FORMATS}
    assert set(HANDLERS) == kinds
    assert all(callable(resolve(kind)) for kind in kinds)
