"""One way to a 404: services raise NotFoundError and the one handler shows the "Page not found" page. Only a missing
row or an unknown id in the URL is a 404; a bug (any other ValueError or LookupError) is not hidden as one."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.builder import services
from app.models import Survey
from tests.integration.builder.conftest import base
from tests.pages import get


def test_missing_rows_and_unknown_url_parts_show_the_not_found_page(officer: FlaskClient, survey: Survey) -> None:
    for url in (
        f"{base(survey)}/questions/new/not-a-type",
        f"{base(survey)}/pages/no-such-page/edit",
        f"{base(survey)}/questions/no-such-question/edit",
        "/officers/surveys/999999",
        "/officers/analysis/999999",
        "/officers/consultations/999999",
    ):
        page = get(officer, url)
        assert (page.status, page.soup.h1.get_text(strip=True)) == (404, "Page not found"), url


def test_a_bug_raising_value_error_is_not_turned_into_a_not_found_page(
    officer: FlaskClient, survey: Survey, web_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_survey: Survey, _question_id: str) -> None:
        raise ValueError("a bug in the service")

    monkeypatch.setattr(services, "question_data", broken)
    monkeypatch.setitem(web_app.config, "PROPAGATE_EXCEPTIONS", True)
    with pytest.raises(ValueError, match="a bug in the service"):
        officer.get(f"{base(survey)}/questions/top/edit")
