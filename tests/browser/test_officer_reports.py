"""An officer opens the demo dashboard, uploads a population profile, sees who is under-represented, and starts and
downloads every export. axe-core runs on every page visited."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlalchemy import func, select, text

from app.demo import DEMO_SLUG
from app.extensions import db
from app.models import Consultation, Response, ResponseStatus, SurveyQuestion
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
        db.session.execute(text(f"UPDATE answers SET value = 'male' WHERE question_id IN ({ids}) AND id IN "
                                f"(SELECT id FROM answers WHERE question_id IN ({ids}) ORDER BY id LIMIT 4)"))
        db.session.commit()
        return db.session.scalar(select(func.count(Response.id)).where(Response.status == ResponseStatus.SUBMITTED))


def test_officer_dashboard_profile_and_exports(live_server: LiveServer, browser: Browser,
                                               axe: AccessibilityChecker) -> None:
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
    expect(page.locator("h1")).to_have_text("Dashboard")
    expect(page.locator("#total-sent")).to_have_text(str(sent))
    axe.check(page)

    page.get_by_role("link", name="Upload a population profile").click()
    axe.check(page)
    page.get_by_label("Where the figures come from").fill(SOURCE)
    upload = Path(export_dir) / "profile.csv"
    upload.write_text(PROFILE, encoding="utf-8")
    page.get_by_label("Upload a CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload profile").click()
    expect(page.locator("#under-represented")).to_contain_text("Male")
    expect(page.locator("#profile-sex tr[data-category='Male'] [data-respondents]")).to_have_text("fewer than 10")
    axe.check(page)

    for key, suffix in (("csv", ".csv"), ("xlsx", ".xlsx"), ("json", ".json"), ("docx", ".docx")):
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
