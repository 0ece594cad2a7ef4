"""Test helpers: fetch pages by URL, parse them, and submit their forms with the CSRF token a browser would send."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


@dataclass
class Page:
    response: TestResponse
    soup: BeautifulSoup

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def h1(self) -> str:
        heading = self.soup.find("h1")
        return heading.get_text(" ", strip=True) if heading else ""

    @property
    def text(self) -> str:
        return self.soup.get_text(" ", strip=True)

    def error_summary(self) -> list[str]:
        summary = self.soup.select_one(".govuk-error-summary")
        return [a.get_text(strip=True) for a in summary.select("a")] if summary else []

    def csrf_token(self) -> str:
        field = self.soup.find("input", {"name": "csrf_token"})
        assert field is not None, "page has no form with a CSRF token"
        return str(field["value"])


def _fresh_snapshot() -> None:
    """End the test's own read transaction so its next query sees what the request committed."""
    from flask import has_app_context

    from app.extensions import db

    if has_app_context():
        db.session.rollback()


def get(client: FlaskClient, url: str, **kwargs: Any) -> Page:
    response = client.get(url, **kwargs)
    _fresh_snapshot()
    return Page(response, BeautifulSoup(response.get_data(as_text=True), "html.parser"))


def post(
    client: FlaskClient, url: str, data: dict[str, Any], *, form_url: str | None = None, follow_redirects: bool = False
) -> Page:
    """Post ``data`` to ``url`` with the CSRF token taken from the form page (``form_url``, default ``url``)."""
    token = get(client, form_url or url).csrf_token()
    response = client.post(url, data={**data, "csrf_token": token}, follow_redirects=follow_redirects)
    _fresh_snapshot()
    return Page(response, BeautifulSoup(response.get_data(as_text=True), "html.parser"))
