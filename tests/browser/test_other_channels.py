"""An officer keys in a paper response to the demo resident survey on one page, with blanks, then imports a CSV
file with one bad row: the row is reported and nothing is stored until the file is fixed.
axe-core runs on every page visited."""

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
        return (
            db.session.scalar(
                select(func.count(Response.id)).where(
                    Response.channel == channel, Response.status == ResponseStatus.SUBMITTED
                )
            )
            or 0
        )


def _sign_in(page: Page, live_server: LiveServer, axe: AccessibilityChecker) -> None:
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_label("Password").fill("demo-officer-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Consultations")
    axe.check(page)


def _csv(rows: list[str]) -> dict[str, object]:
    return {"name": "paper-forms.csv", "mimeType": "text/csv", "buffer": "\r\n".join([HEADER, *rows]).encode()}


def test_officer_keys_in_paper_response_and_imports_csv(
    live_server: LiveServer, page: Page, axe: AccessibilityChecker
) -> None:
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
    _key_paper_form_with_blanks(page, axe)
    assert _count(live_server, ResponseChannel.PAPER) == paper_before + 1
    with live_server.app.app_context():
        keyed = db.session.scalar(
            select(Response).where(Response.channel == ResponseChannel.PAPER).order_by(Response.id.desc()).limit(1)
        )
        stored = {(answer.item, answer.value) for answer in keyed.answers}
    assert stored == {
        (None, "live"),
        (None, "bletchley_east"),
        ("home_day", "very_safe"),
        (None, "MK6 2"),
        (None, "The underpass"),
    }

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


def _key_paper_form_with_blanks(page: Page, axe: AccessibilityChecker) -> None:
    """Every question on one page; most are left blank (required ones too), one answer is wrong at first. Enter in
    a box does not send a half-keyed form: only the button at the end does."""
    expect(page.locator("h1")).to_have_text("Key in a paper response")
    expect(page.locator("form h2")).to_have_count(17)
    axe.check(page)
    form_url = page.url
    page.get_by_label("I live in Milton Keynes").check()
    page.get_by_label("Which ward do you live in?").select_option(label="Bletchley East")
    page.locator("#postcode_sector").fill("MK6")
    page.locator("#postcode_sector").press("Enter")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert page.url == form_url
    page.locator("#postcode_sector").fill("not a postcode")
    page.locator("input[name='feel_safe-home_day'][value='very_safe']").check()
    worry = page.locator("input[name='worry_victim']")
    expect(worry.first).to_be_checked()
    page.get_by_label("Very worried", exact=True).check()
    worry.first.check()
    page.locator("#places_avoided").fill("The underpass")
    page.get_by_role("button", name="Record response").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "The form's answer to 'The first part of your postcode and the next number "
        "(optional)' must be a postcode, like MK6 2, or leave it blank"
    )
    expect(summary).to_be_focused()
    expect(page.locator("#places_avoided")).to_have_value("The underpass")
    axe.check(page)
    summary.get_by_role("link").first.click()
    expect(page.locator("#postcode_sector")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("MK6 2")
    page.get_by_role("button", name="Record response").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Response recorded")
    assert re.fullmatch(r"SV-[A-Z2-9]{4}-[A-Z2-9]{4}", page.locator(".govuk-panel__body strong").inner_text())
    expect(page.locator(".govuk-summary-list")).to_contain_text("Not answered")
    axe.check(page)
