"""A resident completes the demo survey with the keyboard alone: Tab to move, Space to tick, Enter to continue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.demo import DEMO_SLUG
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
SURVEY = f"/consultations/{DEMO_SLUG}/resident"


def _tab_to(page: Page, matches, limit: int = 400) -> None:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(matches):
            return
    raise AssertionError("could not reach the control with the keyboard")


def _press_enter_and_wait(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _focused_is_button(text: str) -> str:
    return f"() => document.activeElement && document.activeElement.textContent.trim() === {text!r}"


def test_resident_survey_can_be_completed_with_keyboard_only(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url + SURVEY)
    _tab_to(page, "() => document.activeElement && document.activeElement.classList.contains('govuk-button--start')")
    _press_enter_and_wait(page)
    expect(page.locator("h1")).to_have_text("About you")
    _tab_to(page, "() => document.activeElement && document.activeElement.type === 'checkbox'")
    page.keyboard.press("Space")
    assert page.locator("input[type=checkbox]").first.is_checked()
    for _ in range(40):
        if page.locator("h1").inner_text() == "Check your answers before sending your response":
            break
        _tab_to(page, _focused_is_button("Save and continue"))
        _press_enter_and_wait(page)
    expect(page.locator("h1")).to_have_text("Check your answers before sending your response")
    _tab_to(page, _focused_is_button("Send response"))
    _press_enter_and_wait(page)
    expect(page.locator(".govuk-panel__title")).to_have_text("Response sent")
    assert re.fullmatch(r"SV-[A-Z2-9]{4}-[A-Z2-9]{4}", page.locator(".govuk-panel__body strong").inner_text())
