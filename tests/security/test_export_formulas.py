"""Formula payloads in every export: text that a spreadsheet would run (``=``, ``+``, ``-``, ``@``, tab, CR) typed
at the start of a field, or after a ``;`` or ``,`` (the list separators a spreadsheet may split a CSV on), goes into
every field that reaches an export: survey and consultation titles, option labels (joined with "; " when several
are chosen), ranking labels, free text, "other" text, organisation names and codebook themes. Then the CSV and XLSX
exports and the import template are downloaded as an officer would, and no cell starts with a formula character:
the CSV read with ``,`` and again with ``;`` as the separator, and every cell of every sheet of the workbook.

Guards: ``safe_cell`` in app/reports/response_rows.py and its use in app/reports/exports_csv.py and exports_xlsx.py
(a cell starting like a formula gets a leading apostrophe; cells holding a separator followed by a formula
character are quoted and neutralised — issue 14, finding 9).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from app.analysis import codebooks
from app.extensions import db
from app.models import Response, ResponseChannel, Role, Survey
from app.models.types import utcnow
from app.surveys import responses
from app.surveys.definitions_service import create_survey
from app.surveys.engine import AnswerItem, parse_definition
from app.surveys.invites import find_or_create_organisation
from tests.factories import FIXTURES, make_consultation, make_user, sign_in
from tests.integration.reports.helpers import csv_text, export_download

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RUN = "cmd|' /C calc'!A0"
LEADING = [f"{start}{RUN}" for start in FORMULA_STARTS]
AFTER_SEPARATOR = [f"safe{separator}{start}{RUN}" for separator in (";", "; ", ",", ", ") for start in FORMULA_STARTS]
PAYLOADS = LEADING + AFTER_SEPARATOR


@pytest.fixture()
def export_dir(app: Flask, web_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for application in (app, web_app):
        monkeypatch.setitem(application.config, "EXPORT_DIR", str(tmp_path))
    return tmp_path


def _seed_payloads() -> int:
    consultation = make_consultation("formulas")
    consultation.title = "=Consultation; @title"
    data = yaml.safe_load((FIXTURES / "reports_survey.yaml").read_text())
    data["title"] = "+Survey title;=1+1"
    questions = {question["id"]: question for page in data["pages"] for question in page["questions"]}
    questions["worries"]["options"] = [
        {"value": "drugs", "label": "@Drugs"},
        {"value": "knives", "label": "=Knife crime"},
        {"value": "burglary", "label": "-Burglary"},
    ]
    questions["top"]["options"] = ["=Knife crime", "+Drugs", "@Burglary"]
    survey = create_survey(consultation, parse_definition(data))
    officer = make_user(Role.OFFICER, "themes@example.org")
    for payload in PAYLOADS[:4]:
        codebooks.add_theme(consultation, payload, [RUN], officer)
    for number, payload in enumerate(PAYLOADS):
        organisation = find_or_create_organisation(f"{payload} {number}", "Police")
        draft = responses.load_draft(
            responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow(), organisation_id=organisation.id)
        )
        draft = responses.save_answers(
            draft,
            {
                "safe_day": (AnswerItem("safe_day", None, "safe"),),
                "worries": (
                    AnswerItem("worries", None, "drugs"),
                    AnswerItem("worries", None, "knives"),
                    AnswerItem("worries", None, "burglary"),
                    AnswerItem("worries", "other", payload),
                ),
                "top": (AnswerItem("top", None, "knife_crime", 1), AnswerItem("top", None, "drugs", 2)),
                "ward": (AnswerItem("ward", None, "olney"),),
                "comments": (AnswerItem("comments", None, payload),),
            },
            utcnow(),
        )
        responses.submit(draft, utcnow())
    db.session.commit()
    assert len(db.session.scalars(select(Response.id)).all()) == len(PAYLOADS)
    return consultation.id


def _formula_cells(cells: list[object]) -> list[str]:
    return [repr(cell) for cell in cells if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)]


def _csv_formula_cells(text: str) -> list[str]:
    found = []
    for separator in (",", ";"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            found += [f"{separator!r}: {cell}" for cell in _formula_cells(row)]
    return found


def test_no_csv_cell_starts_with_a_formula_character(client: FlaskClient, export_dir: Path) -> None:
    consultation_id = _seed_payloads()
    sign_in(client, make_user(Role.OFFICER))
    text = csv_text(export_download(client, consultation_id, "csv"))
    assert RUN in text
    assert text.count("\n") > len(PAYLOADS)
    assert _csv_formula_cells(text) == []


def test_no_xlsx_cell_starts_with_a_formula_character(client: FlaskClient, export_dir: Path) -> None:
    consultation_id = _seed_payloads()
    sign_in(client, make_user(Role.OFFICER))
    workbook = load_workbook(io.BytesIO(export_download(client, consultation_id, "xlsx")))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert any(RUN in str(cell.value) for cell in cells)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert _formula_cells([cell.value for cell in cells]) == []


def test_the_import_template_has_no_formula_cell(client: FlaskClient) -> None:
    consultation_id = _seed_payloads()
    sign_in(client, make_user(Role.OFFICER))
    survey_id = db.session.scalar(select(Survey.id).where(Survey.consultation_id == consultation_id))
    template = client.get(f"/officers/responses/surveys/{survey_id}/import-template.csv")
    assert template.status_code == 200
    assert _csv_formula_cells(template.get_data(as_text=True).lstrip("\ufeff")) == []
