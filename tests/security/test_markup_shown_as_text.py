"""No page shows its own markup as text (issue 17 item 7).

Jinja's ``~`` escapes a plain string joined to an escaped one, so ``'<a href="' ~ (url | e) ~ '">'`` put the link's
tags on screen as text; the officer consultation page and the builder's "add a question" heading both did. Ordinary
(harmless) data is seeded, so any ``&lt;tag`` in a page can only be the page's own markup escaped twice.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from app.models import Consultation, Role, Survey
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.pages import get
from tests.security.test_stored_xss import _crawl

ESCAPED_TAG = re.compile(r"&lt;/?(a|span|p|strong|b|br|h\d|ul|li|div|code)\b[^&]{0,60}")


def _escaped_markup(html: str) -> list[str]:
    return [match.group(0) for match in ESCAPED_TAG.finditer(html)]


def _seed() -> tuple[Consultation, Survey]:
    consultation = make_consultation()
    return consultation, add_survey(consultation)


def test_public_page_row_is_a_link_not_text(client: FlaskClient) -> None:
    consultation, _survey = _seed()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/consultations/{consultation.id}")
    row = next(r for r in page.soup.select(".govuk-summary-list__row") if "Public page" in r.get_text())
    link = row.select_one("a.govuk-link")
    assert link is not None and link["href"] == f"/consultations/{consultation.slug}"
    assert link.get_text(strip=True) == f"/consultations/{consultation.slug}"
    assert "<a" not in page.text and _escaped_markup(str(page.response.get_data(as_text=True))) == []


@pytest.mark.parametrize("query", ["", "?page=priorities"])
def test_add_question_heading_shows_the_survey_title_as_a_caption(client: FlaskClient, query: str) -> None:
    _consultation, survey = _seed()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/surveys/{survey.id}/questions/new{query}")
    heading = page.soup.select_one("legend h1")
    assert heading is not None
    caption = heading.select_one(".govuk-caption-l")
    assert caption is not None and caption.get_text(strip=True) == survey.title
    assert "<span" not in page.text


def test_copy_survey_heading_shows_the_consultation_title_as_a_caption(client: FlaskClient) -> None:
    _seed()
    other = make_consultation("another-2026")
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/surveys/consultations/{other.id}/copy")
    caption = page.soup.select_one("legend h1 .govuk-caption-l")
    assert caption is not None and caption.get_text(strip=True) == other.title
    assert "<span" not in page.text


@pytest.mark.parametrize(
    ("role", "least"),
    [(Role.OFFICER, 10), (Role.ADMIN, 10), (Role.REVIEWER, 2), (Role.TEACHER, 2), (Role.DSL, 2), (None, 3)],
)
def test_no_page_shows_its_markup_as_text(client: FlaskClient, role: Role | None, least: int) -> None:
    _seed()
    if role is not None:
        sign_in(client, make_user(role))
    visited, _shown, problems = _crawl(client, "/staff/" if role else "/", inspect=_escaped_markup)
    assert visited >= least
    assert problems == []
