"""Load benchmark: SaferVoice under gunicorn on SQLite and PostgreSQL, driven over loopback by concurrent
respondents, against a minimal Flask + insert endpoint measured in the same run.

    .venv/bin/python bench/submit_load.py [--clients 16] [--per-client 40] [--workers 4] [--rounds 5]
                                          [--backends sqlite,postgresql]

Each respondent has answered every page of the demo resident survey (saved through the app's own services) and
then presses Send; every submit is replayed once, as a double click would. Both servers run side by side and the
ceiling and submit phases alternate for several rounds, so background load on a shared machine touches both alike.
Prints submissions/s, the ceiling's inserts/s, their ratio (median of the rounds, and its range), p50/p95/p99
latency over every submit, the servers' CPU per request, and accepted vs stored (lost or duplicated responses would
show here). Bounded: a fixed number of requests per client and a time limit per phase.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadlib import (  # noqa: E402
    SURVEY_PATH,
    Client,
    Respondent,
    gunicorn,
    prepare_respondents,
    server_env,
    worker_pids,
)

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


def submits(
    url: str, respondents: list[Respondent], clients: int, *, replay: bool = False
) -> tuple[float, list[float], list[str]]:
    """Each client sends its share of respondents' Send clicks over one keep-alive connection (a fresh cookie per
    respondent). With ``replay`` the same clicks are sent again, as a double click or a resent form would be."""
    per_client = len(respondents) // clients

    def work(index: int, latencies: list[float], outcomes: list[str]) -> None:
        client = Client(url)
        deadline = time.monotonic() + PHASE_TIME_LIMIT
        for respondent in respondents[index * per_client : (index + 1) * per_client]:
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


def prepare_database(backend: str, tmp: str, pg_database: str = PG_BENCH_DB) -> str:
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
            connection.execute(text(f"DROP DATABASE IF EXISTS {pg_database} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {pg_database}"))
        admin.dispose()
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_database}"
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
            text("SELECT count(DISTINCT draft_key) FROM responses WHERE status = 'submitted'")
        ).scalar()
    engine.dispose()
    return int(submitted or 0), int(distinct or 0)


def create_insert_table(url: str) -> None:
    from sqlalchemy import create_engine

    from bench.loadlib import insert_metadata

    engine = create_engine(url)
    insert_metadata.create_all(engine)
    engine.dispose()


def server_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of a gunicorn master's workers so far (from /proc), to show where the time goes."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in worker_pids(master_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def bench_backend(backend: str, args: argparse.Namespace) -> dict[str, object]:
    """Both servers run side by side; ceiling and submit phases alternate for ``--rounds`` rounds, so a change in
    background load affects both alike. The ratio is the median of the per-round ratios."""
    per_round = args.clients * args.per_client
    with tempfile.TemporaryDirectory() as tmp:
        url = prepare_database(backend, tmp)
        create_insert_table(url)
        from app import create_app
        from config import TestingConfig

        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": BENCH_SECRET})
        respondents = prepare_respondents(app, per_round * args.rounds)
        env = server_env(url)
        ceilings: list[float] = []
        rates: list[float] = []
        ceiling_latencies: list[float] = []
        latencies: list[float] = []
        outcomes: list[str] = []
        cpu = {"ceiling": 0.0, "app": 0.0}
        with (
            gunicorn("bench.minimal_app:app", env, workers=args.workers) as (minimal_url, minimal),
            gunicorn("wsgi:app", env, workers=args.workers) as (app_url, server),
        ):
            for index in range(args.rounds):
                before = server_cpu_seconds(minimal.pid)
                ceiling_rate, ceiling_round = ceiling(minimal_url, args.clients, args.per_client)
                cpu["ceiling"] += server_cpu_seconds(minimal.pid) - before
                before = server_cpu_seconds(server.pid)
                rate, round_latencies, round_outcomes = submits(
                    app_url, respondents[index * per_round : (index + 1) * per_round], args.clients
                )
                cpu["app"] += server_cpu_seconds(server.pid) - before
                ceilings.append(ceiling_rate)
                rates.append(rate)
                ceiling_latencies += ceiling_round
                latencies += round_latencies
                outcomes += round_outcomes
            _, _, replays = submits(app_url, respondents, args.clients, replay=True)
            same_on_replay = replays.count("same")
        stored, distinct = stored_counts(url)
    accepted = outcomes.count("accepted")
    ratios = [rate / ceiling_rate for rate, ceiling_rate in zip(rates, ceilings, strict=True) if ceiling_rate]
    return {
        "backend": backend,
        "clients": args.clients,
        "workers": args.workers,
        "rounds": args.rounds,
        "submissions": len(outcomes),
        "submit_per_s": round(statistics.median(rates), 1),
        "ceiling_inserts_per_s": round(statistics.median(ceilings), 1),
        "ratio": round(statistics.median(ratios), 2) if ratios else None,
        "ratio_range": f"{min(ratios):.2f}-{max(ratios):.2f}" if ratios else None,
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * percentile(latencies, 0.95), 1),
        "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
        "ceiling_p95_ms": round(1000 * percentile(ceiling_latencies, 0.95), 1),
        "server_cpu_ms_per_submit": round(1000 * cpu["app"] / max(len(outcomes), 1), 2),
        "server_cpu_ms_per_insert": round(1000 * cpu["ceiling"] / max(len(ceiling_latencies), 1), 2),
        "accepted": accepted,
        "stored": stored,
        "distinct_stored": distinct,
        "replays_same_confirmation": same_on_replay,
        "lost": accepted - stored if accepted > stored else 0,
        "duplicated": stored - distinct,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--per-client", type=int, default=40)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results = [bench_backend(backend, args) for backend in args.backends.split(",")]
    columns = list(results[0])
    print(" | ".join(columns))
    for result in results:
        print(" | ".join(str(result[column]) for column in columns))
    failed = any(
        r["lost"]
        or r["duplicated"]
        or r["accepted"] != r["submissions"]
        or r["replays_same_confirmation"] != r["submissions"]
        for r in results
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
