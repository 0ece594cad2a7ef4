"""The dashboard filtered by survey, audience, channel, ward, age band and date received, with the filter in the
address; cross-tabs; and a filtered view of 1 to 9 people showing no figures."""

from __future__ import annotations

import io
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select, update

from app.common.filters import LONDON
from app.extensions import db
from app.models import Consultation, Response, ResponseChannel, Role, Survey
from app.models.types import utcnow
from app.reports import cache
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.integration.reports.helpers import earlier_consultation, respond
from tests.pages import Page, get, post


def _people() -> tuple[int, int]:
    """12 young people in Olney who feel unsafe (paper), 15 people aged 25 to 34 in Bletchley East who feel safe
    (online), and 3 people aged 25 to 34 in Olney who feel safe (online)."""
    consultation = make_consultation()
    survey = add_survey(consultation, "reports_survey.yaml")
    for _ in range(12):
        respond(survey, safe="unsafe", ward="olney", age_band="16_24", channel=ResponseChannel.PAPER)
    for _ in range(15):
        respond(survey, safe="safe", ward="bletchley_east", age_band="25_34")
    for _ in range(3):
        respond(survey, safe="safe", ward="olney", age_band="25_34")
    return consultation.id, survey.id


def _cell(page: Page, table: str, key: str, column: str = "[data-count]") -> str:
    cell = page.soup.select_one(f"#{table} tr[data-key='{key}'] {column}")
    assert cell is not None, f"no {key} in {table}"
    return cell.get_text(strip=True)


def test_filters_combine_and_every_figure_counts_only_the_matching_responses(client: FlaskClient) -> None:
    consultation_id, _ = _people()
    sign_in(client, make_user(Role.OFFICER))
    url = f"/officers/reports/{consultation_id}"
    page = get(client, f"{url}?ward=olney&age_band=16_24")
    assert page.status == 200
    assert page.soup.select_one("#filtered-total").get_text() == "12"
    assert _cell(page, "chart-ward", "olney") == "12"
    assert page.soup.select_one("#chart-ward tr[data-key='bletchley_east']") is None
    assert _cell(page, "chart-channel", "paper") == "12"
    assert page.soup.select_one("#filter-ward option[selected]")["value"] == "olney"
    assert page.soup.select_one("#filter-age_band option[selected]")["value"] == "16_24"

    section = page.soup.select_one("#dashboard-sections a[href*='view=questions']")["href"]
    assert "ward=olney" in section and "age_band=16_24" in section, "section links keep the filter"
    questions = get(client, section)
    assert _cell(questions, "chart-annual-safe_day", "unsafe") == "12"
    assert _cell(questions, "chart-annual-safe_day", "safe") == "0"

    by_channel = get(client, f"{url}?view=questions&channel=online")
    assert _cell(by_channel, "chart-annual-safe_day", "safe") == "18"
    assert by_channel.soup.select_one("#chart-annual-safe_day tr[data-key='unsafe'] [data-count]").get_text() == "0"


def test_a_filter_matching_fewer_than_10_people_shows_no_figures(client: FlaskClient) -> None:
    consultation_id, _ = _people()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/reports/{consultation_id}?ward=olney&age_band=25_34&view=questions")
    assert page.status == 200
    assert "Fewer than 10 responses match these filters" in page.soup.select_one("#too-few").get_text()
    assert page.soup.select_one("#filtered-total") is None
    assert not page.soup.select("table")


def test_dates_filter_on_the_day_received(client: FlaskClient) -> None:
    consultation_id, _ = _people()
    week_ago = utcnow() - timedelta(days=7)
    paper = select(Response.id).where(Response.channel == ResponseChannel.PAPER)
    db.session.execute(update(Response).where(Response.id.in_(paper)).values(submitted_at_utc=week_ago))
    db.session.commit()
    cache.clear()
    sign_in(client, make_user(Role.OFFICER))
    day = week_ago.astimezone(LONDON).date()
    page = get(client, f"/officers/reports/{consultation_id}?date_from={day:%d/%m/%Y}&date_to={day:%Y-%m-%d}")
    assert page.soup.select_one("#filtered-total").get_text() == "12"
    later = get(client, f"/officers/reports/{consultation_id}?date_from={day + timedelta(days=1):%d/%m/%Y}")
    assert later.soup.select_one("#filtered-total").get_text() == "18"


def test_a_filter_that_cannot_be_read_is_reported_and_left_out(client: FlaskClient) -> None:
    consultation_id, _ = _people()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/reports/{consultation_id}?ward=atlantis&date_from=31/02/2026&channel=paper")
    assert page.status == 400
    assert page.error_summary() == ["Select a ward from the list", "Enter the 'From' date like 30/11/2026"]
    assert page.soup.select_one("#filtered-total").get_text() == "12"


def test_crosstab_by_ward_hides_a_small_cell_and_the_cell_that_would_give_it_away(client: FlaskClient) -> None:
    consultation_id, _ = _people()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/reports/{consultation_id}?view=crosstab&question=annual:safe_day&by=ward")
    assert page.status == 200
    assert _cell(page, "crosstab", "safe", "td[data-column='bletchley_east']") == "15 (100%)"
    assert _cell(page, "crosstab", "unsafe", "td[data-column='bletchley_east']") == "0 (0%)"
    assert _cell(page, "crosstab", "safe", "td[data-column='olney']") == "not shown"
    assert _cell(page, "crosstab", "unsafe", "td[data-column='olney']") == "not shown"
    assert _cell(page, "crosstab", "answered", "td[data-column='olney']") == "15"

    by_age = get(client, f"/officers/reports/{consultation_id}?view=crosstab&question=annual:safe_day&by=age_band")
    assert _cell(by_age, "crosstab", "unsafe", "td[data-column='16_24']") == "12 (100%)"
    assert _cell(by_age, "crosstab", "safe", "td[data-column='25_34']") == "18 (100%)"
    grid = get(client, f"/officers/reports/{consultation_id}?view=crosstab&question=annual:feel_safe:dark&by=audience")
    assert _cell(grid, "crosstab", "unsafe", "td[data-column='public']") == "30 (100%)"


def test_an_empty_survey_says_so_once_instead_of_tables_of_zeros(client: FlaskClient) -> None:
    consultation = make_consultation()
    add_survey(consultation, "reports_survey.yaml")
    sign_in(client, make_user(Role.OFFICER))
    summary = get(client, f"/officers/reports/{consultation.id}")
    assert "No responses have been sent yet" in summary.soup.select_one("#no-responses").get_text()
    assert not summary.soup.select("table")
    questions = get(client, f"/officers/reports/{consultation.id}?view=questions")
    assert questions.soup.select_one("[data-empty-survey='annual']") is not None
    assert not questions.soup.select("table")


def test_a_survey_filter_reads_the_tallies_and_keeps_last_years_results(client: FlaskClient) -> None:
    consultation_id, _ = _people()
    consultation = db.session.get(Consultation, consultation_id)
    earlier_consultation(consultation)
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/reports/{consultation_id}?view=questions&survey=annual&audience=public")
    assert page.status == 200
    assert page.soup.select_one("#filtered-total").get_text() == "30"
    assert _cell(page, "chart-annual-safe_day", "safe") == "18"
    assert _cell(page, "chart-annual-safe_day", "unsafe", "[data-previous]") == "75%"
    with_ward = get(client, f"/officers/reports/{consultation_id}?view=questions&survey=annual&ward=olney")
    assert with_ward.soup.select_one("#filtered-total").get_text() == "15"
    assert _cell(with_ward, "chart-annual-safe_day", "unsafe") == "not shown", "3 safe beside 12 would give it away"
    assert with_ward.soup.select_one("#chart-annual-safe_day [data-previous]") is None


def test_the_ward_table_and_representativeness_hide_the_same_wards(client: FlaskClient) -> None:
    consultation_id, survey_id = _people()
    survey = db.session.get(Survey, survey_id)
    for _ in range(4):
        respond(survey, ward="bradwell")
    sign_in(client, make_user(Role.OFFICER))
    profile = b"dimension,category,population\nward,Olney,100\nward,Bletchley East,100\nward,Bradwell,100\n"
    assert (
        post(
            client,
            f"/officers/reports/{consultation_id}/population",
            {"source": "ONS Census 2021", "file": (io.BytesIO(profile), "wards.csv")},
        ).status
        == 302
    )
    summary = get(client, f"/officers/reports/{consultation_id}")
    shown = {key: _cell(summary, "chart-ward", key) for key in ("olney", "bletchley_east", "bradwell")}
    assert shown == {"olney": "15", "bletchley_east": "not shown", "bradwell": "not shown"}
    people = get(client, f"/officers/reports/{consultation_id}?view=representativeness")
    compared = {
        row["data-category"]: row.select_one("[data-respondents]").get_text(strip=True)
        for row in people.soup.select("#profile-ward tbody tr")
    }
    assert compared == {"Olney": "15", "Bletchley East": "not shown", "Bradwell": "not shown"}
    assert "Bradwell" in people.soup.select_one("#under-represented").get_text()
