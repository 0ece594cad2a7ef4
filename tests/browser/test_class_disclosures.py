"""Issue 13's "done when", in a real browser: a class of 12 where one pupil writes a disclosure and walks away before
sending, and another sends one while the mail server refuses connections. The teacher (and an officer) refresh their
summaries after each pupil and see nothing move; the pupil who sent still sees the thank-you page; once mail is back
the school's safeguarding lead gets an alert for each disclosure without the pupil's words; and officers find
neither text on any page they can reach, in the outbox or in the CSV, Excel and JSON exports. After the session
closes, no summary shows a group of 1 to 9 pupils.

One Chromium; the teacher and the officer each keep one browser context throughout, each pupil gets a fresh one (a
pupil's device), so the test stays as quick as the journey allows.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import deque
from datetime import timedelta
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from app.demo import DEMO_SLUG
from app.extensions import db
from app.jobs.mail import cancel_local_retry, deliver_due, wait_for_local_delivery
from app.models import ClassSession, ClassSessionStatus, Consultation, OutboxMessage, SafeguardingFlag
from app.models.mail import MailStatus
from app.models.types import utcnow
from tests.browser.conftest import LiveServer
from tests.browser.test_schools_journey import DSL, _NoCheck, _sign_in, _teacher_opens_a_session
from tests.integration.safeguarding.smtp_server import closed_port, smtp_server

pytestmark = pytest.mark.browser
UNSENT = "my stepdad hits me and I am scared to go home tonight"
SENT = "I am going to kill myself tonight"
WORDS = ("stepdad hits me", "kill myself")
PUPILS = 12
OFFICER = ("officer@example.org", "demo-officer-password")
CRAWL_LIMIT = 100
SKIP = re.compile(r"/(sign-out|download|exports/|documents/|healthz)|\.(csv|xlsx|docx|json|pdf)$|format=")


def _without_words(text: str, where: str) -> None:
    found = [words for words in WORDS if words in text.lower()]
    assert not found, f"{found} seen in {where}"


def _pupil(browser: Browser, base: str, code: str, *, text: str = "", send: bool = True, unusual: bool = False) -> None:
    """One pupil on their own device: join, take part, answer every page (the first option, or the last for an
    ``unusual`` pupil), write ``text`` in "Tell us one thing", then send, or walk away once that page is saved."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/join")
    page.get_by_label("Join your class").fill(code)
    page.get_by_role("button", name="Join").click()
    page.get_by_role("button", name="Yes, I want to take part").click()
    page.get_by_role("button", name="Start the questions").click()
    expect(page.locator("h1")).not_to_have_text("What happens to your answers")
    for _ in range(20):
        heading = page.locator("h1").inner_text()
        if heading == "Check your answers":
            break
        if heading == "Tell us one thing" and text:
            page.get_by_label(re.compile("What one thing")).fill(text)
        _choose(page, last=unusual)
        page.get_by_role("button", name="Next").click()
        expect(page.locator("h1")).not_to_have_text(heading)
        if heading == "Tell us one thing" and not send:
            context.close()
            return
    expect(page.locator("h1")).to_have_text("Check your answers")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Thank you")
    expect(page.locator("#get-help-now")).to_be_visible()
    context.close()


def _choose(page: Page, *, last: bool) -> None:
    """Tick one option in every visible radio group (the first, or the last), as a pupil clicking would."""
    ids = page.eval_on_selector_all(
        "input.govuk-radios__input",
        """(radios, last) => {
            const groups = {};
            for (const radio of radios) {
                if (radio.offsetParent === null) continue;
                (groups[radio.name] = groups[radio.name] || []).push(radio.id);
            }
            return Object.values(groups).map(ids => last ? ids[ids.length - 1] : ids[0]);
        }""",
        last,
    )
    for radio_id in ids:
        page.locator(f"[id='{radio_id}']").check()


def _main(page: Page, url: str) -> str:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return page.locator("main").inner_text()


def _ids(live_server: LiveServer) -> tuple[int, int, int]:
    with live_server.app.app_context():
        session = db.session.scalar(
            select(ClassSession).where(ClassSession.dsl_email == DSL, ClassSession.status == ClassSessionStatus.OPEN)
        )
        consultation_id = db.session.scalar(select(Consultation.id).where(Consultation.slug == DEMO_SLUG))
        return session.id, session.school_id, consultation_id


def _summaries(teacher: Page, officer: Page, base: str, ids: tuple[int, int, int]) -> dict[str, str]:
    """What the teacher's and the officer's summaries say right now."""
    session_id, school_id, consultation_id = ids
    return {
        "teacher: class": _main(teacher, f"{base}/schools/sessions/{session_id}/summary"),
        "teacher: school": _main(teacher, f"{base}/schools/{school_id}/summary"),
        "officer: consultations": _main(officer, f"{base}/officers/consultations"),
        "officer: dashboard": _main(officer, f"{base}/officers/reports/{consultation_id}"),
        "officer: class": _main(officer, f"{base}/schools/sessions/{session_id}/summary"),
        "officer: session": _main(officer, f"{base}/schools/sessions/{session_id}"),
    }


def _no_small_group_shown(page: Page, url: str) -> None:
    page.goto(url)
    counts = [cell.strip() for cell in page.locator("[data-count]").all_inner_texts()]
    assert counts, f"no results on {url}"
    shown = [int(c) for c in counts if c != "not shown"]
    assert not [n for n in shown if 0 < n < 10], f"a group of 1 to 9 on {url}: {counts}"


def _shape(url: str) -> str:
    """Pages alike are visited once: ids are alike, and so is anything below four path segments (one survey
    builder page, one codebook entry, one answer stand for all of them)."""
    segments = re.sub(r"/\d+", "/{id}", urlsplit(url).path).split("/")[1:]
    shape = "/" + "/".join(segments[:4]) + ("/*" if len(segments) > 4 else "")
    return shape + ("?" if urlsplit(url).query else "")


def _crawl(page: Page, base: str, start: str) -> list[str]:
    """Every page the officer reaches by following links (GET only; pages alike visited once)."""
    seen, visited, queue = set(), [], deque([start])
    while queue and len(visited) < CRAWL_LIMIT:
        url = queue.popleft()
        shape = _shape(url)
        if shape in seen:
            continue
        seen.add(shape)
        response = page.goto(base + url)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        _without_words(page.content(), url)
        visited.append(url)
        for href in page.eval_on_selector_all("main a[href], header a[href]", "els => els.map(e => e.href)"):
            link = urldefrag(href)[0].removeprefix(base)
            if link.startswith("/") and not SKIP.search(link):
                queue.append(link)
    return visited


def _export(page: Page, base: str, consultation_id: int, key: str) -> bytes:
    page.goto(f"{base}/officers/reports/{consultation_id}")
    page.locator(f"button[data-export='{key}']").click()
    download = page.locator("#download")
    for _ in range(120):
        if download.count() or page.locator(".govuk-tag--red").count():
            break
        page.wait_for_timeout(500)
        page.reload()
    assert download.count(), page.locator("main").inner_text()
    with page.expect_download() as info:
        download.click()
    return Path(info.value.path()).read_bytes()


def _export_text(key: str, content: bytes) -> str:
    if key in ("xlsx", "csv"):  # both are zips: the workbook's parts, or one CSV file per survey
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "\n".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    text = content.decode("utf-8-sig")
    if key == "json":
        json.loads(text)
    return text


def _officer_context(browser: Browser, base: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    _sign_in(page, base, *OFFICER)
    expect(page.locator("h1")).to_have_text("Consultations")
    return context, page


def test_a_class_of_twelve_with_two_disclosures_and_mail_down(
    live_server: LiveServer, browser: Browser, tmp_path: Path
) -> None:
    app, base = live_server.app, live_server.url
    app.config.update(
        MAIL_BACKEND="smtp",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=closed_port(),
        SMTP_STARTTLS=False,
        MAIL_RETRY_DELAYS=(3600,),
        EXPORT_DIR=str(tmp_path),
    )
    try:
        _run_the_class(app, base, live_server, browser)
    finally:
        wait_for_local_delivery()
        cancel_local_retry()


def _run_the_class(app, base: str, live_server: LiveServer, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    teacher_context = browser.new_context()
    teacher = teacher_context.new_page()
    code = _teacher_opens_a_session(teacher, live_server, _NoCheck())
    ids = _ids(live_server)
    officer_context, officer = _officer_context(browser, base)

    first = _summaries(teacher, officer, base, ids)
    assert "Results appear when the session has closed" in first["teacher: class"]
    for number in range(PUPILS):
        if number == 0:
            _pupil(browser, base, code, text=UNSENT, send=False)
        elif number == 1:
            _pupil(browser, base, code, text=SENT)
        else:
            _pupil(browser, base, code, unusual=number == 2)
        now = _summaries(teacher, officer, base, ids)
        changed = [name for name in now if now[name] != first[name]]
        assert not changed, f"after pupil {number + 1}, {changed} changed"

    wait_for_local_delivery()
    with app.app_context():
        flags = list(
            db.session.scalars(
                select(SafeguardingFlag).where(
                    SafeguardingFlag.class_session_id == ids[0], SafeguardingFlag.level == "urgent"
                )
            )
        )
        assert sorted(flag.text for flag in flags) == sorted([UNSENT, SENT])
        refs = {f"SafeguardingFlag:{flag.id}" for flag in flags}
        alerts = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.about.in_(refs))))
        assert len(alerts) == 2 and {a.status for a in alerts} == {MailStatus.PENDING}
        assert {a.last_error for a in alerts} == {"ConnectionRefusedError"}

    teacher.goto(f"{base}/schools/sessions/{ids[0]}")
    teacher.get_by_role("button", name="Close the session").click()
    expect(teacher.locator(".govuk-notification-banner")).to_contain_text("The session is closed")
    _no_small_group_shown(teacher, f"{base}/schools/sessions/{ids[0]}/summary")
    expect(teacher.locator("[data-responses]")).to_have_text(str(PUPILS - 1))
    _without_words(teacher.content(), "the teacher's class summary")
    teacher_context.close()

    with smtp_server() as mail, app.app_context():
        app.config["SMTP_PORT"] = mail.port
        report = deliver_due(utcnow() + timedelta(hours=2))
        assert report.failed == 0 and report.sent >= 2
        to_dsl = [raw for raw in mail.messages if DSL in raw]
        assert len(to_dsl) >= 2 and any("URGENT" in raw for raw in to_dsl)
        for raw in mail.messages:
            _without_words(raw, "an email sent")
        for message in db.session.scalars(select(OutboxMessage)):
            _without_words(message.subject + message.body, f"outbox message {message.id}")
        assert {a.status for a in db.session.scalars(select(OutboxMessage).where(OutboxMessage.about.in_(refs)))} == {
            MailStatus.SENT
        }

    session_id, school_id, consultation_id = ids
    _no_small_group_shown(officer, f"{base}/schools/sessions/{session_id}/summary")
    expect(officer.locator("[data-responses]")).to_have_text(str(PUPILS - 1))

    assert officer.goto(f"{base}/admin/outbox").status == 403
    visited = _crawl(officer, base, "/officers/consultations")
    assert len(visited) < CRAWL_LIMIT, "the crawl stopped before it had seen every kind of page"
    assert {
        f"/officers/analysis/{consultation_id}/answers",
        f"/officers/reports/{consultation_id}/report",
        f"/schools/{school_id}/summary",
        f"/schools/sessions/{session_id}/summary",
    } <= set(visited)
    for key in ("csv", "xlsx", "json"):
        _without_words(_export_text(key, _export(officer, base, consultation_id, key)), f"the {key} export")
    officer_context.close()
