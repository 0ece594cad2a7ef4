"""An officer runs a consultation from the browser: creates it, uploads a PDF, adds a milestone, publishes it, sees
it on the public hub, closes it and publishes "We asked, you said, we did". axe-core runs on every page visited."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.demo import DEMO_OFFICER
from app.models.types import utcnow
from app.officers.dates import LONDON
from tests.browser.conftest import AccessibilityChecker, LiveServer

pytestmark = pytest.mark.browser
TITLE = "Safer Streets 2027 – have your say"


def _fill_date(page: Page, prefix: str, when) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"#{prefix}_day").fill(str(when.day))
    page.locator(f"#{prefix}_month").fill(str(when.month))
    page.locator(f"#{prefix}_year").fill(str(when.year))


def _click_and_check(page: Page, axe: AccessibilityChecker, role: str, name: str | re.Pattern[str]) -> None:
    page.get_by_role(role, name=name).click()  # type: ignore[arg-type]
    axe.check(page)


def test_officer_runs_a_consultation_end_to_end(
    live_server: LiveServer, page: Page, axe: AccessibilityChecker, tmp_path: Path
) -> None:
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill(DEMO_OFFICER[0])
    page.get_by_label("Password").fill(DEMO_OFFICER[2])
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Consultations")
    axe.check(page)

    _click_and_check(page, axe, "button", "Create a consultation")
    page.get_by_role("button", name="Create consultation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    axe.check(page)
    today = utcnow().astimezone(LONDON)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("Tell us how safe you feel on the streets of Milton Keynes.")
    _fill_date(page, "open", today - timedelta(days=1))
    page.get_by_label("Opening time").fill("09:00")
    _fill_date(page, "close", today + timedelta(days=30))
    page.get_by_label("Closing time").fill("5pm")
    page.get_by_role("button", name="Create consultation").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("created as a draft")
    axe.check(page)
    overview = page.url

    _click_and_check(page, axe, "button", "Upload a PDF")
    pdf = tmp_path / "safer-streets.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    page.get_by_label("Document title").fill("Draft Safer Streets plan")
    page.get_by_label("Upload a PDF").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload document").click()
    expect(page.locator("#documents + table")).to_contain_text("Draft Safer Streets plan")
    axe.check(page)

    _click_and_check(page, axe, "button", "Add a milestone")
    _fill_date(page, "due", today + timedelta(days=60))
    page.get_by_label("What happens").fill("Risk Board signs off the final plan")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.locator("#timeline + p + ol")).to_contain_text("Risk Board signs off the final plan")
    axe.check(page)

    _click_and_check(page, axe, "link", "Publish the consultation")
    page.get_by_label("Reason for the change").fill("Signed off by Risk Board")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".govuk-tag").first).to_have_text("Open")
    axe.check(page)

    page.goto(live_server.url + "/")
    axe.check(page)
    _click_and_check(page, axe, "link", TITLE)
    expect(page.locator("#timeline + ol")).to_contain_text("Risk Board signs off the final plan")
    expect(page.get_by_role("link", name="Draft Safer Streets plan")).to_be_visible()

    page.goto(overview)
    _click_and_check(page, axe, "link", "Close the consultation now")
    page.get_by_label("Reason for the change").fill("Closing early for the board meeting")
    page.get_by_role("button", name="Close now").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Consultation closed")
    axe.check(page)

    _click_and_check(page, axe, "button", "Write the results")
    page.get_by_label("We asked").fill("How safe you feel on the streets.")
    page.get_by_label("You said").fill("Better lighting on redways.")
    page.get_by_label("We did").fill("Lighting is a priority in the final plan.")
    page.get_by_role("button", name="Save results").click()
    axe.check(page)
    _click_and_check(page, axe, "link", "Publish the results")
    page.get_by_label("Reason for the change").fill("Agreed at Risk Board")
    page.get_by_role("button", name="Publish results").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Results published")
    axe.check(page)

    page.goto(live_server.url + "/")
    expect(page.locator("body")).to_contain_text("results published")
    _click_and_check(page, axe, "link", TITLE)
    expect(page.locator("#results")).to_have_text("We asked, you said, we did")
    expect(page.locator("main")).to_contain_text("Lighting is a priority in the final plan.")


def test_admin_pages_pass_axe(live_server: LiveServer, page: Page, axe: AccessibilityChecker) -> None:
    from app.auth.services import create_user, find_user_by_email
    from app.common.mail import send_email
    from app.extensions import db
    from app.models import Role

    with live_server.app.app_context():
        if find_user_by_email("admin@example.org") is None:
            create_user("admin@example.org", "Ada Admin", "admin-password-long", Role.ADMIN)
        send_email("partner@example.org", "Your invitation to respond", "Dear partner,\n\nPlease respond.")
        db.session.commit()
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_label("Password").fill("admin-password-long")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Consultations")

    page.get_by_role("link", name="Admin").click()
    expect(page.locator("h1")).to_have_text("Users")
    axe.check(page)
    _click_and_check(page, axe, "button", "Add a user")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person’s full name")
    axe.check(page)
    page.get_by_label("Full name").fill("Rita Reviewer")
    page.get_by_label("Email address").fill("rita@example.org")
    page.get_by_label("Safeguarding reviewer").check()
    page.get_by_label("Password").fill("rita-password-long")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("h1")).to_have_text("Rita Reviewer")
    axe.check(page)
    _click_and_check(page, axe, "link", re.compile("Change.*role"))
    page.get_by_label("Officer").check()
    page.get_by_role("button", name="Change role").click()
    axe.check(page)
    _click_and_check(page, axe, "link", re.compile("Set a new password"))
    page.goto(live_server.url + "/admin/users")
    _click_and_check(page, axe, "link", "Rita Reviewer")
    page.get_by_role("button", name="Deactivate account").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("deactivated")
    axe.check(page)

    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("tbody")).to_contain_text("User deactivated")
    axe.check(page)
    page.get_by_label("Action").select_option("user_created")
    page.get_by_role("button", name="Filter").click()
    axe.check(page)
    page.get_by_role("link", name="Outbox").click()
    axe.check(page)
    _click_and_check(page, axe, "link", "Your invitation to respond")
    expect(page.locator("#message-body")).to_contain_text("Please respond.")
