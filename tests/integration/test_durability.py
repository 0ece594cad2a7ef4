"""Under a real gunicorn with several workers: concurrent submits and replays store each response exactly once,
and killing a worker mid-submit loses nothing that was confirmed."""

from __future__ import annotations

import os
import signal
import threading
import time
from urllib.parse import urlencode

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.demo import DEMO_SLUG, seed
from app.extensions import db
from app.models import Consultation, Response, ResponseChannel, ResponseStatus
from bench.loadlib import SURVEY_PATH, Client, Respondent, gunicorn, prepare_respondents, server_env, worker_pids


@pytest.fixture()
def respondents(app: Flask, clean_db: None) -> list[Respondent]:
    seed()
    db.session.commit()
    app.config["SECRET_KEY"], original = "bench-secret-key-not-for-production", app.config["SECRET_KEY"]
    try:
        return prepare_respondents(app, 40)
    finally:
        app.config["SECRET_KEY"] = original


def _send(url: str, respondent: Respondent) -> bool:
    client = Client(url, respondent.cookie)
    status, location, _ = client.request(
        "POST", f"{SURVEY_PATH}/submit", urlencode({"csrf_token": respondent.csrf_token})
    )
    client.close()
    return status == 302 and location.endswith("/confirmation")


def _stored() -> dict[str, int]:
    """Sent online responses to the demo consultation by draft key (its own sample responses are imports, and last
    year's consultation is another one, so both are left out)."""
    db.session.rollback()
    rows = db.session.execute(
        select(Response.draft_key, func.count(Response.id))
        .join(Consultation, Consultation.id == Response.consultation_id)
        .where(
            Response.status == ResponseStatus.SUBMITTED,
            Response.channel == ResponseChannel.ONLINE,
            Consultation.slug == DEMO_SLUG,
        )
        .group_by(Response.draft_key)
    ).all()
    return {key: count for key, count in rows}


def _send_all(url: str, respondents: list[Respondent], copies: int) -> dict[str, list[bool]]:
    results: dict[str, list[bool]] = {r.draft_key: [] for r in respondents}
    jobs = [r for r in respondents for _ in range(copies)]
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not jobs:
                    return
                respondent = jobs.pop()
            ok = _send(url, respondent)
            with lock:
                results[respondent.draft_key].append(ok)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_concurrent_submits_and_replays_store_each_response_once(
    respondents: list[Respondent], database_url: str
) -> None:
    with gunicorn("wsgi:app", server_env(database_url), workers=3) as (url, _):
        results = _send_all(url, respondents, copies=3)
    stored = _stored()
    assert all(all(outcomes) and len(outcomes) == 3 for outcomes in results.values())
    assert stored == {r.draft_key: 1 for r in respondents}


def test_killing_a_worker_mid_submit_loses_nothing_confirmed(respondents: list[Respondent], database_url: str) -> None:
    with gunicorn("wsgi:app", server_env(database_url), workers=2) as (url, master):
        sender = threading.Thread(target=lambda: results.update(_send_all(url, respondents, copies=1)))
        results: dict[str, list[bool]] = {}
        sender.start()
        time.sleep(0.3)
        victims = worker_pids(master.pid)
        assert victims, "gunicorn has no workers to kill"
        os.kill(victims[0], signal.SIGKILL)
        sender.join(180)
        confirmed = {key for key, outcomes in results.items() if any(outcomes)}
        stored_after_kill = _stored()
        assert confirmed <= set(stored_after_kill)
        assert all(count == 1 for count in stored_after_kill.values())
        retry = [r for r in respondents if r.draft_key not in confirmed]
        assert all(_send(url, r) for r in retry)
    assert _stored() == {r.draft_key: 1 for r in respondents}
