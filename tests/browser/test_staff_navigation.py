"""Signed-in staff see a header navigation that fits on one line at desktop widths, and a footer that offers to
sign out rather than to sign in. axe-core runs on every page visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.demo import DEMO_ADMIN
from tests.browser.conftest import AccessibilityChecker, LiveServer

pytestmark = pytest.mark.browser
DESKTOP_WIDTHS = (1280, 1024, 769)


def _rows_of(page: Page, selector: str) -> set[int]:
    tops = page.locator(selector).evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    return set(tops)


def test_admin_navigation_fits_on_one_line_and_footer_offers_sign_out(
    live_server: LiveServer, page: Page, axe: AccessibilityChecker
) -> None:
    page.goto(live_server.url + "/")
    expect(page.locator("footer")).to_contain_text("Staff sign in")
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill(DEMO_ADMIN[0])
    page.get_by_label("Password").fill(DEMO_ADMIN[2])
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Consultations")
    for width in DESKTOP_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert len(_rows_of(page, ".govuk-service-navigation__item")) == 1, f"navigation wraps at {width} px"
    page.get_by_role("link", name="Admin").click()
    expect(page.locator("h1")).to_have_text("Users")
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Audit log").click()
    expect(page.locator("h1")).to_have_text("Audit log")
    expect(page.locator(".govuk-service-navigation__item--active")).to_have_text("Admin")
    assert len(_rows_of(page, ".govuk-service-navigation__item")) == 1
    footer = page.locator("footer")
    expect(footer).not_to_contain_text("Staff sign in")
    axe.check(page)
    footer.get_by_role("link", name="Sign out").click()
    expect(page.locator("h1")).to_contain_text("Sign out")
    axe.check(page)
