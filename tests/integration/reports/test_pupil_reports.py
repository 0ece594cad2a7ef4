"""Officers see pupils only as suppressed aggregates: dashboard, JSON, CSV and Excel never show a count of 1 to 9
pupils, never count a class that is open or under 10, and never give a pupil a row of their own."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import ClassSession, Consultation, Response, ResponseStatus, Role, SafeguardingFlag
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.integration.reports.helpers import csv_files, export_download, respond
from tests.integration.schools.helpers import class_session, pupil_survey, teacher_of
from tests.integration.schools.summary_helpers import close, close_consultation, sent_pupils
from tests.pages import get

SECRET = "PUPIL-SECRET more lights in the park please"


@pytest.fixture()
def export_dir(app: Flask, web_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for application in (app, web_app):
        monkeypatch.setitem(application.config, "EXPORT_DIR", str(tmp_path))
    return tmp_path


def _school_classes(consultation: Consultation) -> tuple[list[ClassSession], ClassSession]:
    """Two released classes (12 and 13 sent), a closed class of 4 and an open class of 3 with one unsent draft."""
    teacher, survey = teacher_of(), pupil_survey(consultation)
    first, second, small, running = (class_session(teacher, survey, year_group=f"Year {n}") for n in (7, 8, 9, 10))
    sent_pupils(first, 9, school="very_safe", who_tell=("friend",), describe_you="girl", one_thing=SECRET)
    sent_pupils(first, 3, school="very_unsafe", who_tell=("friend", "police"), describe_you="boy")
    sent_pupils(second, 6, school="very_safe", who_tell=("parent_carer",), describe_you="girl")
    sent_pupils(second, 7, school="very_safe", who_tell=("parent_carer",), describe_you="not_sure")
    sent_pupils(small, 4, school="very_unsafe", describe_you="another_way", one_thing=SECRET)
    sent_pupils(running, 3, school="a_bit_unsafe")
    sent_pupils(running, 1, school="a_bit_unsafe", sent=False)
    close(first, second, small)
    flagged = db.session.scalar(select(Response.id).where(Response.status == ResponseStatus.SUBMITTED))
    db.session.add(SafeguardingFlag(response_id=flagged, text="held back", level="concern", category="bullying"))
    db.session.commit()
    return [first, second, small], running


def _numbers(html: str) -> list[int]:
    soup = BeautifulSoup(html, "html.parser")
    cells = soup.select("td.govuk-table__cell--numeric, #total-sent, #in-progress, #held-back")
    return [int(match.group()) for cell in cells if (match := re.match(r"\d+", cell.get_text(strip=True)))]


def _json_numbers(value: Any, key: str = "") -> Iterator[tuple[str, int]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _json_numbers(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _json_numbers(item, key)
    elif isinstance(value, int) and not isinstance(value, bool) and key != "id":
        yield key, value


def _sent_in_db() -> int:
    return db.session.scalar(select(func.count(Response.id)).where(Response.status == ResponseStatus.SUBMITTED))


def test_officer_dashboard_and_json_for_a_pupil_survey_never_show_a_count_under_ten(
    client: FlaskClient, export_dir: Path
) -> None:
    consultation = make_consultation("schools-2026")
    _, running = _school_classes(consultation)
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/reports/{consultation.id}")
    assert page.soup.select_one("#total-sent").get_text() == "25" and _sent_in_db() == 32
    assert page.soup.select_one("#in-progress").get_text() == "0"
    assert page.soup.select_one("#held-back").get_text() == "fewer than 10"
    assert not [n for n in _numbers(page.response.get_data(as_text=True)) if 0 < n < 10]
    page = get(client, f"/officers/reports/{consultation.id}?view=questions")
    assert page.soup.select_one("[data-pupil-note]")["data-pupil-note"] == "waiting"
    assert page.soup.select("[id^='chart-pupil-']") == []
    assert not [n for n in _numbers(page.response.get_data(as_text=True)) if 0 < n < 10]

    close(running)
    close_consultation(consultation)
    page = get(client, f"/officers/reports/{consultation.id}")
    assert page.soup.select_one("#total-sent").get_text() == "25"
    assert not [n for n in _numbers(page.response.get_data(as_text=True)) if 0 < n < 10]
    page = get(client, f"/officers/reports/{consultation.id}?view=questions")
    assert page.soup.select_one("#chart-pupil-who_tell tr[data-key='friend'] [data-count]").get_text() == "12"
    describe_you = {
        row["data-key"]: row.select_one("[data-count]").get_text()
        for row in page.soup.select("#chart-pupil-describe_you tbody tr")
    }
    assert describe_you == {
        "girl": "15",
        "boy": "not shown",
        "another_way": "not shown",
        "not_sure": "not shown",
        "prefer_not_to_say": "not shown",
        "(no answer)": "not shown",
    }
    assert not [n for n in _numbers(page.response.get_data(as_text=True)) if 0 < n < 10]
    assert SECRET not in page.response.get_data(as_text=True)

    document = json.loads(export_download(client, consultation.id, "json"))
    assert document["responses"]["sent"] == 25
    assert [(key, n) for key, n in _json_numbers(document) if 0 < n < 10] == []
    who_tell = next(q for q in document["closed_questions"] if q["key"] == "who_tell")
    assert {a["key"]: a["count"] for a in who_tell["answers"]}["friend"] == 12
    assert any(a.get("suppressed") and a["count"] is None for a in who_tell["answers"])


def test_csv_and_excel_exports_give_pupils_no_rows_and_no_free_text(client: FlaskClient, export_dir: Path) -> None:
    consultation = make_consultation("schools-2026")
    residents = add_survey(consultation, "reports_survey.yaml")
    for _ in range(3):
        respond(residents, comment="The street lights are broken")
    _, running = _school_classes(consultation)
    close(running)
    close_consultation(consultation)
    assert _sent_in_db() == 35
    sign_in(client, make_user(Role.OFFICER))

    files = csv_files(export_download(client, consultation.id, "csv"))
    assert list(files) == ["annual.csv"], "the pupils' survey has no file"
    rows = list(csv.reader(io.StringIO(files["annual.csv"])))
    assert len(rows) == 1 + 3
    text = "".join(files.values())
    assert "PUPIL-SECRET" not in text and "Girl" not in text

    workbook = load_workbook(io.BytesIO(export_download(client, consultation.id, "xlsx")), read_only=True)
    assert "Feeling safe in Milton Keynes" not in workbook.sheetnames
    responses = list(workbook["Annual community safety survey"].iter_rows(values_only=True))
    assert len(responses) == 1 + 3
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and "PUPIL-SECRET" in v for v in row), sheet.title
    pupil_rows = [
        row
        for row in workbook["Closed questions"].iter_rows(values_only=True)
        if row[0] == "Feeling safe in Milton Keynes"
    ]
    assert pupil_rows and any(row[4] is None and row[9].startswith("Not shown") for row in pupil_rows)
    assert not [row for row in pupil_rows if isinstance(row[4], int) and 0 < row[4] < 10]
    assert not [row for row in pupil_rows if isinstance(row[6], int) and 0 < row[6] < 10]
