"""``flask retrain-safeguarding``: reviewers' decisions become training rows; the new screen is written, compared with
the shipped one on the held-back exemplars, and used only when configured."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from app.analysis.engine import safeguarding
from app.analysis.engine.safeguarding_model import SHIPPED_MODEL_PATH, SHIPPED_MODEL_SHA256
from app.models.types import utcnow
from config import ConfigError, TestingConfig
from tests.integration.safeguarding.helpers import make_decision


def test_retraining_with_no_reviewed_cases_says_so_and_writes_nothing(
    app: Flask, clean_db: None, tmp_path: Path
) -> None:
    output = tmp_path / "screen.npz"
    result = app.test_cli_runner().invoke(args=["retrain-safeguarding", "--output", str(output)])
    assert result.exit_code != 0
    assert "No reviewed cases" in result.output
    assert not output.exists()


def test_retraining_reports_before_and_after_and_changes_nothing_until_configured(
    app: Flask, clean_db: None, tmp_path: Path
) -> None:
    make_decision("lodger keeps coming in while i wash", "concern", "sexual_harm", utcnow())
    make_decision("my nan lets me stay up late on fridays", "none", None, utcnow())
    output = tmp_path / "screen.npz"
    result = app.test_cli_runner().invoke(args=["retrain-safeguarding", "--output", str(output)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{") : result.output.rindex("}") + 1])
    assert report["reviewed_cases"] == 2
    assert report["before"]["n"] == report["after"]["n"] > 500
    assert 0 < report["after"]["recall_flagged"] <= 1
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    assert report["sha256"] == digest
    assert f"SAFEGUARDING_MODEL_SHA256={digest}" in result.output
    assert safeguarding.learned_screen().about["reviewed_cases"] == 0


def test_a_configured_retrained_screen_is_used_and_must_name_its_digest(tmp_path: Path, database_url: str) -> None:
    copy = tmp_path / "screen.npz"
    copy.write_bytes(SHIPPED_MODEL_PATH.read_bytes())
    settings = {"SQLALCHEMY_DATABASE_URI": database_url, "SAFEGUARDING_MODEL": str(copy)}
    with pytest.raises(ConfigError, match="SHA256"):
        create_app(TestingConfig, settings)
    try:
        create_app(TestingConfig, {**settings, "SAFEGUARDING_MODEL_SHA256": SHIPPED_MODEL_SHA256})
        assert safeguarding.learned_screen().flag_threshold is not None
        assert safeguarding._screen_file == (copy, SHIPPED_MODEL_SHA256)
    finally:
        safeguarding.use_screen_model(SHIPPED_MODEL_PATH, SHIPPED_MODEL_SHA256)
