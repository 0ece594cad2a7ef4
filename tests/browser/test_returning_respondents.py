"""Respondents who come and go, in Chromium: a new stakeholder from invite to sent and back to change an answer, and
a resident who saves on page 6, comes back on page 7 and finishes. axe-core runs on every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.demo import DEMO_SLUG
from app.extensions import db
from app.models import Response, ResponseStatus
from tests.browser.conftest import AccessibilityChecker, LiveServer
from tests.browser.journeys import answer_first_choices, save_and_continue

pytestmark = pytest.mark.browser
CHECK_HEADING = "Check your answers before sending your response"
PAGE_OF = re.compile(r"page (\d+) of (\d+)")


def _page_of(page: Page) -> tuple[int, int]:
    found = PAGE_OF.search(page.locator(".govuk-caption-l").inner_text())
    assert found, page.url
    return int(found.group(1)), int(found.group(2))


def _answer_to_check_answers(page: Page, axe: AccessibilityChecker, totals: list[int]) -> None:
    """Answer each page in turn until check your answers, noting every "of M" seen."""
    for _ in range(30):
        if page.locator("h1").inner_text() == CHECK_HEADING:
            return
        number, total = _page_of(page)
        totals.append(total)
        axe.check(page)
        answer_first_choices(page)
        save_and_continue(page)
        if page.locator("h1").inner_text() != CHECK_HEADING:
            assert _page_of(page)[0] == number + 1, page.locator(".govuk-error-summary").all_inner_texts()
    raise AssertionError("never reached check your answers")


def _invite_link(live_server: LiveServer) -> str:
    line = next(line for line in live_server.seed_output if "/invites/" in line)
    found = re.search(r"https?://\S+/invites/\S+", line)
    assert found
    return found.group(0)


def test_new_stakeholder_from_invite_to_sent_and_back_to_change(
    live_server: LiveServer, page: Page, axe: AccessibilityChecker
) -> None:
    invite = _invite_link(live_server)
    page.goto(invite)
    expect(page.locator("#responding-for")).to_contain_text("Thames Valley Police")
    expect(page.get_by_role("button", name="Continue your response")).to_have_count(0)
    axe.check(page)
    survey_url = page.url

    page.goto(survey_url + "/check-answers")
    page.get_by_role("button", name="Send response").click()
    expect(page.locator("h1")).to_have_text("Your organisation")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the type of organisation you are responding for"
    )
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe.check(page)

    page.goto(survey_url)
    page.get_by_role("button", name="Start now").click()
    expect(page.locator("h1")).to_have_text("Your organisation")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Thames Valley Police")
    totals: list[int] = []
    _answer_to_check_answers(page, axe, totals)
    assert totals == sorted(totals, reverse=True)
    expect(page.locator("main")).to_contain_text("respond on behalf of Thames Valley Police")
    axe.check(page)
    page.get_by_role("button", name="Send response").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Response sent")
    axe.check(page)

    page.goto(invite)
    expect(page.locator("h1")).to_have_text("Your response")
    expect(page.locator("main")).not_to_contain_text("before sending")
    axe.check(page)
    page.get_by_role("link", name=re.compile("Change.*Partners in Milton Keynes work well together")).click()
    axe.check(page)
    page.locator("input[name=partnership_working][value=disagree]").check()
    save_and_continue(page)
    assert page.url.endswith("/check-answers#answer-partnership_working")
    row = page.locator("#answer-partnership_working")
    expect(row).to_be_in_viewport()
    expect(row.locator(".govuk-summary-list__value")).to_have_text("Disagree")
    with live_server.app.app_context():
        sent = db.session.scalar(select(Response).where(Response.invite_id.is_not(None)))
        assert sent is not None and sent.status == ResponseStatus.SUBMITTED


def test_resident_saves_on_page_6_resumes_on_page_7_and_finishes(
    live_server: LiveServer, browser: Browser, page: Page, axe: AccessibilityChecker
) -> None:
    page.goto(f"{live_server.url}/consultations/{DEMO_SLUG}/resident")
    page.get_by_role("button", name="Start now").click()
    totals: list[int] = []
    for number in range(1, 6):
        assert _page_of(page)[0] == number, page.locator(".govuk-error-summary").all_inner_texts()
        totals.append(_page_of(page)[1])
        answer_first_choices(page)
        save_and_continue(page)
    assert _page_of(page)[0] == 6
    saved_title = page.locator("h1").inner_text()
    answer_first_choices(page)
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator("h1")).to_have_text("Your answers have been saved")
    axe.check(page)
    resume_link = page.locator("#resume-link").get_attribute("href")
    assert resume_link and "/resume/" in resume_link

    later = browser.new_context().new_page()
    later.goto(resume_link)
    assert _page_of(later)[0] == 7
    assert later.locator("h1").inner_text() != saved_title
    axe.check(later)
    _answer_to_check_answers(later, axe, totals)
    assert totals == sorted(totals, reverse=True), f"the page count grew: {totals}"
    axe.check(later)

    later.get_by_role("link", name=re.compile("Change.*Which ward")).click()
    later.get_by_label(re.compile("Which ward")).select_option(label="Bletchley East")
    save_and_continue(later)
    assert later.url.endswith("#answer-ward")
    expect(later.locator("#answer-ward")).to_be_in_viewport()
    expect(later.locator("#answer-ward")).to_contain_text("Bletchley East")
    later.get_by_role("button", name="Send response").click()
    expect(later.locator(".govuk-panel__title")).to_have_text("Response sent")
    reference = later.locator(".govuk-panel__body strong").inner_text()

    again = browser.new_context().new_page()
    again.goto(resume_link)
    expect(again.locator("h1")).to_have_text("You have already sent this response")
    expect(again.locator("main")).to_contain_text(reference)
    axe.check(again)
