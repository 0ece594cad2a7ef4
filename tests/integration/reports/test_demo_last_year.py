"""The demo's last-year consultation: the same resident survey a year earlier, whose results the dashboard and the
Excel export show beside this year's."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.demo import DEFINITIONS
from app.extensions import db
from app.models import Consultation, Response, ResponseStatus, Role
from app.reports.demo_last_year import RESPONSES, add_sample_responses, seed_last_year
from app.surveys.definitions_service import create_survey
from app.surveys.engine import load_definition
from tests.factories import make_consultation, make_user, sign_in
from tests.integration.reports.helpers import export_download


@pytest.fixture()
def export_dir(app: Flask, web_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for application in (app, web_app):
        monkeypatch.setitem(application.config, "EXPORT_DIR", str(tmp_path))
    return tmp_path


def _this_year() -> Consultation:
    consultation = make_consultation("community-safety-strategy")
    consultation.open_at_utc -= timedelta(days=10)
    survey = create_survey(
        consultation, load_definition((DEFINITIONS / "resident.yaml").read_text(encoding="utf-8"), "yaml")
    )
    add_sample_responses(consultation, survey, 40)
    db.session.commit()
    db.session.refresh(consultation)
    return consultation


def test_last_years_results_are_seeded_once_and_shown_beside_this_years(client: FlaskClient, export_dir: Path) -> None:
    consultation = _this_year()
    assert "with 150 sent resident responses" in seed_last_year(consultation)[0]
    db.session.commit()
    assert seed_last_year(consultation) == ["Last year's consultation already exists."]
    last_year = db.session.scalar(select(Consultation).where(Consultation.slug == consultation.slug + "-last-year"))
    assert last_year.open_at_utc == consultation.open_at_utc - timedelta(days=364)
    sent = db.session.execute(
        select(func.count(Response.id), func.min(Response.submitted_at_utc), func.max(Response.submitted_at_utc)).where(
            Response.consultation_id == last_year.id, Response.status == ResponseStatus.SUBMITTED
        )
    ).one()
    assert sent[0] == RESPONSES
    assert last_year.open_at_utc <= sent[1] and sent[2] <= last_year.close_at_utc, "dated across last year's window"

    sign_in(client, make_user(Role.OFFICER))
    page = client.get(f"/officers/reports/{consultation.id}?view=questions")
    assert page.status_code == 200
    assert f"Last time: {last_year.title}" in page.get_data(as_text=True)

    workbook = load_workbook(io.BytesIO(export_download(client, consultation.id, "xlsx")))
    questions = workbook["Closed questions"]
    assert questions.cell(1, 8).value == f"Last time ({last_year.title}): count"
    last_counts = [row[7] for row in questions.iter_rows(min_row=2, values_only=True) if row[7] is not None]
    assert last_counts, "no question shows last year's counts"
