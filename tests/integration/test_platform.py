"""Cross-cutting guarantees: every route has an access policy, security headers, migrations match the models."""

from __future__ import annotations

import secrets
import subprocess
import sys
import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import create_app
from app.common.access import policy_of
from app.extensions import db
from app.models import Response, ResponseStatus
from config import ProductionConfig
from tests.factories import ROOT_DIR, add_survey, make_consultation
from tests.pages import get, post


def test_every_route_declares_an_access_policy(app: Flask) -> None:
    missing = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and policy_of(app.view_functions[rule.endpoint]) is None
    ]
    assert missing == []


def test_security_headers_on_every_page(client: FlaskClient) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert csp == (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    )
    assert response.headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)
    assert client.get("/").headers["Content-Security-Policy"] != csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_redirect_carries_the_headers_and_allows_no_inline_script(client: FlaskClient) -> None:
    response = client.get("/officers/consultations")
    assert response.status_code == 302
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "nonce-" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers.getlist("Cache-Control") == ["no-store"]


def test_session_cookie_is_httponly_and_samesite(client: FlaskClient) -> None:
    add_survey(make_consultation())
    post(client, "/consultations/safety-2026/residents/questions/feeling-safe", {"safe_day": "safe"})
    cookie = client.get_cookie("sv_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_production_config_refuses_to_start_without_secrets() -> None:
    code = (
        "import os; os.environ.pop('SECRET_KEY', None); os.environ.pop('DATABASE_URL', None); "
        "os.environ['SAFERVOICE_ENV'] = 'production'; from app import create_app; create_app()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode != 0
    assert "Production needs these environment variables: SECRET_KEY, DATABASE_URL" in result.stderr


def test_migrations_match_the_models(clean_db: None) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


@pytest.mark.parametrize("attempts", [20])
def test_concurrent_identical_submits_store_one_response(client: FlaskClient, web_app: Flask, attempts: int) -> None:
    add_survey(make_consultation())
    base = "/consultations/safety-2026/residents"
    post(client, f"{base}/questions/feeling-safe", {"safe_day": "safe", "action": "continue"})
    token = get(client, f"{base}/check-answers").csrf_token()
    cookie = client.get_cookie("sv_session").value
    barrier = threading.Barrier(attempts)
    statuses: list[int] = []
    locations: set[str] = set()

    def submit_once() -> None:
        browser = web_app.test_client()
        browser.set_cookie("sv_session", cookie, domain="localhost")
        barrier.wait()
        response = browser.post(f"{base}/submit", data={"csrf_token": token})
        statuses.append(response.status_code)
        locations.add(response.location or "")

    threads = [threading.Thread(target=submit_once) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()
    assert statuses == [302] * attempts
    assert locations == {f"{base}/confirmation"}
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalar(select(Response.status)) == ResponseStatus.SUBMITTED


def test_production_sends_hsts_and_secure_cookies(
    client: FlaskClient, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An app built from the production configuration, asked over HTTPS as it is served, sends HSTS and a session
    cookie that is Secure, HttpOnly and SameSite=Lax; the testing app (plain HTTP) sends neither HSTS nor Secure."""
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", secrets.token_urlsafe(32))
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", database_url)
    production = create_app(ProductionConfig, {"SERVER_NAME": "localhost"}).test_client()

    response = production.get("/staff/sign-in", base_url="https://localhost")

    assert response.status_code == 200
    assert response.headers.get("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("sv_session="))
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= {flag.strip() for flag in cookie.split(";")[1:]}
    stored = production.get_cookie("sv_session")
    assert stored is not None and stored.secure and stored.http_only and stored.same_site == "Lax"

    plain = client.get("/staff/sign-in")
    assert "Strict-Transport-Security" not in plain.headers
    assert "Secure" not in {flag.strip() for flag in plain.headers["Set-Cookie"].split(";")}


def test_documents_are_served_as_sandboxed_downloads(client: FlaskClient) -> None:
    from app.models import ConsultationDocument

    consultation = make_consultation()
    db.session.add(
        ConsultationDocument(
            consultation_id=consultation.id,
            title="Draft",
            filename="../evil name.pdf",
            content_type="application/pdf",
            size_bytes=5,
            content=b"%PDF-",
        )
    )
    db.session.commit()
    document_id = db.session.scalar(select(ConsultationDocument.id))
    response = client.get(f"/consultations/safety-2026/documents/{document_id}")
    assert response.status_code == 200 and response.data == b"%PDF-"
    assert response.headers["Content-Disposition"] == 'attachment; filename="evil_name.pdf"'
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
