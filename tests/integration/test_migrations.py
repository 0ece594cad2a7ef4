"""Migrations on an empty database: upgrade to head, ``flask db check`` finds nothing, downgrade to base, upgrade again.
Runs the real CLI, as a deploy would, against SQLite or the PostgreSQL in TEST_DATABASE_URL."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from tests.factories import ROOT_DIR


def _flask(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLASK_APP": "wsgi.py", "DATABASE_URL": url, "SAFERVOICE_ENV": "development"}
    return subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_upgrade_check_downgrade_upgrade_on_an_empty_sqlite_database() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/migrations.db"
        outputs = {}
        for args in (
            ("db", "upgrade"),
            ("db", "check"),
            ("db", "downgrade", "base"),
            ("db", "upgrade"),
            ("db", "current"),
        ):
            result = _flask(*args, url=url)
            assert result.returncode == 0, f"flask {' '.join(args)} failed:\n{result.stderr[-3000:]}"
            outputs[args] = result.stdout + result.stderr
        assert "No new upgrade operations detected" in outputs[("db", "check")]
        assert "(head)" in outputs[("db", "current")]


def test_downgrade_and_upgrade_keep_a_seeded_sqlite_database_whole() -> None:
    """Batch migrations rebuild tables that other rows point at; the demo data survives a round trip and the
    survey versions get their definition digests back."""
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/seeded.db"
        for args in (("db", "upgrade"), ("seed-demo",), ("db", "downgrade", "0007"), ("db", "upgrade")):
            result = _flask(*args, url=url)
            assert result.returncode == 0, f"flask {' '.join(args)} failed:\n{result.stderr[-3000:]}"
        connection = sqlite3.connect(f"{tmp}/seeded.db")
        digests = [row[0] for row in connection.execute("SELECT definition_digest FROM survey_versions")]
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        questions = connection.execute("SELECT count(*) FROM survey_questions").fetchone()[0]
        surveys = connection.execute("SELECT count(*) FROM surveys").fetchone()[0]
        connection.close()
        # The demo seeds this year's three surveys and last year's resident survey, one version each.
        assert surveys >= 4 and len(digests) == surveys and all(len(digest) == 64 for digest in digests)
        assert problems == [] and questions > 0
