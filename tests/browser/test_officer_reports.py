"""An officer opens the demo dashboard, filters it by ward and age band (the filter stays in the address and in the
links between sections), cross-tabulates a question, uploads a population profile, sees who is under-represented,
and starts and downloads every export. axe-core runs on every page visited."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import aliased

from app.demo import DEMO_SLUG
from app.extensions import db
from app.models import Answer, Consultation, Response, ResponseStatus, SurveyQuestion
from bench.generate_responses import generate
from tests.browser.conftest import AccessibilityChecker, LiveServer

PROFILE = "dimension,category,population\nsex,Female,507\nsex,Male,493\n"
SOURCE = "ONS Census 2021 first results (June 2022): 50.7% female, 49.3% male, as figures per thousand"


def _add_responses(live_server: LiveServer) -> int:
    """40 more sent resident responses, after the demo's own; then all but 4 of everyone who gave their sex say female,
    so men are under-represented (and fewer than 10). Returns how many resident responses have been sent."""
    with live_server.app.app_context():
        consultation = db.session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))
        generate(consultation, 40, seed=1)
        sex_ids = list(db.session.scalars(select(SurveyQuestion.id).where(SurveyQuestion.key == "sex")))
        ids = ", ".join(str(i) for i in sex_ids)
        db.session.execute(text(f"UPDATE answers SET value = 'female' WHERE question_id IN ({ids})"))
        db.session.execute(
            text(
                f"UPDATE answers SET value = 'male' WHERE question_id IN ({ids}) AND id IN "
                f"(SELECT id FROM answers WHERE question_id IN ({ids}) ORDER BY id LIMIT 4)"
            )
        )
        _gather_in_one_ward(ids_of("age_band"), ids_of("ward"))
        db.session.commit()
        return db.session.scalar(
            select(func.count(Response.id)).where(
                Response.status == ResponseStatus.SUBMITTED, Response.consultation_id == consultation.id
            )
        )


def ids_of(key: str) -> list[int]:
    return list(db.session.scalars(select(SurveyQuestion.id).where(SurveyQuestion.key == key)))


def _gather_in_one_ward(age_ids: list[int], ward_ids: list[int]) -> None:
    """12 of the people aged 35 to 44 live in Olney (the demo spreads people over every ward, so no ward and age
    band has 10 people to filter to), before any dashboard has counted them."""
    aged = (
        select(Answer.response_id)
        .where(Answer.question_id.in_(age_ids), Answer.value == "35_44")
        .order_by(Answer.response_id)
        .limit(12)
    )
    db.session.execute(
        update(Answer)
        .where(Answer.question_id.in_(ward_ids), Answer.response_id.in_(list(db.session.scalars(aged))))
        .values(value="olney")
    )


def test_officer_dashboard_profile_and_exports(
    live_server: LiveServer, browser: Browser, axe: AccessibilityChecker
) -> None:
    sent = _add_responses(live_server)
    export_dir = tempfile.mkdtemp(prefix="sv-browser-exports-")
    live_server.app.config["EXPORT_DIR"] = export_dir
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_label("Password").fill("demo-officer-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Consultations")
    page.get_by_role("link", name=re.compile(r"^Dashboard for Community Safety Strategy \d{4}")).click()
    expect(page.locator("h1")).to_have_text("Dashboard: summary")
    expect(page.locator("#total-sent")).to_have_text(str(sent))
    axe.check(page)

    ward, age_band, matching = _largest_group(live_server)
    page.get_by_text("Filter responses").click()
    page.get_by_label("Ward").select_option(ward)
    page.get_by_label("Age band").select_option(age_band)
    page.get_by_role("button", name="Apply filters").click()
    assert f"ward={ward}" in page.url and f"age_band={age_band}" in page.url
    expect(page.locator("#filtered-total")).to_have_text(str(matching))
    expect(page.locator(f"#chart-ward tr[data-key='{ward}'] [data-count]")).to_have_text(str(matching))
    expect(page.locator("#filter-ward")).to_have_value(ward)
    axe.check(page)
    page.locator("#dashboard-sections").get_by_role("link", name="Closed questions").click()
    assert f"ward={ward}" in page.url and f"age_band={age_band}" in page.url and "view=questions" in page.url
    expect(page.locator("#filtered-total")).to_have_text(str(matching))
    axe.check(page)
    page.locator("#dashboard-sections").get_by_role("link", name="Compare groups").click()
    page.get_by_label("Question").select_option(index=1)
    page.get_by_label("Break it down by").select_option("audience")
    page.get_by_role("button", name="Show the table").click()
    assert f"ward={ward}" in page.url and "by=audience" in page.url
    expect(page.locator("#crosstab tfoot td[data-column='public']")).to_be_visible()
    axe.check(page)
    page.locator("#dashboard-sections").get_by_role("link", name="Themes and sentiment").click()
    axe.check(page)
    page.get_by_role("link", name="Clear filters").click()
    expect(page.locator("#filtered-total")).to_have_count(0)

    page.locator("#dashboard-sections").get_by_role("link", name="Who we have heard from").click()
    page.get_by_role("link", name="Upload a population profile").click()
    axe.check(page)
    page.get_by_label("Where the figures come from").fill(SOURCE)
    upload = Path(export_dir) / "profile.csv"
    upload.write_text(PROFILE, encoding="utf-8")
    page.get_by_label("Upload a CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload profile").click()
    expect(page.locator("#under-represented")).to_contain_text("Male")
    expect(page.locator("#profile-sex tr[data-category='Male'] [data-respondents]")).to_have_text("not shown")
    expect(page.locator("#profile-sex tr[data-category='Male'] [data-reason]")).to_contain_text("of the population")
    axe.check(page)

    for key, suffix in (("csv", ".zip"), ("xlsx", ".xlsx"), ("json", ".json"), ("docx", ".docx")):
        page.goto(f"{live_server.url}/officers/reports/{_consultation_id(live_server)}")
        page.locator(f"button[data-export='{key}']").click()
        expect(page.locator("h1")).to_be_visible()
        download_button = page.locator("#download")
        for _ in range(120):
            if download_button.count() or page.locator(".govuk-tag--red").count():
                break
            page.wait_for_timeout(1000)
            page.reload()
        assert download_button.count(), page.locator("main").inner_text()
        axe.check(page)
        with page.expect_download() as info:
            download_button.click()
        assert info.value.suggested_filename.endswith(suffix)
        assert Path(info.value.path()).stat().st_size > 0
    page.goto(f"{live_server.url}/officers/reports/{_consultation_id(live_server)}/report")
    expect(page.locator("h1")).to_contain_text("Themed summary")
    axe.check(page)
    context.close()


def _consultation_id(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(Consultation.id).where(Consultation.slug == DEMO_SLUG))


def _largest_group(live_server: LiveServer) -> tuple[str, str, int]:
    """The ward and age band with the most sent responses, and how many that is (counted here from the answers)."""
    ward, age = aliased(Answer), aliased(Answer)
    ward_question, age_question = aliased(SurveyQuestion), aliased(SurveyQuestion)
    consultation_id = _consultation_id(live_server)
    with live_server.app.app_context():
        row = db.session.execute(
            select(ward.value, age.value, func.count(func.distinct(ward.response_id)))
            .join(age, age.response_id == ward.response_id)
            .join(ward_question, ward_question.id == ward.question_id)
            .join(age_question, age_question.id == age.question_id)
            .join(Response, Response.id == ward.response_id)
            .where(
                ward_question.key == "ward",
                age_question.key == "age_band",
                Response.status == ResponseStatus.SUBMITTED,
                Response.consultation_id == consultation_id,
            )
            .group_by(ward.value, age.value)
            .order_by(func.count(func.distinct(ward.response_id)).desc())
            .limit(1)
        ).one()
    assert row[2] >= 10, "the demo should have a group of 10 or more to filter to"
    return row[0], row[1], row[2]
