"""CSRF on every POST: each POST route of the URL map, requested by a role the route lets in and naming rows that
exist, is refused with 400 when the CSRF token is missing, forged, or valid only for another browser, and no row of
any table changes.

Guards: ``CSRFProtect`` (app/extensions.py, app/__init__.py) with no exempt view. Without it these requests reach
the views, which would deactivate users, delete documents, close sessions and so on (or answer 200/302/403/404).
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.pages import get
from tests.security.routes import ACCESS, PUBLIC, ROLES, TOKEN, rules
from tests.security.snapshot import changed_tables, database_rows
from tests.security.world import build_world


def _role_for(endpoint: str) -> str:
    expected = ACCESS[endpoint]
    if expected in (PUBLIC, TOKEN):
        return "anonymous"
    return next(role for role in ROLES if role in expected)


def test_every_post_route_refuses_a_request_without_a_valid_csrf_token(web_app: Flask, clean_db: None) -> None:
    world = build_world()
    clients: dict[str, FlaskClient] = {"anonymous": web_app.test_client()}
    for role in ROLES:
        clients[role] = world.client_for(web_app.test_client(), role)
    other_browser = get(web_app.test_client(), "/staff/sign-in").csrf_token()
    posts = [rule for rule in rules(web_app) if "POST" in (rule.methods or set())]
    before = database_rows()
    wrong = []
    for rule in posts:
        client, url = clients[_role_for(rule.endpoint)], world.url(rule)
        for label, data in (
            ("no token", {}),
            ("forged token", {"csrf_token": "forged"}),
            ("another browser's token", {"csrf_token": other_browser}),
        ):
            response = client.post(url, data=data)
            if response.status_code != 400:
                wrong.append(f"POST {url} ({rule.endpoint}) with {label}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert changed_tables(before, database_rows()) == []
    assert len(posts) >= 60
