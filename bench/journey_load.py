"""Load benchmark of the whole resident journey: every page of the demo resident survey fetched and posted, then
check your answers, Send and the confirmation, by 16 concurrent residents under gunicorn, on SQLite and PostgreSQL,
beside the submit benchmark's minimal-insert ceiling measured in the same run.

    .venv/bin/python bench/journey_load.py [--clients 16] [--journeys 2] [--workers 4] [--rounds 3]
                                           [--backends sqlite,postgresql] [--pg-database test_h5]

The way through is found once, before timing, by a walker that reads each page's form as a browser would: the first
option of every radio group, checkbox list and select (ranking selects take different options), a Milton Keynes
postcode, a number within bounds, a date, and text in every text box; "Save and continue" is pressed. Timed residents
then replay that way through, each with a fresh cookie: GET every page and POST its answers (reading the CSRF token
from the page as a browser does), GET check your answers, POST Send, GET the confirmation. Ceiling and journey
phases alternate for ``--rounds`` rounds so background load touches both alike. One untimed journey per client
first lets every worker load what the first answers load (the sentence encoder for the analysis on Send).

Prints pages/s (requests of the journey per second), the ceiling's inserts/s and their ratio, p50/p95 per page
(GET and POST apart), errors (any status other than the one the way through expects) and the load average.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadlib import SURVEY_PATH, Client, gunicorn, server_env  # noqa: E402
from bench.submit_load import ceiling, create_insert_table, percentile, prepare_database, run_phase  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
TEXT = "Better street lighting on the redways and more police patrols."


@dataclass(frozen=True)
class Step:
    """One request of the way through: what is sent and the status (and redirect target) a working app answers."""

    label: str
    method: str
    path: str
    body: dict[str, str | list[str]] | None
    status: int
    location: str = ""


def _form_values(html: str) -> dict[str, str | list[str]]:
    """What a quick resident enters on a question page (the walker's rule, see the module docstring)."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").find("form", method=re.compile("post", re.I))
    assert form is not None, "question page has no form"
    values: dict[str, str | list[str]] = {}
    taken_options: set[str] = set()
    for field in form.find_all(["input", "textarea", "select"]):
        name, kind = field.get("name"), (field.get("type") or "text").lower()
        if not name or name == "csrf_token" or name in values:
            continue
        if field.name == "textarea":
            values[name] = TEXT
        elif field.name == "select":
            options = [o.get("value") for o in field.find_all("option") if o.get("value")]
            fresh = [o for o in options if o not in taken_options] or options
            values[name] = fresh[0]
            taken_options.add(fresh[0])
        elif kind in ("radio", "checkbox"):
            values[name] = [field.get("value", "on")] if kind == "checkbox" else field.get("value", "on")
        elif kind in ("text", "number", "email", "tel"):
            values[name] = _text_value(name, field)
    return values


def _text_value(name: str, field) -> str:  # type: ignore[no-untyped-def]
    if "postcode" in name:
        return "MK9 3"
    if name.endswith("-day"):
        return "1"
    if name.endswith("-month"):
        return "1"
    if name.endswith("-year"):
        return "2024"
    if (field.get("inputmode") or "") == "numeric" or field.get("type") == "number":
        return str(field.get("min") or 1)
    return TEXT


def discover(url: str) -> list[Step]:
    """Walk the survey once, sequentially, and return the way through as requests with their expected answers."""
    client = Client(url)
    client.connection.timeout = 600
    steps = [Step("start", "GET", SURVEY_PATH, None, 200)]
    status, _, html = client.request("GET", SURVEY_PATH)
    assert status == 200, f"start page answered {status}"
    found = re.search(r'href="([^"]*/questions/[^"]+)"[^>]*>\s*Start now', html) or re.search(
        r'href="([^"]*/questions/[^"]+)"', html
    )
    assert found, "no Start now link"
    path = found.group(1)
    while not path.endswith("/check-answers"):
        status, _, html = client.request("GET", path)
        assert status == 200, f"{path} answered {status}"
        label = path.rsplit("/", 1)[1]
        steps.append(Step(label, "GET", path, None, 200))
        values = {**_form_values(html), "action": "continue"}
        token = _csrf(html)
        status, location, page = client.request("POST", path, urlencode({**values, "csrf_token": token}, doseq=True))
        assert status == 302, f"POST {path} answered {status}: {re.findall(r'govuk-error-message[^>]*>([^<]+)', page)}"
        following = urlsplit(location).path
        steps.append(Step(label, "POST", path, values, 302, following))
        path = following
    steps.append(Step("check-answers", "GET", path, None, 200))
    submit = f"{SURVEY_PATH}/submit"
    steps.append(Step("submit", "POST", submit, {}, 302, f"{SURVEY_PATH}/confirmation"))
    steps.append(Step("confirmation", "GET", f"{SURVEY_PATH}/confirmation", None, 200))
    client.close()
    return steps


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    return (found.group(1) or found.group(2)) if found else ""


def journeys(
    url: str, steps: list[Step], clients: int, per_client: int
) -> tuple[float, dict[str, list[float]], list[str], int]:
    """Each client walks ``per_client`` journeys, each a fresh resident (new cookie) on one keep-alive connection."""
    import time

    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    requests = [0]

    def work(_: int, latencies: list[float], outcomes: list[str]) -> None:
        client = Client(url)
        for _ in range(per_client):
            client.cookie, token = None, ""
            for step in steps:
                body = None if step.body is None else urlencode({**step.body, "csrf_token": token}, doseq=True)
                start = time.perf_counter()
                status, location, html = client.request(step.method, step.path, body)
                elapsed = time.perf_counter() - start
                timings[f"{step.method} {step.label}"].append(elapsed)
                latencies.append(elapsed)
                requests[0] += 1
                token = _csrf(html) or token
                if status != step.status or (step.location and urlsplit(location).path != step.location):
                    errors.append(f"{step.method} {step.path}: {status} {location}")
                    break
        client.close()

    elapsed, _, _ = run_phase(clients, work)
    return elapsed, timings, errors, requests[0]


def bench_backend(backend: str, args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        url = prepare_database(backend, tmp, args.pg_database)
        create_insert_table(url)
        env = server_env(url)
        ceilings: list[float] = []
        rates: list[float] = []
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        with (
            gunicorn("bench.minimal_app:app", env, workers=args.workers) as (minimal_url, _),
            gunicorn("wsgi:app", env, workers=args.workers) as (app_url, _),
        ):
            steps = discover(app_url)
            journeys(app_url, steps, args.clients, 1)
            for _ in range(args.rounds):
                ceiling_rate, _ = ceiling(minimal_url, args.clients, args.per_client_inserts)
                elapsed, round_timings, round_errors, count = journeys(app_url, steps, args.clients, args.journeys)
                ceilings.append(ceiling_rate)
                rates.append(count / elapsed)
                errors += round_errors
                for label, values in round_timings.items():
                    timings[label] += values
    every = [value for values in timings.values() for value in values]
    ratios = [rate / top for rate, top in zip(rates, ceilings, strict=True) if top]
    return {
        "backend": backend,
        "steps": len(steps),
        "requests": len(every),
        "pages_per_s": round(statistics.median(rates), 1),
        "ceiling_inserts_per_s": round(statistics.median(ceilings), 1),
        "ratio": round(statistics.median(ratios), 2) if ratios else None,
        "p50_ms": round(1000 * statistics.median(every), 1),
        "p95_ms": round(1000 * percentile(every, 0.95), 1),
        "worst_page_p95_ms": round(1000 * max(percentile(v, 0.95) for v in timings.values()), 1),
        "errors": len(errors),
        "first_errors": errors[:3],
        "timings": timings,
        "load_average": " ".join(f"{value:.1f}" for value in os.getloadavg()),
    }


def _print(result: dict[str, object]) -> None:
    summary = {k: v for k, v in result.items() if k != "timings"}
    print(" | ".join(f"{k}={v}" for k, v in summary.items()))
    print(f"{'page':<42} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    timings: dict[str, list[float]] = result["timings"]  # type: ignore[assignment]
    for label, values in timings.items():
        print(
            f"{label:<42} {len(values):>5} {1000 * statistics.median(values):>8.1f} "
            f"{1000 * percentile(values, 0.95):>8.1f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--journeys", type=int, default=2, help="journeys per client per round")
    parser.add_argument("--per-client-inserts", type=int, default=40)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-database", default="safervoice_bench", help="PostgreSQL database to drop, create and use")
    args = parser.parse_args()
    results = []
    for backend in args.backends.split(","):
        result = bench_backend(backend, args)
        _print(result)
        results.append(result)
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
