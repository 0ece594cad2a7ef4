"""Every page each role can reach by following links, checked with axe-core (WCAG 2.2 AA) in headless Chromium.

The crawler signs in as each role, follows same-site links breadth-first (GET only, so it changes nothing), and
checks each distinct page shape once (ids in paths are treated alike). Error states and pages behind forms are
covered by the journey tests beside this one.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from app.auth.services import create_user, find_user_by_email
from app.extensions import db
from app.models import Role
from tests.browser.conftest import AccessibilityChecker, LiveServer

pytestmark = pytest.mark.browser
MAX_PAGES = 45
SKIP = re.compile(r"/(sign-out|download|export|documents|healthz|resume/|invites/)|\.(csv|xlsx|docx|json|pdf)$|format=")
ADMIN = ("crawl-admin@example.org", "Crawl Admin", "crawl-admin-password-1")
ACCOUNTS = {
    "officer": ("officer@example.org", "demo-officer-password"),
    "teacher": ("teacher@example.org", "demo-teacher-password"),
    "reviewer": ("reviewer@example.org", "demo-reviewer-password"),
    "admin": (ADMIN[0], ADMIN[2]),
}


def _shape(path: str) -> str:
    return re.sub(r"/\d+", "/{id}", path)


def crawl(page: Page, base: str, start: str, axe: AccessibilityChecker) -> list[str]:
    seen: set[str] = set()
    checked: list[str] = []
    queue = deque([start])
    while queue and len(checked) < MAX_PAGES:
        url = queue.popleft()
        shape = _shape(urlsplit(url).path) + ("?" if urlsplit(url).query else "")
        if shape in seen:
            continue
        seen.add(shape)
        response = page.goto(base + url)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        assert response.status < 500, f"{url} answered {response.status}"
        axe.check(page)
        checked.append(url)
        hrefs = page.eval_on_selector_all("main a[href], header a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            link = urldefrag(href)[0]
            if link.startswith("/") and not link.startswith("//") and not SKIP.search(link):
                queue.append(link)
    return checked


def _sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(base + "/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="module")
def with_admin(live_server: LiveServer) -> LiveServer:
    with live_server.app.app_context():
        if find_user_by_email(ADMIN[0]) is None:
            create_user(ADMIN[0], ADMIN[1], ADMIN[2], Role.ADMIN)
            db.session.commit()
    return live_server


def test_public_pages_pass_axe(live_server: LiveServer, page: Page, axe: AccessibilityChecker) -> None:
    checked = crawl(page, live_server.url, "/", axe)
    assert "/" in checked and any("/consultations/" in url for url in checked)


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_every_page_a_role_reaches_passes_axe(
    with_admin: LiveServer, browser: Browser, role: str, axe: AccessibilityChecker
) -> None:
    context = browser.new_context()
    page = context.new_page()
    email, password = ACCOUNTS[role]
    _sign_in(page, with_admin.url, email, password)
    assert "/staff/sign-in" not in page.url, f"{role} could not sign in"
    checked = crawl(page, with_admin.url, urlsplit(page.url).path, axe)
    context.close()
    assert len(checked) >= 2, f"only reached {checked} as {role}"
