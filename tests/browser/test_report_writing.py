"""An officer prepares the themed summary on the demo: drafts the executive summary from the suggested findings,
sees the seven seeded priorities, adds one and a "You said, we did" action, links a theme to both, pins a quote
and downloads the Word report, which holds what they wrote. axe-core runs on every page visited (issue 16)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from docx import Document
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from app.demo import DEMO_SLUG
from app.extensions import db
from app.models import Consultation
from tests.browser.conftest import AccessibilityChecker, LiveServer


def test_officer_writes_links_pins_and_downloads_the_report(
    live_server: LiveServer, browser: Browser, axe: AccessibilityChecker
) -> None:
    with live_server.app.app_context():
        consultation_id = db.session.scalar(select(Consultation.id).where(Consultation.slug == DEMO_SLUG))
    live_server.app.config["EXPORT_DIR"] = tempfile.mkdtemp(prefix="sv-browser-report-")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_label("Password").fill("demo-officer-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/officers/reports/{consultation_id}/report")
    expect(page.locator("h1")).to_contain_text("Themed summary")
    axe.check(page)

    page.get_by_role("link", name="Write the executive summary").click()
    axe.check(page)
    summary = page.get_by_label("Executive summary")
    expect(summary).not_to_have_value("")
    summary.fill("Residents want visible action on anti-social behaviour.\n\nLighting came up again and again.")
    page.get_by_role("button", name="Save executive summary").click()
    first = page.locator("#executive-summary + p")
    expect(first).to_have_text("Residents want visible action on anti-social behaviour.")

    page.get_by_role("link", name="Strategy priorities and “You said, we did” actions").click()
    expect(page.locator("#priorities-table tbody tr")).to_have_count(7)
    axe.check(page)
    page.get_by_role("button", name="Add a priority").click()
    page.get_by_label("Priority").fill("Safer roads")
    page.get_by_label("Which survey row asks people to rate it?").select_option("")
    axe.check(page)
    page.get_by_role("button", name="Save priority").click()
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Priority").select_option(label="Safer roads")
    page.get_by_label("You said").fill("Speeding and e-scooters on the redways worry you.")
    page.get_by_label("We did").fill("Joint speed checks on the worst routes from April.")
    axe.check(page)
    page.get_by_role("button", name="Save action").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Joint speed checks")

    page.goto(f"{live_server.url}/officers/reports/{consultation_id}/report/themes")
    axe.check(page)
    page.get_by_role("link", name="Road safety").click()
    page.get_by_label("Strategy priority this theme bears on").select_option(label="Safer roads")
    page.get_by_label("“You said, we did” action that answers it").select_option(index=1)
    page.get_by_role("button", name="Save links").click()
    quote = page.locator("#quotes ~ .govuk-inset-text").last
    quoted = quote.locator("p").first.inner_text()
    quote.get_by_role("button", name="Pin").click()
    expect(page.locator("#quotes ~ .govuk-inset-text").first).to_contain_text("Pinned")
    axe.check(page)

    page.goto(f"{live_server.url}/officers/reports/{consultation_id}/report")
    expect(page.locator(".sv-report-priority").filter(has_text="Safer roads")).to_contain_text("Joint speed checks")
    expect(page.locator("#theme-road_safety")).to_contain_text(quoted.strip("“”"))
    axe.check(page)
    page.get_by_role("button", name="Download the Word report").click()
    download_button = page.locator("#download")
    for _ in range(120):
        if download_button.count() or page.locator(".govuk-tag--red").count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    with page.expect_download() as info:
        download_button.click()
    document = Document(info.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Lighting came up again and again." in text
    assert "Joint speed checks on the worst routes from April." in text
    assert quoted.strip("“”") in text
    assert Path(info.value.path()).stat().st_size > 0
