"""SQL injection: classic payloads in every query parameter the views read and in every text part of every GET
route's path, requested by a role each route lets in, and in the sign-in and join-code forms. No request may fail
(5xx), none may sign anyone in or let a pupil join, and no row changes (but for the audit
log of what staff read, and counts of failed attempts).

Guards: every query goes through SQLAlchemy with bound parameters (no string-built SQL in app/), and the
converters and lookups that turn unknown values into 404s or messages.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask
from flask.testing import FlaskClient

from tests.pages import post
from tests.security.routes import ACCESS, PUBLIC, ROLES, TOKEN, rules
from tests.security.snapshot import changed_tables, database_rows
from tests.security.world import build_world

PAYLOADS = [
    "' OR '1'='1",
    "1; DROP TABLE users; --",
    '" OR 1=1 --',
    "1' UNION SELECT password_hash FROM users --",
    "%' AND 1=0 UNION SELECT NULL --",
    "1)) OR sleep(5) --",
]
QUERY_NAMES = ("action", "actor", "change", "format", "incomplete", "page", "question", "show", "theme")
TEXT_PARTS = (
    "slug",
    "survey_slug",
    "key",
    "page_id",
    "question_id",
    "target_id",
    "source_id",
    "token",
    "kind",
    "qtype",
    "action",
    "fmt",
)


def _role_for(endpoint: str) -> str:
    expected = ACCESS[endpoint]
    return "anonymous" if expected in (PUBLIC, TOKEN) else next(role for role in ROLES if role in expected)


def test_injection_payloads_in_paths_and_query_strings_fail_nothing(web_app: Flask, clean_db: None) -> None:
    world = build_world()
    clients: dict[str, FlaskClient] = {"anonymous": web_app.test_client()}
    for role in ROLES:
        clients[role] = world.client_for(web_app.test_client(), role)
    before = database_rows()
    failed, requested = [], 0
    for rule in rules(web_app):
        if "GET" not in (rule.methods or set()):
            continue
        client = clients[_role_for(rule.endpoint)]
        for payload in PAYLOADS:
            url = world.url(rule)
            if set(TEXT_PARTS) & set(rule.arguments):
                url = rule.build(
                    {**world.values, **{name: payload for name in rule.arguments if name in TEXT_PARTS}},
                    append_unknown=False,
                )[1]
            response = client.get(f"{url}?{urlencode(dict.fromkeys(QUERY_NAMES, payload))}")
            requested += 1
            if response.status_code >= 500:
                failed.append(f"GET {url} ({rule.endpoint}) with {payload!r}: {response.status_code}")
    assert not failed, "\n".join(failed)
    assert changed_tables(before, database_rows()) in ([], ["audit_events"])  # reading flags and mail is audited
    assert requested >= 300


def test_injection_payloads_in_sign_in_and_join_forms_let_no_one_in(client: FlaskClient) -> None:
    build_world()
    kept = ("users", "responses", "answers", "class_sessions")
    before = database_rows()
    for payload in PAYLOADS:
        page = post(client, "/staff/sign-in", {"email": f"admin@example.org{payload}", "password": payload})
        assert page.status == 400, payload
        assert client.get("/officers/consultations").status_code == 302
        joined = post(client, "/join", {"code": payload})
        assert joined.status in (200, 400, 429), payload
        assert client.get("/join/take-part").status_code == 403
    assert [name for name in changed_tables(before, database_rows()) if name in kept] == []
