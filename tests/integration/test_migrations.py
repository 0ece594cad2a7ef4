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
    return subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT_DIR, env=env, capture_output=True,
                          text=True, check=False, timeout=300)


def test_upgrade_check_downgrade_upgrade_on_an_empty_sqlite_database() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/migrations.db"
        outputs = {}
        for args in (("db", "upgrade"), ("db", "check"), ("db", "downgrade", "base"), ("db", "upgrade"),
                     ("db", "current")):
            result = _flask(*args, url=url)
            assert result.returncode == 0, f"flask {' '.join(args)} failed:\n{result.stderr[-3000:]}"
            outputs[args] = result.stdout + result.stderr
        assert "No new upgrade operations detected" in outputs[("db", "check")]
        assert "(head)" in outputs[("db", "current")]
