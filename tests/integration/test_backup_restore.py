"""The backup and restore procedure in docs/deploy.md works: pg_dump a migrated, seeded database, pg_restore it into
an empty one, and find the same data and a schema that matches the models. Uses the local PostgreSQL (as CI has)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from app import create_app
from app.demo import seed
from config import TestingConfig
from tests.factories import ROOT_DIR

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
LIBPQ = "postgresql://postgres@127.0.0.1:5432"
TABLES = ("consultations", "surveys", "survey_questions", "responses", "answers", "users", "milestones")


def _recreate(name: str) -> None:
    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()


def _counts(name: str) -> dict[str, int]:
    engine = create_engine(f"{SERVER}/{name}")
    with engine.connect() as connection:
        counts = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in TABLES}
    engine.dispose()
    return counts


def test_pg_dump_and_restore_round_trip() -> None:
    _recreate("safervoice_backup_src")
    _recreate("safervoice_backup_dst")
    source = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": f"{SERVER}/safervoice_backup_src"})
    with source.app_context():
        upgrade(directory=str(ROOT_DIR / "migrations"))
        seed()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "safervoice.dump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"{LIBPQ}/safervoice_backup_src"],
            check=True,
            timeout=120,
        )
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={LIBPQ}/safervoice_backup_dst", str(dump)], check=True, timeout=120
        )
    original, restored = _counts("safervoice_backup_src"), _counts("safervoice_backup_dst")
    # The demo seeds this year's consultation and last year's (for year-on-year figures).
    assert restored == original and original["consultations"] == 2 and original["users"] >= 3
    check = subprocess.run(
        [".venv/bin/flask", "db", "check"],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "FLASK_APP": "wsgi.py", "DATABASE_URL": f"{SERVER}/safervoice_backup_dst"},
        check=False,
    )
    assert "No new upgrade operations detected" in check.stdout + check.stderr
