"""No credential in a URL reaches a log (issue 14.7): gunicorn's access log, the development server's request log and
the app's error log record ``/resume/<token>``, never the token that opens someone's response."""

from __future__ import annotations

import http.client
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter
from werkzeug.serving import make_server

from app import create_app
from app.common.log_paths import is_secret
from bench.loadlib import free_port
from config import TestingConfig
from tests.factories import ROOT_DIR

TOKEN = "Zq3vK9pLm2XwR7tY5uB8nC1dE4fG6hJ0"
TOKEN_URLS = {
    f"/resume/{TOKEN}": "/resume/<token>",
    f"/invites/{TOKEN}": "/invites/<token>",
    f"/safeguarding-lead/confirm/{TOKEN}": "/safeguarding-lead/confirm/<token>",
}
UNMATCHED = f"/resume/{TOKEN}/extra"
REVIEWED_ARGUMENTS = {
    "filename",
    "slug",
    "survey_slug",
    "page_id",
    "token",
    "action",
    "kind",
    "target_id",
    "qtype",
    "question_id",
    "source_id",
    "fmt",
    "key",
}
"""Every route argument that is not a number, each reviewed for whether it is a credential; only ``token`` is."""


def _request(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", f"{path}?from=email", headers={"Referer": f"http://localhost/invites/{TOKEN}"})
        return connection.getresponse().status
    finally:
        connection.close()


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            if _request(port, "/healthz") == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not start")


def test_every_route_argument_has_been_reviewed_for_credentials(app: Flask) -> None:
    names = {
        name
        for rule in app.url_map.iter_rules()
        for name, converter in rule._converters.items()
        if not isinstance(converter, IntegerConverter)
    }
    assert names - REVIEWED_ARGUMENTS == set(), "new route arguments: decide whether they are secret (log_paths.py)"
    secret_rules = {rule.rule for rule in app.url_map.iter_rules() if any(map(is_secret, rule.arguments))}
    assert secret_rules == set(TOKEN_URLS.values())


def test_gunicorn_access_log_records_the_route_not_the_token(
    app: Flask, database_url: str, clean_db: None, tmp_path: Path
) -> None:
    port = free_port()
    access_log = tmp_path / "access.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFERVOICE_")}
    env.update(
        SAFERVOICE_ENV="production",
        SECRET_KEY="log-test-secret-key-not-for-production",
        DATABASE_URL=database_url,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_ACCESS_LOG=str(access_log),
    )
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port, process)
        statuses = [_request(port, path) for path in [*TOKEN_URLS, UNMATCHED]]
    finally:
        process.terminate()
        output = b"".join(process.communicate(timeout=30)).decode()
    logged = access_log.read_text()

    assert len(logged.splitlines()) >= len(statuses) + 1
    for route in TOKEN_URLS.values():
        assert f'"GET {route}"' in logged
    assert '"GET /resume/<redacted>/extra" 404' in logged
    assert TOKEN not in logged and TOKEN not in output
    assert "from=email" not in logged


def test_development_server_log_records_the_route_not_the_token(
    web_app: Flask, clean_db: None, caplog: pytest.LogCaptureFixture
) -> None:
    server = make_server("127.0.0.1", 0, web_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    caplog.set_level(logging.INFO, logger="werkzeug")
    try:
        for path in [*TOKEN_URLS, UNMATCHED]:
            _request(server.port, path)
    finally:
        server.shutdown()
        thread.join(timeout=10)
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]

    assert any("GET /resume/<token> HTTP/1.1" in line for line in lines), lines
    assert any("GET /safeguarding-lead/confirm/<token> HTTP/1.1" in line for line in lines), lines
    assert not any(TOKEN in line for line in lines), lines


def test_error_log_names_the_route_not_the_token(
    database_url: str, clean_db: None, caplog: pytest.LogCaptureFixture
) -> None:
    failing = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": "localhost",
            "TESTING": False,
            "PROPAGATE_EXCEPTIONS": False,
        },
    )

    def broken(token: str) -> str:
        raise RuntimeError("the database went away")

    failing.view_functions["surveys.resume_response"] = broken
    caplog.set_level(logging.ERROR, logger=failing.logger.name)

    response = failing.test_client().get(f"/resume/{TOKEN}")

    assert response.status_code == 500
    messages = [record.getMessage() for record in caplog.records]
    assert "Exception on /resume/<token> [GET]" in messages
    assert not any(TOKEN in message for message in messages)
