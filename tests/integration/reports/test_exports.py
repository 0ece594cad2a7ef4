"""Each export runs as a job, is audit-logged, and its file reads back; only officers of the consultation reach it."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from app.extensions import db
from app.jobs.runner import wait_for_local_jobs
from app.models import AuditEvent, Job, JobStatus, Role
from tests.factories import make_consultation, make_user, sign_in
from tests.integration.reports.helpers import (
    consultation_with_responses,
    csv_files,
    csv_rows,
    earlier_consultation,
    respond,
)
from tests.pages import get, post

FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture()
def export_dir(app: Flask, web_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for application in (app, web_app):
        monkeypatch.setitem(application.config, "EXPORT_DIR", str(tmp_path))
    return tmp_path


def _export(client: FlaskClient, consultation_id: int, key: str) -> tuple[Job, bytes, str]:
    dashboard = f"/officers/reports/{consultation_id}"
    started = post(client, f"{dashboard}/exports/{key}", {}, form_url=dashboard)
    assert started.status == 302
    wait_for_local_jobs()
    db.session.rollback()
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert started.response.location.endswith(f"{dashboard}/exports/{job.id}")
    assert job.status == JobStatus.DONE, job.error
    page = get(client, f"{dashboard}/exports/{job.id}")
    assert page.soup.select_one("progress")["value"] == "100"
    download = client.get(f"{dashboard}/exports/{job.id}/download")
    db.session.rollback()
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    return job, download.get_data(), download.headers["Content-Type"]


def _no_formula(values: list[object]) -> None:
    for value in values:
        assert not (isinstance(value, str) and value.startswith(FORMULA_STARTS)), value


def test_csv_export_is_a_zip_of_one_file_per_survey_with_question_text_headers(
    client: FlaskClient, export_dir: Path
) -> None:
    consultation, _ = consultation_with_responses()
    sign_in(client, make_user(Role.OFFICER))
    job, content, content_type = _export(client, consultation.id, "csv")
    assert content_type == "application/zip" and job.result_filename.endswith(".zip")
    assert list(csv_files(content)) == ["annual.csv"]
    rows = csv_rows(content, "annual.csv")
    assert len(rows) == 30
    assert list(rows[0])[:4] == ["Reference", "Channel", "Organisation", "Date received"]
    assert {
        "How safe do you feel in your area during the day?",
        "How safe do you feel…: during the day",
        "How safe do you feel…: after dark",
        "What worries you?",
        "What worries you?: other (as written)",
        "Rank these priorities",
        "Which ward do you live in?",
        "Any other comments?",
        "Any other comments? – themes",
        "Any other comments? – sentiment",
        "What is your sex?",
    } <= set(rows[0])
    assert rows[0]["What worries you?: other (as written)"] == "'=SUM(A1:A9)"
    assert rows[0]["Rank these priorities"] == "Drugs; Knife crime"
    assert rows[1]["What worries you?"] == "Drugs; Knife crime"
    assert rows[0]["How safe do you feel…: after dark"] == "Unsafe"
    assert rows[0]["Channel"] == "Online" and rows[1]["Channel"] == "Paper"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", rows[0]["Date received"])
    comments = [row["Any other comments?"] for row in rows if row["Any other comments?"]]
    assert '\'=HYPERLINK("http://evil.example","click") drugs everywhere' in comments
    assert "'+44 call me about the speeding cars on my road" in comments
    coded = next(row for row in rows if row["Any other comments?"].startswith("Drug dealing on the estate"))
    assert "Drugs" in coded["Any other comments? – themes"].split("; ")
    assert coded["Any other comments? – sentiment"] in ("Negative", "Neutral", "Positive")
    assert all(row["Any other comments? – themes"] == "" for row in rows if not row["Any other comments?"])
    for row in rows:
        _no_formula(list(row.values()))
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == job.id)))
    assert {"export_requested", "export_downloaded"} <= actions
    assert Path(job.result_path).parent.parent == export_dir


def test_xlsx_export_sheets_are_formatted_for_an_officer(client: FlaskClient, export_dir: Path) -> None:
    consultation, _ = consultation_with_responses()
    earlier_consultation(consultation)
    sign_in(client, make_user(Role.OFFICER))
    _, content, content_type = _export(client, consultation.id, "xlsx")
    assert content_type.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "Annual community safety survey",
        "Summary",
        "Closed questions",
        "Themes",
        "Codebook",
        "Representativeness",
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.b for cell in sheet[1] if cell.value is not None), sheet.title
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}", sheet.title
        widths = [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, sheet.max_column + 1)]
        assert all(8 <= width <= 60 for width in widths), (sheet.title, widths)

    responses = workbook["Annual community safety survey"]
    headers = [cell.value for cell in responses[1]]
    assert responses.max_row == 31
    assert responses.cell(2, headers.index("What worries you?: other (as written)") + 1).value == "'=SUM(A1:A9)"
    received = responses.cell(2, headers.index("Date received") + 1)
    assert received.is_date and received.number_format == "yyyy-mm-dd hh:mm"
    comments = headers.index("Any other comments?") + 1
    assert responses.column_dimensions[get_column_letter(comments)].width == 60
    assert headers[comments : comments + 2] == ["Any other comments? – themes", "Any other comments? – sentiment"]
    for row in responses.iter_rows(values_only=True):
        _no_formula(list(row))

    summary = {(row[0], row[1]): row for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary[("Responses sent", "All")][2] == 30
    assert summary[("Channel", "Online")][2:4] == (10, pytest.approx(1 / 3))
    share_cell = next(row[3] for row in workbook["Summary"].iter_rows(min_row=2) if row[1].value == "Online")
    assert share_cell.number_format == "0.0%"

    questions = workbook["Closed questions"]
    header = [cell.value for cell in questions[1]]
    assert header[7] == "Last time (Annual survey 2025): count"
    rows = {(row[1].value, row[2].value, row[3].value): row for row in questions.iter_rows(min_row=2)}
    unsafe = rows[("How safe do you feel in your area during the day?", None, "Unsafe")]
    assert [unsafe[i].value for i in (4, 6, 7)] == [10, 30, 30]
    assert unsafe[5].value == pytest.approx(1 / 3) and unsafe[5].number_format == "0.0%"
    assert unsafe[8].value == pytest.approx(0.75) and unsafe[8].number_format == "0.0%"
    dark = rows[("How safe do you feel…", "after dark", "Unsafe")]
    assert dark[4].value == 30 and dark[7].value == 40, "grid rows have last year's figures too"
    for row in questions.iter_rows(min_row=2):
        assert all(not isinstance(row[i].value, str) for i in (4, 5, 6, 7, 8)), "no text in number columns"
    male = rows[("What is your sex?", None, "Male")]
    assert male[4].value is None and male[9].value.startswith("Not shown")

    themes = {row[0]: row for row in workbook["Themes"].iter_rows(min_row=2, values_only=True)}
    assert themes["Drugs"][1] >= 1
    codebook = {row[1]: row for row in workbook["Codebook"].iter_rows(min_row=2, values_only=True)}
    assert codebook["drugs"][0] == "Drugs" and codebook["drugs"][4]


def test_json_export_holds_the_analysis(client: FlaskClient, export_dir: Path) -> None:
    consultation, _ = consultation_with_responses()
    sign_in(client, make_user(Role.OFFICER))
    _, content, content_type = _export(client, consultation.id, "json")
    assert content_type.startswith("application/json")
    data = json.loads(content)
    assert data["responses"]["sent"] == 30
    safe_day = next(q for q in data["closed_questions"] if q["key"] == "safe_day")
    assert {a["key"]: a["count"] for a in safe_day["answers"]} == {"safe": 20, "unsafe": 10}
    assert any(theme["key"] == "drugs" for theme in data["themes"])


@pytest.mark.parametrize("role", [Role.TEACHER, Role.REVIEWER, None])
def test_only_officers_reach_reports_exports_and_downloads(
    client: FlaskClient, export_dir: Path, role: Role | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    consultation, _ = consultation_with_responses()
    officer = make_user(Role.OFFICER)
    sign_in(client, officer)
    job, _, _ = _export(client, consultation.id, "csv")
    outsider = client.application.test_client()
    if role is not None:
        sign_in(outsider, make_user(role))
    base = f"/officers/reports/{consultation.id}"
    for url in (
        base,
        f"{base}/report",
        f"{base}/population",
        f"{base}/exports/{job.id}",
        f"{base}/exports/{job.id}/download",
    ):
        status = outsider.get(url).status_code
        assert status == (302 if role is None else 403), url
    monkeypatch.setitem(client.application.config, "WTF_CSRF_ENABLED", False)
    assert outsider.post(f"{base}/exports/csv").status_code == (302 if role is None else 403)
    upload = outsider.post(f"{base}/population", data={"source": "x", "file": (io.BytesIO(b"a"), "p.csv")})
    assert upload.status_code == (302 if role is None else 403)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Job.id))) == 1
    downloads = db.session.scalars(select(AuditEvent.actor_id).where(AuditEvent.action == "export_downloaded"))
    assert set(downloads) == {officer.id}


def test_a_job_of_another_consultation_is_not_found(client: FlaskClient, export_dir: Path) -> None:
    consultation, _ = consultation_with_responses()
    other = make_consultation("other-2026")
    sign_in(client, make_user(Role.OFFICER))
    job, _, _ = _export(client, consultation.id, "csv")
    assert client.get(f"/officers/reports/{other.id}/exports/{job.id}").status_code == 404
    assert client.get(f"/officers/reports/{other.id}/exports/{job.id}/download").status_code == 404
    db.session.rollback()
    assert client.post(f"/officers/reports/{consultation.id}/exports/exe").status_code in (400, 404)
    downloads = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_downloaded")).all()
    assert len(downloads) == 1


SEPARATED = ["a;=1+1", "x,@SUM(A1:A9)", "\t=cmd|' /C calc'!A0", "note\r\n+44 1234", "ok; -5 degrees"]


def _split_parts(text: str) -> list[str]:
    """Every cell a spreadsheet could make of this text when it splits on any list separator."""
    for separator in (";", "\t", "\r", "\n"):
        text = text.replace(separator, ",")
    return [part.lstrip(" ") for part in text.split(",")]


def test_exports_neutralise_formulas_after_list_separators_and_are_not_cached(
    client: FlaskClient, export_dir: Path
) -> None:
    consultation, survey = consultation_with_responses()
    for comment in SEPARATED:
        respond(survey, comment=comment, other=comment)
    sign_in(client, make_user(Role.OFFICER))

    _, content, _ = _export(client, consultation.id, "csv")
    text = csv_files(content)["annual.csv"]
    for line in text.splitlines()[:2]:
        assert line.startswith('"') and line.endswith('"')
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=csv.QUOTE_NONE):
            _no_formula([part.lstrip(' "') for cell in row for part in _split_parts(cell)])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {"a;'=1+1", "x,'@SUM(A1:A9)", "'\t'=cmd|' /C calc'!A0", "note\r\n'+44 1234", "ok; '-5 degrees"} <= {
        row["Any other comments?"] for row in rows
    }

    _, content, _ = _export(client, consultation.id, "xlsx")
    sheet = load_workbook(io.BytesIO(content), read_only=True)["Annual community safety survey"]
    cells = [value for row in sheet.iter_rows(values_only=True) for value in row if isinstance(value, str)]
    assert "a;'=1+1" in cells
    _no_formula([part for cell in cells for part in _split_parts(cell)])

    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    download = client.get(f"/officers/reports/{consultation.id}/exports/{job.id}/download")
    assert download.status_code == 200 and download.headers["Cache-Control"] == "no-store"
