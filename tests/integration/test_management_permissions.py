"""Every consultation-management, people, audit and outbox page and action refuses teachers, reviewers, schools'
safeguarding leads and anonymous visitors; the people, audit and outbox pages refuse officers too. Routes are walked
from the URL map, so a new view is covered without editing this file."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.common.access import policy_of
from app.common.mail import send_email
from app.extensions import db
from app.models import AuditEvent, ConsultationDocument, Milestone, Role
from app.models.types import utcnow
from app.officers import documents, milestones
from tests.factories import make_consultation, make_user, sign_in
from tests.pages import get

MY_BLUEPRINTS = ("officers.", "admin.")
PDF = b"%PDF-1.4\n%%EOF\n"


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every officer and admin route, with ids of real rows filled in."""
    consultation = make_consultation()
    document = documents.add_document(None, consultation, title="Doc", filename="d.pdf", content=PDF)  # type: ignore[arg-type]
    milestone = milestones.add_milestone(None, consultation, due_on=utcnow().date(), label="Step")
    message = send_email("x@example.org", "Subject", "Body")
    target = make_user(Role.REVIEWER, "target@example.org")
    db.session.commit()
    values = {
        "consultation_id": consultation.id,
        "document_id": document.id,
        "milestone_id": milestone.id,
        "message_id": message.id,
        "user_id": target.id,
        "action": "close",
    }
    routes = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith(MY_BLUEPRINTS) or not rule.arguments <= values.keys():
                continue
            url = url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments})
            routes += [(rule.endpoint, method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes


def _request(client: FlaskClient, method: str, url: str, token: str) -> int:
    if method == "GET":
        return client.get(url).status_code
    return client.post(url, data={"csrf_token": token, "reason": "x", "direction": "up"}).status_code


def _counts() -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count(AuditEvent.id))) or 0,
        db.session.scalar(select(func.count(ConsultationDocument.id))) or 0,
        db.session.scalar(select(func.count(Milestone.id))) or 0,
    )


@pytest.mark.parametrize("role", [Role.TEACHER, Role.REVIEWER, Role.DSL])
def test_teachers_and_reviewers_are_refused_everywhere(client: FlaskClient, web_app: Flask, role: Role) -> None:
    routes = _routes(web_app)
    sign_in(client, make_user(role))
    token = get(client, "/staff/sign-out").csrf_token()
    before = _counts()
    refused = {(endpoint, method): _request(client, method, url, token) for endpoint, method, url in routes}
    db.session.rollback()
    assert set(refused.values()) == {403}, refused
    assert _counts() == before


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, web_app: Flask) -> None:
    routes = _routes(web_app)
    token = get(client, "/staff/sign-in").csrf_token()
    before = _counts()
    for endpoint, method, url in routes:
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        assert response.status_code == 302 and "/staff/sign-in" in response.location, endpoint
    db.session.rollback()
    assert _counts() == before


def test_officers_cannot_reach_admin_only_pages(client: FlaskClient, web_app: Flask) -> None:
    routes = _routes(web_app)
    sign_in(client, make_user(Role.OFFICER))
    token = get(client, "/staff/sign-out").csrf_token()
    admin_only = [(e, m, u) for e, m, u in routes if policy_of(web_app.view_functions[e]).roles == (Role.ADMIN,)]
    assert {e for e, _, _ in admin_only} >= {
        "admin.list_users",
        "admin.create_user",
        "admin.deactivate_user",
        "admin.list_audit_events",
        "admin.reset_password",
        "admin.list_outbox",
        "admin.show_outbox_message",
    }
    assert {_request(client, m, u, token) for _, m, u in admin_only} == {403}


def test_every_route_here_is_covered(web_app: Flask, clean_db: None) -> None:
    endpoints = {e for e, _, _ in _routes(web_app)}
    assert {
        "officers.create_consultation",
        "officers.change_status",
        "officers.upload_document",
        "officers.delete_document",
        "officers.create_milestone",
        "officers.update_milestone",
        "officers.update_results",
        "admin.list_outbox",
        "admin.show_outbox_message",
    } <= endpoints
