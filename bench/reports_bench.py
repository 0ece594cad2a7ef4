"""Reports at scale: dashboard render time (unfiltered, and with each filter and a cross-tab), CSV zip and XLSX
export time and peak memory, DOCX report time.

    .venv/bin/python bench/reports_bench.py [--n 100000] [--database-url sqlite:////tmp/reports-bench.db] [--recent 199]

Without ``--database-url`` a fresh SQLite file is created and filled with ``bench/generate_responses.py``'s
generator. The generator writes rows straight into the tables, as an import would, so the bench first folds them
into the closed-answer tallies (``app/reports/tallies.py``) and prints how long that one-off fold took; then it
sends ``--recent`` more responses, which the dashboard counts live as it would between folds.
The dashboard is fetched through the Flask test client as the signed-in demo officer: first in a fresh process
(templates compiled, aggregates computed), then with the aggregates cache cleared, then cached; then each filtered
view (ward, age band, both, channel, survey, a week of dates, a cross-tab) with the cache cleared: a filtered view
sums the filter tallies (``app/reports/filter_tallies.py``) kept by the same fold, plus the responses sent since.
Each export runs as a real job (``run_job``) in a child process, so its peak memory (``ru_maxrss``) is its own.
Wall and CPU seconds are both printed, as the machine may be shared.
Targets at 100,000 responses: dashboard with any filter <= 1 s, CSV zip <= 20 s and <= 300 MB, XLSX <= 20 s,
DOCX <= 30 s. Prints figures only.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def demo_app(url: str, **overrides: object) -> Flask:
    """The app on ``url``, migrated and with the demo seeded."""
    from flask_migrate import upgrade

    from app import create_app
    from app.demo import seed
    from config import DevelopmentConfig

    app = create_app(
        DevelopmentConfig,
        {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "SERVER_NAME": "localhost", **overrides},
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        seed()
    return app


def _consultation_id(app: Flask) -> int:
    from sqlalchemy import select

    from app.demo import DEMO_SLUG
    from app.extensions import db
    from app.models import Consultation

    with app.app_context():
        return db.session.scalar(select(Consultation.id).where(Consultation.slug == DEMO_SLUG))


def time_dashboard(app: Flask, runs: int = 3) -> list[tuple[float, float]]:
    from app.demo import DEMO_OFFICER

    client = app.test_client()
    signed_in = client.post("/staff/sign-in", data={"email": DEMO_OFFICER[0], "password": DEMO_OFFICER[2]})
    assert signed_in.status_code == 302, "could not sign in as the demo officer"
    url = f"/officers/reports/{_consultation_id(app)}"
    timings = []
    for run in range(runs):
        if run == 1:
            from app.reports import cache

            cache.clear()
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
        assert response.status_code == 200
    return timings


FILTERED_VIEWS = {
    "ward": "ward={ward}",
    "age band": "age_band={age}",
    "ward and age band": "ward={ward}&age_band={age}",
    "channel": "channel=paper",
    "survey": "survey=resident",
    "a week received": "date_from={week_ago}",
    "closed questions, ward": "view=questions&ward={ward}",
    "cross-tab by ward": "view=crosstab&question=resident:feel_safe:local_dark&by=ward",
    "cross-tab by age, ward filter": "view=crosstab&question=resident:feel_safe:local_dark&by=age_band&ward={ward}",
}


def time_filtered_views(app: Flask) -> dict[str, tuple[float, float]]:
    """Each filtered view once with the aggregates cache cleared (nothing of a filter's figures is cached)."""
    from datetime import timedelta

    from app.demo import DEMO_OFFICER
    from app.models.types import utcnow
    from app.reports import cache

    client = app.test_client()
    client.post("/staff/sign-in", data={"email": DEMO_OFFICER[0], "password": DEMO_OFFICER[2]})
    base = f"/officers/reports/{_consultation_id(app)}?"
    values = {"ward": "bletchley_east", "age": "35_44", "week_ago": f"{utcnow() - timedelta(days=7):%Y-%m-%d}"}
    timings = {}
    for name, query in FILTERED_VIEWS.items():
        cache.clear()
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(base + query.format(**values))
        timings[name] = (time.perf_counter() - started, time.process_time() - cpu)
        assert response.status_code == 200, (name, response.status_code)
    return timings


def fold_and_add_recent(app: Flask, recent: int) -> None:
    """Fold what is waiting into the tallies (timed), then send ``recent`` responses to be counted live."""
    from app.extensions import db
    from app.models import Consultation
    from app.reports import tallies
    from bench.generate_responses import generate

    with app.app_context():
        started, cpu = time.perf_counter(), time.process_time()
        folded = tallies.catch_up([_consultation_id(app)], at_least=1)
        print(
            f"tallies: folded {folded:,} responses in {time.perf_counter() - started:.1f} s "
            f"(CPU {time.process_time() - cpu:.1f} s), once; a view folds only what is new",
            flush=True,
        )
        if recent:
            generate(db.session.get(Consultation, _consultation_id(app)), recent, seed=int(time.time()))
            print(f"sent {recent} more responses, counted live until the next fold", flush=True)


def run_export_child(url: str, key: str, export_dir: str) -> dict[str, float]:
    """In this (child) process: run one export job and report its time and this process's peak memory."""
    from sqlalchemy import select

    from app.extensions import db
    from app.jobs.runner import run_job
    from app.jobs.services import create_job
    from app.models import Consultation, Job, User

    app = demo_app(url, EXPORT_DIR=export_dir)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with app.app_context():
        consultation = db.session.get(Consultation, _consultation_id(app))
        officer = db.session.scalar(select(User).order_by(User.id))
        job = create_job(f"export_{key}", officer, consultation, format=key)
        db.session.commit()
        job_id = job.id
        started, cpu = time.perf_counter(), _cpu()
        run_job(job_id)
        elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
        db.session.expire_all()
        finished = db.session.get(Job, job_id)
        size = Path(finished.result_path).stat().st_size if finished.result_path else 0
        status = finished.status.value
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": elapsed,
        "cpu": cpu,
        "peak_mb": peak / 1024,
        "before_mb": before / 1024,
        "bytes": size,
        "status": status,
    }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(url: str, key: str, export_dir: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", key, "--database-url", url, "--export-dir", export_dir],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--export-dir", default="")
    parser.add_argument("--child", default="")
    parser.add_argument("--recent", type=int, default=199)
    parser.add_argument("--only", default="", help="comma-separated: dashboard,csv,xlsx,json,docx")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_export_child(args.database_url, args.child, args.export_dir)))
        return
    work = tempfile.mkdtemp(prefix="reports-bench-")
    url = args.database_url or f"sqlite:///{work}/bench.db"
    export_dir = args.export_dir or f"{work}/exports"
    app = demo_app(url)
    if not args.database_url:
        from app.extensions import db
        from app.models import Consultation
        from bench.generate_responses import generate

        with app.app_context():
            started = time.perf_counter()
            written = generate(db.session.get(Consultation, _consultation_id(app)), args.n)
            print(
                f"generated {written['responses']:,} responses / {written['answers']:,} answer rows / "
                f"{written['codings']:,} coded comments in {time.perf_counter() - started:.1f} s ({url})"
            )
    only = set(args.only.split(",")) if args.only else {"dashboard", "csv", "xlsx", "json", "docx"}
    if "dashboard" in only:
        fold_and_add_recent(app, args.recent)
        (first, first_cpu), (cold, cold_cpu), (warm, warm_cpu) = time_dashboard(app)
        print(
            f"dashboard: first view in a fresh process {first:.2f} s (CPU {first_cpu:.2f} s); aggregates "
            f"recomputed {cold:.2f} s (CPU {cold_cpu:.2f} s); cached {warm:.2f} s (CPU {warm_cpu:.2f} s) "
            "(target <= 1 s)",
            flush=True,
        )
        for name, (seconds, cpu) in time_filtered_views(app).items():
            print(f"dashboard filtered by {name}: {seconds:.2f} s (CPU {cpu:.2f} s) (target <= 1 s)", flush=True)
    for key, target in (("csv", "<= 20 s, <= 300 MB"), ("xlsx", "<= 20 s"), ("json", "no target"), ("docx", "<= 30 s")):
        if key not in only:
            continue
        result = _child(url, key, export_dir)
        print(
            f"{key} export job: {result['seconds']:.1f} s (CPU {result['cpu']:.1f} s), "
            f"peak RSS {result['peak_mb']:.0f} MB (process at start {result['before_mb']:.0f} MB), "
            f"file {result['bytes'] / 1e6:.1f} MB, {result['status']} ({target})",
            flush=True,
        )
    if not args.database_url:
        print(f"(generated database and exports in {work}; delete the folder when done)")


if __name__ == "__main__":
    main()
