"""Shared fixtures. Integration tests run against a real, migrated database: SQLite by default, PostgreSQL when
TEST_DATABASE_URL points at one (CI runs both). Each test starts from empty tables, and views commit for real."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.auth import services as auth_services
from app.extensions import db, limiter
from config import TestingConfig

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[None]:
    """Hash test users' passwords with Argon2id at its smallest cost (1 pass, 8 KiB) instead of the production
    default (about 0.3 s each on this machine, once per user made). Only tests: the app's hasher is untouched and
    verifying reads the cost from each hash, so the sign-in form checks these exactly as it checks real ones."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth_services, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        yield


def _database_url(tmp_dir: str, worker: str) -> str:
    """SQLite in the process's own temporary directory, or PostgreSQL from TEST_DATABASE_URL: there each xdist worker
    (gw0, gw1, ...) gets its own database, named after the given one and created when missing, so parallel workers
    never empty each other's tables."""
    given = os.environ.get("TEST_DATABASE_URL")
    if not given:
        return f"sqlite:///{tmp_dir}/test.db"
    if worker == "master":
        return given
    url = make_url(given)
    url = url.set(database=f"{url.database}_{worker}")
    _create_if_missing(url.render_as_string(hide_password=False))
    return url.render_as_string(hide_password=False)


def _create_if_missing(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
            if found.first() is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp_dir:
        yield _database_url(tmp_dir, os.environ.get("PYTEST_XDIST_WORKER", "master"))


@pytest.fixture(scope="session")
def process_export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Export files of this test process only: parallel workers number their jobs alike, so a shared folder would
    let one worker read another's file."""
    return tmp_path_factory.mktemp("exports")


def _make_app(url: str, exports: Path) -> Flask:
    return create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": "localhost", "EXPORT_DIR": str(exports)}
    )


@pytest.fixture(scope="session")
def app(database_url: str, process_export_dir: Path) -> Flask:
    """The app whose context tests use to arrange data and inspect the database."""
    application = _make_app(database_url, process_export_dir)
    with application.app_context():
        if database_url.startswith("postgresql"):
            _drop_everything()
        upgrade(directory=str(ROOT / "migrations"), revision="head")
    return application


@pytest.fixture(scope="session")
def web_app(app: Flask, database_url: str, process_export_dir: Path) -> Flask:
    """A second app instance on the same database for browsers: its requests get their own app context (and so
    a fresh ``g``), exactly as in production, instead of reusing the context the test holds open."""
    return _make_app(database_url, process_export_dir)


def _drop_everything() -> None:
    with db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture()
def clean_db(app: Flask) -> Iterator[None]:
    with app.app_context():
        _empty_tables()
        limiter.reset()
        yield
        db.session.remove()


def _empty_tables() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture()
def client(web_app: Flask, clean_db: None) -> FlaskClient:
    return web_app.test_client()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: it proves nothing."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("SAFERVOICE_FAIL_ON_SKIP") and skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\n{skipped} test(s) skipped: failing because SAFERVOICE_FAIL_ON_SKIP is set")
