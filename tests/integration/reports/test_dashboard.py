"""The dashboard shows what the database holds, representativeness against an uploaded profile, and last year."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Answer,
    AuditEvent,
    PopulationFigure,
    PopulationProfile,
    Response,
    ResponseStatus,
    Role,
    SafeguardingFlag,
    SurveyQuestion,
)
from tests.factories import make_user, sign_in
from tests.integration.reports.helpers import consultation_with_responses, earlier_consultation
from tests.pages import Page, get, post


def _count(page: Page, table: str, key: str, column: str = "[data-count]") -> str:
    cell = page.soup.select_one(f"#{table} tr[data-key='{key}'] {column}")
    assert cell is not None, f"no {key} in {table}"
    return cell.get_text(strip=True)


def _db_count(key: str, value: str, item: str | None = None) -> int:
    query = (
        select(func.count(Answer.id))
        .join(Response, Response.id == Answer.response_id)
        .join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
        .where(Response.status == ResponseStatus.SUBMITTED, SurveyQuestion.key == key, Answer.value == value)
    )
    query = query.where(Answer.item == item) if item else query.where(Answer.item.is_(None))
    return db.session.scalar(query)


def test_dashboard_numbers_equal_what_the_database_holds(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/reports/{consultation.id}")
    assert page.status == 200
    sent = db.session.scalar(select(func.count(Response.id)).where(Response.status == ResponseStatus.SUBMITTED))
    assert page.soup.select_one("#total-sent").get_text() == str(sent) == "30"
    assert page.soup.select_one("#in-progress").get_text() == "1"
    for channel in ("online", "paper", "email"):
        expected = db.session.scalar(
            select(func.count(Response.id)).where(
                Response.status == ResponseStatus.SUBMITTED, Response.channel == channel
            )
        )
        assert _count(page, "chart-channel", channel) == str(expected) == "10"
    assert _count(page, "chart-audience", "public") == "30"
    assert _count(page, "chart-ward", "olney") == str(_db_count("ward", "olney")) == "10"
    assert _count(page, "chart-ward", "bletchley_east") == "20"
    assert page.soup.select_one("#chart-days tr[data-key] [data-count]").get_text() == "30"
    page = get(client, f"/officers/reports/{consultation.id}?view=questions")
    assert _count(page, "chart-annual-safe_day", "unsafe") == str(_db_count("safe_day", "unsafe")) == "10"
    assert _count(page, "chart-annual-worries", "knives") == str(_db_count("worries", "knives")) == "15"
    assert _count(page, "chart-annual-worries", "drugs") == "30"
    assert _count(page, "chart-annual-top", "drugs", "[data-first]") == "30"
    grid = page.soup.select_one("#chart-annual-feel_safe tr[data-key='dark'] td[data-option='unsafe']")
    assert grid.get_text(strip=True).startswith(f"{_db_count('feel_safe', 'unsafe', 'dark')} ")
    assert "=SUM(A1:A9)" not in page.text
    assert page.soup.select_one("#chart-annual-ward") is None, "the ward table is on the summary only"
    page = get(client, f"/officers/reports/{consultation.id}?view=themes")
    assert page.soup.select_one("#chart-themes tr[data-theme='drugs']") is not None
    assert page.soup.select("svg.sv-bar[aria-hidden='true']")


def test_quarantined_answers_are_counted_but_never_shown(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    response_id = db.session.scalar(select(Response.id).where(Response.status == ResponseStatus.SUBMITTED))
    question_id = db.session.scalar(select(SurveyQuestion.id).where(SurveyQuestion.key == "comments"))
    db.session.add(
        SafeguardingFlag(
            response_id=response_id, question_id=question_id, text="SECRET DISCLOSURE", level="urgent", category="abuse"
        )
    )
    db.session.commit()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/reports/{consultation.id}")
    assert page.soup.select_one("#held-back").get_text() == "fewer than 10"
    assert "SECRET DISCLOSURE" not in page.response.get_data(as_text=True)


PROFILE = b"dimension,category,population\r\nsex,Female,507\r\nsex,Male,493\r\nage_band,25-34,100\r\n"


def _upload(client: FlaskClient, consultation_id: int, content: bytes) -> Page:
    return post(
        client,
        f"/officers/reports/{consultation_id}/population",
        {
            "source": "Census 2021 (ONS first results): 50.7% female, 49.3% male",
            "file": (io.BytesIO(content), "profile.csv"),
        },
    )


def test_profile_upload_flags_under_represented_and_suppresses_small_counts(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    sign_in(client, make_user(Role.OFFICER))
    assert _upload(client, consultation.id, PROFILE).status == 302
    assert db.session.scalar(select(func.count(PopulationFigure.id))) == 3
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "population_profile_uploaded"))
    page = get(client, f"/officers/reports/{consultation.id}?view=representativeness")
    female = page.soup.select_one("#profile-sex tr[data-category='Female']")
    male = page.soup.select_one("#profile-sex tr[data-category='Male']")
    # 6 men is a small group, and 30 answered, so the 24 women are hidden too: 30 - 24 would give the men away.
    assert male.select_one("[data-respondents]").get_text() == "not shown"
    assert female.select_one("[data-respondents]").get_text() == "not shown"
    assert not female.has_attr("data-under-represented")
    assert male.has_attr("data-under-represented")
    assert "Under-represented" in male.get_text() and "against 49.3% of the population" in male.get_text()
    assert "Male" in page.soup.select_one("#under-represented").get_text()
    age = page.soup.select_one("#profile-age_band tr[data-category='25-34']").get_text(" ", strip=True)
    assert "Under-represented 0.0% of respondents against 100.0% of the population" in age


def test_profile_with_a_bad_row_is_rejected_and_nothing_stored(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    sign_in(client, make_user(Role.OFFICER))
    bad = b"dimension,category,population\nsex,Female,507\nsex,Male,lots\nAge Band!,x,1\nsex,female,3\n"
    page = _upload(client, consultation.id, bad)
    assert page.status == 400
    problems = page.soup.select_one("#row-errors").get_text(" ", strip=True)
    assert "Row 3: the population must be a whole number" in problems
    assert "Row 4: the dimension must be a question key" in problems
    assert "Row 5: sex 'female' appears more than once" in problems
    assert page.error_summary()
    assert db.session.scalar(select(func.count(PopulationProfile.id))) == 0
    assert db.session.scalar(select(func.count(PopulationFigure.id))) == 0
    wrong_header = _upload(client, consultation.id, b"dim,cat,pop\nsex,Female,1\n")
    assert "The first row must be the headings" in wrong_header.text


def test_year_on_year_shows_last_years_result_beside_this_years(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    earlier_consultation(consultation)
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/reports/{consultation.id}?view=questions")
    table = page.soup.select_one("#chart-annual-safe_day")
    assert "Last time: Annual survey 2025" in table.get_text()
    assert _count(page, "chart-annual-safe_day", "unsafe", "[data-previous]") == "75%"
    assert _count(page, "chart-annual-safe_day", "unsafe") == "10"
    assert page.soup.select_one("#chart-annual-feel_safe-previous") is not None
    older = get(client, f"/officers/reports/{db.session.scalar(select(func.min(Response.consultation_id)))}")
    assert older.status == 200


def test_profile_of_thousands_of_bad_rows_lists_the_first_twenty_and_counts_the_rest(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    sign_in(client, make_user(Role.OFFICER))
    bad = b"dimension,category,population\n" + b"".join(b"sex,Female %d,lots\n" % i for i in range(5000))
    page = _upload(client, consultation.id, bad)
    assert page.status == 400
    listed = page.soup.select("#row-errors li")
    assert len(listed) == 21 and listed[0].get_text().startswith("Row 2: the population must be a whole number")
    assert listed[-1].get_text() == (
        "There are 4,980 more problems not listed here. Fix these and upload the file again to see them"
    )
    assert len(page.error_summary()) == 21
    assert len(page.response.get_data()) < 100_000
    assert db.session.scalar(select(func.count(PopulationProfile.id))) == 0
