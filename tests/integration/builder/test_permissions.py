"""Only officers (and admins) reach the builder: every builder route refuses anonymous users, teachers and
safeguarding reviewers, for GET and for POST with a valid CSRF token."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.builder import drafts
from app.extensions import db
from app.models import ResponseChannel, Role, Survey
from app.models.types import utcnow
from app.surveys import responses
from tests.factories import make_user, sign_in
from tests.integration.builder.conftest import current
from tests.pages import get

ARGS = {
    "kind": "question",
    "target_id": "top",
    "page_id": "priorities",
    "question_id": "top",
    "qtype": "ranking",
    "source_id": "safe_day",
    "number": 1,
    "fmt": "yaml",
}


def _builder_urls(app: Flask, survey: Survey, response_id: int) -> list[tuple[str, set[str]]]:
    ids = {"survey_id": survey.id, "consultation_id": survey.consultation_id, "response_id": response_id, **ARGS}
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("builder."):
                urls.append(
                    (
                        url_for(rule.endpoint, **{k: ids[k] for k in rule.arguments}),
                        set(rule.methods or ()) & {"GET", "POST"},
                    )
                )
    return urls


@pytest.mark.parametrize("role", [None, Role.TEACHER, Role.REVIEWER])
def test_builder_refuses_everyone_but_officers(
    client: FlaskClient, web_app: Flask, survey: Survey, role: Role | None
) -> None:
    response = responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow())
    db.session.commit()
    if role is None:
        token = get(client, "/staff/sign-in").csrf_token()
    else:
        sign_in(client, make_user(role))
        token = get(client, "/staff/sign-out").csrf_token()
    urls = _builder_urls(web_app, survey, response.id)
    assert len(urls) >= 20
    for url, methods in urls:
        for method in methods:
            reply = client.open(url, method=method, data={"csrf_token": token, "direction": "up"})
            if role is None:
                assert reply.status_code == 302 and "/staff/sign-in" in reply.location, (method, url)
            else:
                assert reply.status_code == 403, (method, url, reply.status_code)
    db.session.rollback()
    assert len(db.session.get(Survey, survey.id).versions) == 1


def test_officer_reaches_every_builder_page(officer: FlaskClient, web_app: Flask, survey: Survey) -> None:
    response = responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow())
    drafts.save_draft(survey, current(survey), make_user(Role.ADMIN))
    db.session.commit()
    for url, methods in _builder_urls(web_app, survey, response.id):
        if "GET" in methods:
            status = officer.get(url).status_code
            assert status in (200, 302), (url, status)
