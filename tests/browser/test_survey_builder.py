"""An officer builds a resident survey from nothing in a real browser (single choice, multiple choice with Other,
grid, ranking, long text and a page condition), previews it, and after it is published residents answer it: the
condition shows the follow-up page only to those it applies to. Then an officer drafts a change to a live survey,
previews it and publishes it, while residents see the old version until then (issue 17 item 8). axe-core runs on
every builder and preview page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import Consultation, ConsultationStatus, ResponseChannel
from app.models.types import utcnow
from app.surveys import responses
from app.surveys.definitions_service import create_survey
from app.surveys.engine import AnswerItem, load_definition
from tests.browser.conftest import AccessibilityChecker, LiveServer
from tests.factories import FIXTURES

pytestmark = pytest.mark.browser
SLUG = "builder-test-2026"


def _consultation(slug: str, status: ConsultationStatus) -> Consultation:
    """An open-dated consultation, added to the session of the caller's app context."""
    now = utcnow()
    consultation = Consultation(
        slug=slug,
        title=f"Safer streets ({slug})",
        summary="Our draft plan.",
        open_at_utc=now - timedelta(hours=1),
        close_at_utc=now + timedelta(days=30),
        status=status,
    )
    db.session.add(consultation)
    return consultation


def _draft_consultation(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        consultation = _consultation(SLUG, ConsultationStatus.DRAFT)
        db.session.commit()
        return consultation.id


def _publish(live_server: LiveServer, consultation_id: int) -> None:
    with live_server.app.app_context():
        db.session.get(Consultation, consultation_id).status = ConsultationStatus.PUBLISHED
        db.session.commit()


def _sign_in(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_label("Password").fill("demo-officer-password")
    page.get_by_role("button", name="Sign in").click()


def _add(
    page: Page, axe: AccessibilityChecker, link: str, qtype: str, fields: dict[str, str], checks: tuple[str, ...] = ()
) -> None:
    """From the builder page: follow `link`, choose the type, fill the question form and add it."""
    page.locator("a").filter(has_text=re.compile(link)).first.click()
    axe.check(page)
    page.get_by_label(qtype, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    axe.check(page)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    for label in checks:
        page.get_by_label(label).check()
    page.get_by_role("button", name="Add question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Question added")
    axe.check(page)


def test_officer_builds_previews_and_publishes_a_survey(
    live_server: LiveServer, browser: Browser, page: Page, axe: AccessibilityChecker
) -> None:
    consultation_id = _draft_consultation(live_server)
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/officers/surveys/consultations/{consultation_id}")
    axe.check(page)
    page.get_by_role("button", name="Create a survey").click()
    axe.check(page)
    page.get_by_role("button", name="Create survey").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a survey title")
    axe.check(page)
    page.get_by_label("Survey title").fill("Feeling safe where you live")
    page.get_by_label("Residents and the public").check()
    page.get_by_label("Introduction").fill("Tell us how safe you feel. It takes five minutes.")
    page.get_by_role("button", name="Create survey").click()
    expect(page.locator("h1")).to_have_text("Feeling safe where you live")
    axe.check(page)

    _add(
        page,
        axe,
        "Add a page",
        "Single choice",
        {"Title of the new page": "Where you live", "Question": "Do you live in Milton Keynes?", "Options": "Yes\nNo"},
        ("Respondents must answer this question",),
    )
    _add(
        page,
        axe,
        r"Add a question to this page.*Where you live",
        "Multiple choice",
        {"Question": "What worries you most?", "Options": "Drugs\nBurglary\nAnti-social behaviour"},
        ("Add “Other — please specify” with a text box",),
    )
    _add(
        page,
        axe,
        "Add a page",
        "Grid (Likert)",
        {
            "Title of the new page": "Feeling safe",
            "Question": "How safe do you feel…",
            "Rows": "during the day\nafter dark",
            "Answer scale (columns)": "Safe\nUnsafe\nDon't know",
        },
    )
    _add(
        page,
        axe,
        r"Add a question to this page.*Feeling safe",
        "Ranking",
        {
            "Question": "Which priorities matter most?",
            "Options": "Knife crime\nDrugs\nBurglary\nRoad safety",
            "How many to rank": "2",
        },
    )
    _add(
        page,
        axe,
        "Add a page",
        "Long text",
        {
            "Title of the new page": "Your neighbourhood",
            "Question": "What would make your neighbourhood safer?",
            "Character limit (optional)": "500",
        },
    )

    page.get_by_role("link", name=re.compile("Page condition.*Your neighbourhood")).click()
    axe.check(page)
    page.get_by_label("Do you live in Milton Keynes?").check()
    page.get_by_role("button", name="Continue").click()
    axe.check(page)
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save condition").click()
    expect(page.locator("#page-your-neighbourhood")).to_contain_text(
        'Shown if the answer to "Do you live in Milton Keynes?" is "Yes"'
    )
    axe.check(page)
    page.get_by_role("link", name="Versions, export and import").click()
    axe.check(page)
    page.go_back()

    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("This is a preview of version 1")
    axe.check(page)
    page.get_by_role("button", name="Save and continue").click()
    axe.check(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check(page)
    page.get_by_label("Yes").check()
    page.get_by_label("Other — please specify").check()
    axe.check(page)
    page.get_by_role("textbox", name="Please specify").fill("Speeding cars")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Feeling safe")
    axe.check(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Your neighbourhood")
    axe.check(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending your response")
    axe.check(page)
    page.get_by_role("button", name="Send response").click()
    expect(page.locator("h1")).to_have_text("End of the preview")
    axe.check(page)

    _publish(live_server, consultation_id)
    start = f"{live_server.url}/consultations/{SLUG}/feeling-safe-where-you-live"
    for lives_here, sees_follow_up in (("No", False), ("Yes", True)):
        resident = browser.new_context().new_page()
        resident.goto(start)
        resident.get_by_role("button", name="Start now").click()
        expect(resident.locator("h1")).to_have_text("About this survey")
        resident.get_by_role("button", name="Save and continue").click()
        resident.get_by_label(lives_here, exact=True).check()
        resident.get_by_label("Burglary").check()
        resident.get_by_role("button", name="Save and continue").click()
        expect(resident.locator("h1")).to_have_text("Feeling safe")
        resident.get_by_role("group", name="during the day").get_by_label("Safe", exact=True).check()
        resident.get_by_label("1st choice").select_option(label="Road safety")
        resident.get_by_role("button", name="Save and continue").click()
        if sees_follow_up:
            expect(resident.locator("h1")).to_have_text("Your neighbourhood")
            resident.get_by_label(re.compile("What would make your neighbourhood safer")).fill("Better lighting")
            resident.get_by_role("button", name="Save and continue").click()
        expect(resident.locator("h1")).to_have_text("Check your answers before sending your response")
        body = resident.locator("main")
        if sees_follow_up:
            expect(body).to_contain_text("Better lighting")
        else:
            expect(body).not_to_contain_text("What would make your neighbourhood safer?")
        resident.get_by_role("button", name="Send response").click()
        expect(resident.locator(".govuk-panel__title")).to_have_text("Response sent")
        resident.context.close()


LIVE_SLUG = "live-change-2026"
NEW_LABEL = "Have you reported a crime this year?"


def _open_survey_with_responses(live_server: LiveServer) -> tuple[int, str]:
    """A published, open consultation whose survey one resident has answered, so a change makes version 2."""
    with live_server.app.app_context():
        now = utcnow()
        consultation = _consultation(LIVE_SLUG, ConsultationStatus.PUBLISHED)
        survey = create_survey(consultation, load_definition((FIXTURES / "mini_survey.yaml").read_text(), "yaml"))
        draft = responses.load_draft(responses.start_draft(survey, channel=ResponseChannel.PAPER, now=now))
        draft = responses.save_answers(draft, {"safe_day": (AnswerItem("safe_day", None, "safe"),)}, now)
        responses.submit(draft, now)
        db.session.commit()
        return survey.id, f"{live_server.url}/consultations/{LIVE_SLUG}/{survey.slug}"


def _resident_at_priorities(browser: Browser, start: str) -> Page:
    resident = browser.new_context().new_page()
    resident.goto(start)
    resident.get_by_role("button", name="Start now").click()
    resident.get_by_label("Safe", exact=True).check()
    resident.get_by_role("button", name="Save and continue").click()
    expect(resident.locator("h1")).to_have_text("Priorities")
    return resident


def _in_view_after_scrolling(page: Page, selector: str) -> None:
    """The page opened at `selector`, scrolled down to it (not left at the top by the success banner)."""
    expect(page.locator(selector)).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0


def test_officer_drafts_previews_and_publishes_a_change(
    live_server: LiveServer, browser: Browser, axe: AccessibilityChecker
) -> None:
    survey_id, start = _open_survey_with_responses(live_server)
    page = browser.new_context(viewport={"width": 375, "height": 640}).new_page()
    _sign_in(page, live_server)
    builder = f"{live_server.url}/officers/surveys/{survey_id}"
    page.goto(builder)
    expect(page.locator("#version-responses")).to_contain_text("version 1 · 1 sent response to this version")
    expect(page.locator("main")).to_contain_text("Changes you make are kept as a draft")
    axe.check(page)

    page.get_by_role("link", name="Edit question Any other comments on the draft strategy?").click()
    page.get_by_label("Question", exact=True).fill("Anything else you want to tell us?")
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Question saved in your draft. Respondents still see version 1"
    )
    _in_view_after_scrolling(page, "#question-comments")
    axe.check(page)

    page.get_by_role("link", name=re.compile("Add a question to this page.*Priorities")).click()
    page.get_by_label("Single choice", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Question", exact=True).fill(NEW_LABEL)
    page.get_by_label("Options").fill("Yes")
    page.get_by_role("button", name="Add question").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("needs at least two options")
    axe.check(page)
    page.get_by_label("Options").fill("Yes\nNo")
    page.get_by_role("button", name="Add question").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Question added in your draft")
    _in_view_after_scrolling(page, "#question-have_you_reported_a_crime_this")

    resident = _resident_at_priorities(browser, start)
    expect(resident.locator("main")).not_to_contain_text(NEW_LABEL)

    page.get_by_role("button", name="Preview changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("This is a preview of your draft changes")
    axe.check(page)
    page.get_by_label("Safe", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("main")).to_contain_text(NEW_LABEL)
    axe.check(page)
    page.get_by_role("link", name="Leave the preview").click()
    page.get_by_role("link", name="Discard changes").click()
    expect(page.locator("h1")).to_have_text("Discard your draft changes?")
    axe.check(page)
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator("h1")).to_have_text("Publish your changes")
    main = page.locator("main")
    expect(main).to_contain_text("Questions added (1)")
    expect(main).to_contain_text(NEW_LABEL)
    expect(main).to_contain_text("Questions changed (1)")
    expect(main).to_contain_text("Your changes become version 2")
    expect(main).to_contain_text("The 1 response already sent keeps the questions it answered (version 1)")
    expect(main).to_contain_text("1 person has started version 1 and not sent it yet")
    axe.check(page)
    resident.reload()
    expect(resident.locator("main")).not_to_contain_text(NEW_LABEL)
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Changes published. New respondents now answer version 2."
    )
    expect(page.locator("#version-responses")).to_contain_text("version 2 · 0 sent responses to this version")
    axe.check(page)

    resident.reload()
    expect(resident.locator("main")).not_to_contain_text(NEW_LABEL)
    newcomer = _resident_at_priorities(browser, start)
    expect(newcomer.locator("main")).to_contain_text(NEW_LABEL)
    page.goto(f"{builder}/versions")
    expect(page.locator('td[data-version="1"]')).to_have_text("1")
    expect(page.locator('td[data-version-in-progress="1"]')).to_have_text("1")
    axe.check(page)
    for opened in (page, resident, newcomer):
        opened.context.close()
