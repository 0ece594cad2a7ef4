"""Load benchmark: SaferVoice under gunicorn on SQLite and PostgreSQL, driven over loopback by concurrent
respondents, against a minimal Flask + insert endpoint measured in the same run.

    .venv/bin/python bench/submit_load.py [--clients 16] [--per-client 40] [--workers 4] [--backends sqlite,postgresql]

Each respondent has answered every page of the demo resident survey (saved through the app's own services) and
then presses Send; every submit is replayed once, as a double click would. Prints submissions/s, the ceiling's
inserts/s, their ratio, p50/p95/p99 latency, and accepted vs stored (lost or duplicated responses would show here).
Bounded: a fixed number of requests per client and a time limit per phase.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadlib import SURVEY_PATH, Client, Respondent, gunicorn, prepare_respondents, server_env  # noqa: E402

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "safervoice_bench"
PHASE_TIME_LIMIT = 120.0
BENCH_SECRET = "bench-secret-key-not-for-production"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


Work = Callable[[int, list[float], list[str]], None]


def run_phase(clients: int, work: Work) -> tuple[float, list[float], list[str]]:
    latencies: list[float] = []
    outcomes: list[str] = []
    barrier = threading.Barrier(clients + 1)

    def runner(index: int) -> None:
        barrier.wait()
        work(index, latencies, outcomes)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(PHASE_TIME_LIMIT)
    return time.perf_counter() - started, latencies, outcomes


def ceiling(url: str, clients: int, per_client: int) -> tuple[float, list[float]]:
    def work(_: int, latencies: list[float], outcomes: list[str]) -> None:
        client = Client(url)
        deadline = time.monotonic() + PHASE_TIME_LIMIT
        for _ in range(per_client):
            if time.monotonic() > deadline:
                break
            start = time.perf_counter()
            status, _, _ = client.request("POST", "/insert", "")
            latencies.append(time.perf_counter() - start)
            outcomes.append("ok" if status == 204 else f"http {status}")
        client.close()

    elapsed, latencies, outcomes = run_phase(clients, work)
    return outcomes.count("ok") / elapsed, latencies


def submits(url: str, respondents: list[Respondent], clients: int, *, replay: bool = False
            ) -> tuple[float, list[float], list[str]]:
    """Each client sends its share of respondents' Send clicks over one keep-alive connection (a fresh cookie per
    respondent). With ``replay`` the same clicks are sent again, as a double click or a resent form would be."""
    per_client = len(respondents) // clients

    def work(index: int, latencies: list[float], outcomes: list[str]) -> None:
        client = Client(url)
        deadline = time.monotonic() + PHASE_TIME_LIMIT
        for respondent in respondents[index * per_client:(index + 1) * per_client]:
            if time.monotonic() > deadline:
                break
            client.cookie = respondent.cookie
            body = urlencode({"csrf_token": respondent.csrf_token})
            start = time.perf_counter()
            status, location, _ = client.request("POST", f"{SURVEY_PATH}/submit", body)
            latencies.append(time.perf_counter() - start)
            ok = status == 302 and location.endswith("/confirmation")
            outcomes.append(("same" if replay else "accepted") if ok else f"http {status}")
        client.close()

    elapsed, latencies, outcomes = run_phase(clients, work)
    return outcomes.count("same" if replay else "accepted") / elapsed, latencies, outcomes


def prepare_database(backend: str, tmp: str) -> str:
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text

    from app import create_app
    from app.demo import seed
    from config import TestingConfig

    if backend == "sqlite":
        url = f"sqlite:///{tmp}/bench.db"
    else:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {PG_BENCH_DB}"))
        admin.dispose()
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"), revision="head")
        seed()
    return url


def stored_counts(url: str) -> tuple[int, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        submitted = connection.execute(text("SELECT count(*) FROM responses WHERE status = 'submitted'")).scalar()
        distinct = connection.execute(
            text("SELECT count(DISTINCT draft_key) FROM responses WHERE status = 'submitted'")).scalar()
    engine.dispose()
    return int(submitted or 0), int(distinct or 0)


def create_insert_table(url: str) -> None:
    from sqlalchemy import create_engine

    from bench.loadlib import insert_metadata

    engine = create_engine(url)
    insert_metadata.create_all(engine)
    engine.dispose()


def bench_backend(backend: str, args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        url = prepare_database(backend, tmp)
        create_insert_table(url)
        from app import create_app
        from config import TestingConfig

        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": BENCH_SECRET})
        respondents = prepare_respondents(app, args.clients * args.per_client)
        env = server_env(url)
        with gunicorn("bench.minimal_app:app", env, workers=args.workers) as (minimal_url, _):
            ceiling_rate, ceiling_latencies = ceiling(minimal_url, args.clients, args.per_client)
        with gunicorn("wsgi:app", env, workers=args.workers) as (app_url, _):
            rate, latencies, outcomes = submits(app_url, respondents, args.clients)
            _, _, replays = submits(app_url, respondents, args.clients, replay=True)
            same_on_replay = replays.count("same")
        stored, distinct = stored_counts(url)
    accepted = outcomes.count("accepted")
    return {
        "backend": backend, "clients": args.clients, "workers": args.workers, "submissions": len(outcomes),
        "submit_per_s": round(rate, 1), "ceiling_inserts_per_s": round(ceiling_rate, 1),
        "ratio": round(rate / ceiling_rate, 2) if ceiling_rate else None,
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * percentile(latencies, 0.95), 1),
        "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
        "ceiling_p95_ms": round(1000 * percentile(ceiling_latencies, 0.95), 1),
        "accepted": accepted, "stored": stored, "distinct_stored": distinct,
        "replays_same_confirmation": same_on_replay,
        "lost": accepted - stored if accepted > stored else 0, "duplicated": stored - distinct,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--per-client", type=int, default=40)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results = [bench_backend(backend, args) for backend in args.backends.split(",")]
    columns = list(results[0])
    print(" | ".join(columns))
    for result in results:
        print(" | ".join(str(result[column]) for column in columns))
    failed = any(r["lost"] or r["duplicated"] or r["accepted"] != r["submissions"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
