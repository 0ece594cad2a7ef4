"""A resident answers the demo survey in a real browser, with a validation error and save-and-resume; an officer
then sees the response counted. axe-core runs on every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from app.demo import DEMO_SLUG
from app.extensions import db
from app.models import Response, ResponseStatus, Survey, SurveyVersion
from tests.browser.conftest import AccessibilityChecker, LiveServer
from tests.browser.journeys import answer_first_choices

pytestmark = pytest.mark.browser
SURVEY = f"/consultations/{DEMO_SLUG}/resident"


def _continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def test_resident_answers_demo_survey_and_officer_sees_it(
    live_server: LiveServer, browser: Browser, page: Page, axe: AccessibilityChecker
) -> None:
    page.goto(live_server.url + "/")
    axe.check(page)
    page.get_by_role("link", name=re.compile(r"Community Safety Strategy \d{4}")).click()
    axe.check(page)
    page.get_by_role("button", name=re.compile("Start now")).click()
    axe.check(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.locator("h1")).to_have_text("About you")
    axe.check(page)
    _continue(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how you are responding")
    axe.check(page)
    page.get_by_label("I live in Milton Keynes").check()
    _continue(page)

    expect(page.locator("h1")).to_have_text("Where you live")
    page.get_by_label("Which ward do you live in?").select_option(label="Bletchley East")
    page.get_by_label(re.compile("first part of your postcode")).fill("mk2 2aa")
    axe.check(page)
    page.get_by_role("button", name="Save and come back later").click()
    axe.check(page)
    resume_link = page.locator("#resume-link").get_attribute("href")
    assert resume_link and "/resume/" in resume_link

    other = browser.new_context().new_page()
    other.goto(resume_link)
    expect(other.locator("h1")).to_have_text("Feeling safe")  # carries on after the page saved
    pages_seen = 0
    while other.locator("h1").inner_text() != "Check your answers before sending your response" and pages_seen < 30:
        pages_seen += 1
        axe.check(other)
        answer_first_choices(other)
        _continue(other)
    axe.check(other)
    expect(other.locator("#answer-ward")).to_contain_text("Bletchley East")
    expect(other.locator("#answer-postcode_sector")).to_contain_text("MK2 2")
    other.get_by_role("button", name="Send response").click()
    expect(other.locator(".govuk-panel__title")).to_have_text("Response sent")
    axe.check(other)
    reference = other.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"SV-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)

    officer = browser.new_context().new_page()
    officer.goto(live_server.url + "/staff/sign-in")
    axe.check(officer)
    officer.get_by_label("Email address").fill("officer@example.org")
    officer.get_by_label("Password").fill("demo-officer-password")
    officer.get_by_role("button", name="Sign in").click()
    expect(officer.locator("h1")).to_have_text("Consultations")
    axe.check(officer)
    with live_server.app.app_context():
        stored = db.session.scalar(select(Response).where(Response.reference == reference))
        assert stored is not None and stored.status == ResponseStatus.SUBMITTED
        total = db.session.scalar(
            select(func.count(Response.id))
            .join(SurveyVersion)
            .join(Survey)
            .where(
                Survey.slug == "resident",
                Response.status == ResponseStatus.SUBMITTED,
                Response.consultation_id == stored.consultation_id,
            )
        )
    counted = officer.locator('td[data-survey="resident"]', has_text=re.compile(rf"^{total}$"))
    expect(counted).to_have_count(1)  # the demo also holds last year's consultation, with its own count
