"""An officer codes 20 answers in a row from "All answers" without leaving the list: the first with the mouse, the
rest from the keyboard (each save comes back to the list at the saved answer and opens the next one)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect
from sqlalchemy import select

from app.demo import DEMO_SLUG
from app.extensions import db
from app.models import AnswerCoding, AnswerTheme, Consultation
from tests.browser.conftest import AccessibilityChecker, LiveServer

ROUNDS = 20


def _consultation_id(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(Consultation.id).where(Consultation.slug == DEMO_SLUG))


def test_officer_codes_twenty_answers_in_a_row_from_all_answers(
    live_server: LiveServer, browser: Browser, axe: AccessibilityChecker
) -> None:
    consultation_id = _consultation_id(live_server)
    page = browser.new_page()
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_label("Password").fill("demo-officer-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Consultations")
    listing = f"{live_server.url}/officers/analysis/{consultation_id}/answers"
    page.goto(listing)
    expect(page.locator("h1")).to_have_text("All answers")
    answers = page.locator(".sv-answer")
    ids = [int(answers.nth(i).get_attribute("data-answer")) for i in range(ROUNDS)]
    expect(page.locator("#coding-shortcuts")).to_be_visible()

    first = answers.nth(0)
    first.locator("summary").click()
    axe.check(page)
    first.get_by_label("Road safety").check()
    first.get_by_label("Positive").check()
    first.get_by_role("button", name=re.compile("^Save coding")).click()

    for number, answer_id in enumerate(ids[1:], start=1):
        expect(page).to_have_url(re.compile(rf"/answers#answer-{ids[number - 1]}$"))
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Coding saved")
        current = page.locator(f"#answer-{answer_id}")
        expect(current.locator("summary")).to_be_focused()
        expect(current.locator("details")).to_have_attribute("open", "")
        page.keyboard.press("2")
        page.keyboard.press("s")
    expect(page).to_have_url(re.compile(rf"/answers#answer-{ids[-1]}$"))
    axe.check(page)

    with live_server.app.app_context():
        coded = set(
            db.session.scalars(
                select(AnswerCoding.answer_id).where(
                    AnswerCoding.answer_id.in_(ids), AnswerCoding.officer_coded.is_(True)
                )
            )
        )
        assert coded == set(ids)
        first_themes = set(db.session.scalars(select(AnswerTheme.theme_key).where(AnswerTheme.answer_id == ids[0])))
        assert "road_safety" in first_themes
        assert db.session.get(AnswerCoding, ids[0]).sentiment == "positive"
    page.close()
