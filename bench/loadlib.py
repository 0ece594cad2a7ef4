"""Shared pieces for the load benchmark and the durability tests: a real gunicorn server, respondents with drafts
prepared in the database, and a small keep-alive HTTP client (stdlib only) that carries a session cookie."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, g, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table

ROOT = Path(__file__).resolve().parent.parent
SURVEY_PATH = "/consultations/community-safety-strategy/resident"


insert_metadata = MetaData()
insert_table = Table(
    "bench_inserts",
    insert_metadata,
    Column("id", Integer, primary_key=True),
    Column("value", String(64)),
    Column("created_at", DateTime(timezone=True)),
)


@dataclass(frozen=True)
class Respondent:
    cookie: str
    csrf_token: str
    draft_key: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFERVOICE_")}
    env.update(
        SAFERVOICE_ENV="production",
        SECRET_KEY="bench-secret-key-not-for-production",
        DATABASE_URL=database_url,
        WRITE_CAPACITY="100000 per second",
        RESPONDENT_PAGE_LIMIT="100000 per minute",
        RESPONDENT_SUBMIT_LIMIT="100000 per minute",
        **extra,
    )
    env.pop("REDIS_URL", None)
    return env


@contextmanager
def gunicorn(
    app_spec: str, env: dict[str, str], workers: int = 4, threads: int = 2
) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app_spec,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(port, process, workers)
        yield url, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(port: int, process: subprocess.Popen, workers: int, timeout: float = 120) -> None:
    """Wait until every worker has booted and answers its health check, so no measured request waits on a boot."""
    deadline = time.monotonic() + timeout
    healthy = 0
    while time.monotonic() < deadline and healthy < workers * 4:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            healthy = healthy + 1 if connection.getresponse().status == 200 else 0
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    if healthy < workers * 4:
        raise RuntimeError("gunicorn did not become healthy in time")


def worker_pids(master_pid: int) -> list[int]:
    output = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True, check=False
    ).stdout
    return [int(pid) for pid in output.split()]


def prepare_respondents(app: Flask, count: int) -> list[Respondent]:
    """Respondents who have answered every page of the demo resident survey and are about to press Send.

    Drafts are written through the same services the pages use; the browser side (signed session cookie with the
    draft key and CSRF token) is made exactly as Flask would make it.
    """
    from app.demo import DEMO_SLUG
    from app.extensions import db
    from app.models import Consultation, ResponseChannel
    from app.models.types import utcnow
    from app.surveys import responses
    from app.surveys.definitions_service import definition_of

    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    result = []
    with app.app_context():
        consultation = db.session.query(Consultation).filter_by(slug=DEMO_SLUG).one()
        survey = next(s for s in consultation.surveys if s.slug == "resident")
        answers = full_answers(definition_of(survey.current_version))
        for _ in range(count):
            draft = responses.load_draft(responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow()))
            responses.save_answers(draft, answers, utcnow())
            with app.test_request_context():
                g.pop("csrf_token", None)
                session["drafts"] = {str(survey.id): draft.response.draft_key}
                token = generate_csrf()
                cookie = serializer.dumps(dict(session))
            result.append(Respondent(cookie, token, draft.response.draft_key))
        db.session.commit()
    return result


def full_answers(definition):  # type: ignore[no-untyped-def]
    """An answer to every question a respondent who lives in Milton Keynes sees."""
    from app.surveys.engine import AnswerItem, QuestionType, prune_hidden

    answers: dict[str, tuple[AnswerItem, ...]] = {}
    for question in definition.questions:
        q, kind = question.id, question.type
        if kind in (QuestionType.GRID, QuestionType.FACE_SCALE) and question.rows:
            answers[q] = tuple(AnswerItem(q, row.value, question.choices[0].value) for row in question.rows)
        elif kind == QuestionType.RANKING:
            answers[q] = tuple(
                AnswerItem(q, None, option.value, i + 1)
                for i, option in enumerate(question.choices[: question.effective_pick])
            )
        elif kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            answers[q] = (AnswerItem(q, None, "Better street lighting on the redways and more police patrols."),)
        elif kind == QuestionType.POSTCODE:
            answers[q] = (AnswerItem(q, None, "MK9 3"),)
        elif kind == QuestionType.NUMBER:
            answers[q] = (AnswerItem(q, None, str(question.min or 1)),)
        elif kind == QuestionType.DATE:
            answers[q] = (AnswerItem(q, None, "2024-01-01"),)
        elif kind == QuestionType.CONSENT:
            answers[q] = (AnswerItem(q, None, "yes"),)
        elif question.choices:
            answers[q] = (AnswerItem(q, None, question.choices[0].value),)
    return prune_hidden(definition, answers)


class Client:
    """One keep-alive connection with one session cookie, like one browser."""

    def __init__(self, base_url: str, cookie: str | None = None) -> None:
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.cookie = cookie

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
        if self.cookie:
            headers["Cookie"] = f"sv_session={self.cookie}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (ConnectionError, http.client.HTTPException, TimeoutError, OSError):
            self.connection.close()
            return 0, "", ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("sv_session="):
                self.cookie = value.split(";", 1)[0].split("=", 1)[1]
        return response.status, response.getheader("Location") or "", text

    def close(self) -> None:
        self.connection.close()
