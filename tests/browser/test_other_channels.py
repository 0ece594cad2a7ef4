"""An officer keys in a paper response to the demo resident survey, then imports a CSV file with one bad row: the
row is reported and nothing is stored until the file is fixed. axe-core runs on every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, ResponseChannel, ResponseStatus
from tests.browser.conftest import AccessibilityChecker, LiveServer

pytestmark = pytest.mark.browser
HEADER = "capacity,ward,worry_victim,places_avoided"
GOOD = ["live;work,Bletchley East,fairly,The underpass by the station", "Visit,,Not at all worried,"]
BAD = "maybe,,very,"


def _count(live_server: LiveServer, channel: ResponseChannel) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(func.count(Response.id)).where(
            Response.channel == channel, Response.status == ResponseStatus.SUBMITTED)) or 0


def _sign_in(page: Page, live_server: LiveServer, axe: AccessibilityChecker) -> None:
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_label("Password").fill("demo-officer-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Consultations")
    axe.check(page)


def _csv(rows: list[str]) -> dict[str, object]:
    return {"name": "paper-forms.csv", "mimeType": "text/csv", "buffer": "\r\n".join([HEADER, *rows]).encode()}


def test_officer_keys_in_paper_response_and_imports_csv(live_server: LiveServer, page: Page,
                                                         axe: AccessibilityChecker) -> None:
    """Counts are relative: the live server and its seeded demo are shared by every browser test."""
    paper_before = _count(live_server, ResponseChannel.PAPER)
    imported_before = _count(live_server, ResponseChannel.IMPORT)
    _sign_in(page, live_server, axe)
    page.get_by_role("link", name="Add responses").click()
    expect(page.locator("h1")).to_have_text("Add responses")
    axe.check(page)
    page.get_by_role("button", name="Start keying in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the survey the response is for")
    axe.check(page)
    page.get_by_label(re.compile("residents' survey")).check()
    page.get_by_label("On paper").check()
    page.get_by_role("button", name="Start keying in").click()

    expect(page.locator("h1")).to_have_text("About you")
    axe.check(page)
    page.get_by_label("I live in Milton Keynes").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Where you live")
    page.get_by_label("Which ward do you live in?").select_option(label="Bletchley East")
    axe.check(page)
    page.get_by_role("button", name="Save and continue").click()
    for _ in range(30):
        if page.locator("h1").inner_text() == "Check your answers before sending your response":
            break
        axe.check(page)
        _answer_first_choice(page)
        page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending your response")
    expect(page.locator("body")).to_contain_text("Bletchley East")
    axe.check(page)
    page.get_by_role("button", name="Send response").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Response recorded")
    assert re.fullmatch(r"SV-[A-Z2-9]{4}-[A-Z2-9]{4}", page.locator(".govuk-panel__body strong").inner_text())
    axe.check(page)
    assert _count(live_server, ResponseChannel.PAPER) == paper_before + 1

    page.get_by_role("link", name="Key in another response").click()
    page.get_by_role("link", name=re.compile("Import responses to Community safety: residents")).click()
    expect(page.locator("h1")).to_contain_text("Import responses to")
    axe.check(page)
    page.get_by_label("Upload a CSV file").set_input_files(_csv([*GOOD, BAD]))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("1 row has problems")
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("4")
    expect(problems.first).to_contain_text("capacity")
    expect(problems.first).to_contain_text("'maybe' is not one of the options")
    axe.check(page)
    assert _count(live_server, ResponseChannel.IMPORT) == imported_before

    page.get_by_label("Upload a CSV file").set_input_files(_csv([*GOOD, "prefer_not_to_say,,very,"]))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Responses imported")
    expect(page.locator(".govuk-panel__body")).to_contain_text("3 responses stored")
    axe.check(page)
    assert _count(live_server, ResponseChannel.IMPORT) == imported_before + 3


def _answer_first_choice(page: Page) -> None:
    seen: set[str] = set()
    for radio in page.locator("input.govuk-radios__input").all():
        name = radio.get_attribute("name") or ""
        if name not in seen and radio.is_visible():
            seen.add(name)
            radio.check()
