"""A whole class in a real browser: a teacher opens a session, three pupils join with the code and answer (one
discloses harm), the projector count moves, the disclosure reaches the reviewer queue and the DSL's outbox, the
teacher's summary suppresses the small class, and nothing identifying a pupil is stored. axe-core runs on every
pupil page and on the staff pages visited."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import inspect, select

from app.extensions import db
from app.models import Answer, ClassSession, OutboxMessage, PupilResponse, Response, SafeguardingFlag
from app.schools.services import day_start_utc, london_day
from tests.browser.conftest import AccessibilityChecker, LiveServer
from tests.browser.journeys import answer_first_choices

pytestmark = pytest.mark.browser
DSL = "dsl@demo-academy.example.org"
DISCLOSURE = "my stepdad hits me and I am scared to go home tonight"


def _sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(base + "/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _teacher_opens_a_session(page: Page, live_server: LiveServer, axe: AccessibilityChecker) -> str:
    _sign_in(page, live_server.url, "teacher@example.org", "demo-teacher-password")
    expect(page.locator("h1")).to_have_text("Class sessions")
    axe.check(page)
    page.get_by_role("button", name="Create a class session").click()
    axe.check(page)
    page.get_by_label("Class year group").select_option(label="Year 8")
    today = date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year", exact=True).fill(str(today.year))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Before you open the session")
    page.get_by_label("Name of the Designated Safeguarding Lead").fill("Dana Lead")
    page.get_by_label("Their email address").fill(DSL)
    page.get_by_role("button", name="Open the session and show the code").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell the safeguarding lead")
    axe.check(page)
    page.get_by_label("The safeguarding lead knows this session is happening today").check()
    page.get_by_label("Parents and carers were told in advance").check()
    page.get_by_label("An alternative activity is ready").check()
    page.get_by_role("button", name="Open the session and show the code").click()
    code = page.locator("#join-code").inner_text().strip()
    assert re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}", code)
    expect(page.locator("#joined-count")).to_have_text("0")
    axe.check(page)
    return code


class _NoCheck:
    def check(self, page: Page) -> None:
        return None


def _pupil_answers(browser: Browser, base: str, code: str, text: str, axe: AccessibilityChecker | _NoCheck) -> None:
    page = browser.new_context().new_page()
    page.goto(base + "/join")
    axe.check(page)
    page.get_by_label("Join your class").fill(code.lower())
    page.get_by_role("button", name="Join").click()
    expect(page.locator("h1")).to_have_text("Do you want to take part?")
    axe.check(page)
    page.get_by_role("button", name="Yes, I want to take part").click()
    expect(page.locator("h1")).to_have_text("What happens to your answers")
    axe.check(page)
    page.get_by_role("button", name="Start the questions").click()
    for _ in range(20):
        if page.locator("h1").inner_text() == "Check your answers":
            break
        expect(page.locator("#get-help-now")).to_be_visible()
        axe.check(page)
        if page.locator("h1").inner_text() == "Tell us one thing":
            page.get_by_label(re.compile("What one thing")).fill(text)
        answer_first_choices(page)
        page.get_by_role("button", name="Next").click()
    expect(page.locator("h1")).to_have_text("Check your answers")
    axe.check(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Thank you")
    expect(page.locator("body")).to_contain_text("Childline")
    axe.check(page)
    page.locator("#get-help-now").click()
    expect(page.locator("h1")).to_have_text("Get help now")
    axe.check(page)
    page.context.close()


def test_a_whole_class_takes_part(
    live_server: LiveServer, browser: Browser, page: Page, axe: AccessibilityChecker
) -> None:
    code = _teacher_opens_a_session(page, live_server, axe)

    declining = browser.new_context().new_page()
    declining.goto(live_server.url + "/join")
    declining.get_by_label("Join your class").fill(code)
    declining.get_by_role("button", name="Join").click()
    declining.get_by_role("button", name="No, I do not want to").click()
    expect(declining.locator("h1")).to_have_text("That is fine")
    axe.check(declining)
    declining.context.close()

    for number, text in enumerate(("More youth clubs and lights in the park", "", DISCLOSURE)):
        _pupil_answers(browser, live_server.url, code, text, axe if number == 0 else _NoCheck())
    expect(page.locator("#joined-count")).to_have_text("3", timeout=10_000)
    expect(page.locator("#completed-count")).to_have_text("3")

    page.get_by_role("link", name="Back to the session").click()
    page.get_by_role("link", name="See this class's results").click()
    expect(page.locator("[data-suppressed]")).to_contain_text("Results appear when the session has closed")
    expect(page.locator("body")).not_to_contain_text("youth clubs")
    axe.check(page)

    reviewer = browser.new_context().new_page()
    _sign_in(reviewer, live_server.url, "reviewer@example.org", "demo-reviewer-password")
    expect(reviewer.locator("h1")).to_have_text("Safeguarding queue")
    axe.check(reviewer)
    rows = reviewer.locator("#open-flags tbody tr")
    expect(rows.first).to_have_attribute("data-level", "urgent")
    rows.first.get_by_role("link").click()
    expect(reviewer.locator("#flag-text")).to_have_text(DISCLOSURE)
    axe.check(reviewer)

    with live_server.app.app_context():
        session = db.session.scalar(select(ClassSession).where(ClassSession.dsl_email == DSL))
        flags = db.session.scalars(
            select(SafeguardingFlag).where(
                SafeguardingFlag.class_session_id == session.id, SafeguardingFlag.level != "none"
            )
        ).all()
        assert [(flag.level, flag.text) for flag in flags] == [("urgent", DISCLOSURE)]  # others await release
        mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == DSL)).all()
        assert len(mail) == 1 and mail[0].subject.startswith("URGENT") and DISCLOSURE not in mail[0].body
        assert "Demo Academy" in mail[0].body and "Year 8" in mail[0].body
        _assert_nothing_identifies_a_pupil(session)


def _assert_nothing_identifies_a_pupil(session: ClassSession) -> None:
    response_ids = list(
        db.session.scalars(select(PupilResponse.response_id).where(PupilResponse.class_session_id == session.id))
    )
    assert len(response_ids) == 3
    day_start = day_start_utc(london_day(session.opened_at_utc))
    for response in db.session.scalars(select(Response).where(Response.id.in_(response_ids))):
        assert response.created_at_utc == response.updated_at_utc == response.submitted_at_utc == day_start
        assert response.entered_by_id is None and response.invite_id is None and response.organisation_id is None
    values = set(db.session.scalars(select(Answer.value).where(Answer.response_id.in_(response_ids))))
    assert DISCLOSURE not in values and "More youth clubs and lights in the park" not in values
    held = db.session.scalars(
        select(SafeguardingFlag.text).where(
            SafeguardingFlag.class_session_id == session.id, SafeguardingFlag.level == "none"
        )
    ).all()
    assert held == ["More youth clubs and lights in the park"]  # a pupil comment waits for a reviewer's release
    inspector = inspect(db.engine)
    for table in ("responses", "answers", "pupil_responses", "adult_contact_requests", "class_sessions"):
        names = {column["name"] for column in inspector.get_columns(table)}
        assert not {n for n in names if re.search(r"(^|_)(ip|ip_address|user_agent|agent|pupil_name|dob)($|_)", n)}
