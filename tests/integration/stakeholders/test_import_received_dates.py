"""Imported responses are dated by the day they were received, so "responses over time" shows when people answered,
not when the officer imported the file."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.common.filters import LONDON
from app.extensions import db
from app.models import Response, Role
from app.models.types import utcnow
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.integration.stakeholders.test_channels import HEADER, _csv, _upload
from tests.pages import get


def test_imported_rows_take_their_received_date_and_a_wrong_date_stores_nothing(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER))
    consultation = make_consultation()
    consultation.open_at_utc = utcnow() - timedelta(days=20)
    db.session.commit()
    survey = add_survey(consultation)
    today = utcnow().astimezone(LONDON).date()
    earlier, before_open = today - timedelta(days=6), today - timedelta(days=25)
    tomorrow = today + timedelta(days=1)

    bad = _csv(
        "date_received," + HEADER,
        f"{earlier:%d/%m/%Y},safe,,,,",
        f"{before_open:%Y-%m-%d},safe,,,,",
        f"{tomorrow:%Y-%m-%d},safe,,,,",
        "31/02/2026,safe,,,,",
    )
    page = _upload(client, survey, bad)
    assert page.status == 400
    problems = [
        [cell.get_text(strip=True) for cell in row.select("td")] for row in page.soup.select("#problems tbody tr")
    ]
    assert [row[:2] for row in problems] == [["3", "date_received"], ["4", "date_received"], ["5", "date_received"]]
    assert "is before the consultation opened" in problems[0][2]
    assert "is in the future" in problems[1][2]
    assert "Enter the date received like 2024-11-30 or 30/11/2024" in problems[2][2]
    assert db.session.scalar(select(func.count(Response.id))) == 0

    good = _csv(
        "date_received," + HEADER, f"{earlier:%d/%m/%Y},safe,,,,", f"{earlier:%Y-%m-%d},unsafe,,,,", ",safe,,,,"
    )
    assert _upload(client, survey, good).status == 302
    stored = db.session.execute(select(Response.submitted_at_utc, Response.created_at_utc).order_by(Response.id)).all()
    assert [sent.astimezone(LONDON).date() for sent, _ in stored] == [earlier, earlier, today]
    assert all(created.astimezone(LONDON).date() == today for _, created in stored)

    dashboard = get(client, f"/officers/reports/{consultation.id}")
    days = {
        row.select_one("th").get_text(strip=True): row.select_one("td").get_text(strip=True)
        for row in dashboard.soup.select("#chart-days tbody tr")
    }
    assert days == {f"{earlier.day} {earlier:%b %Y}": "2", f"{today.day} {today:%b %Y}": "1"}
