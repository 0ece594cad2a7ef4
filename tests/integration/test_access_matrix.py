"""Role × route matrix: every route's declared policy matches this table, and requests by each role get exactly
what the policy allows. A new route fails here until it is added to the table, so no route ships unreviewed."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from app.common.access import policy_of
from app.models import Role
from tests.factories import make_user, sign_in
from tests.pages import get

STAFF = {"officer", "admin", "teacher", "reviewer", "dsl"}
OFFICE = {"officer", "admin"}
PUBLIC, TOKEN = "public", "token"
EXPECTED: list[tuple[str, object]] = [
    (r"admin\..*", {"admin"}),
    (r"(analysis|builder|channels|officers|reports|stakeholders)\..*", OFFICE),
    (r"safeguarding\..*", {"reviewer", "admin"}),
    (r"dsl\.confirm_address", TOKEN),
    (r"dsl\.(acknowledge_flag|acknowledge_contact_request)", {"dsl", "reviewer", "admin"}),
    (r"dsl\..*", {"dsl"}),
    (r"schools\.(close_session|create_session|list_sessions|open_session|resend_dsl_confirmation|show_counts"
     r"|show_projector)", {"teacher"}),
    (r"schools\.(create_school|create_teacher|list_schools|show_school)", OFFICE),
    (r"schools\.(show_school_summary|show_session|show_summary)", OFFICE | {"teacher"}),
    (r"auth\.(home|sign_out_confirm)", STAFF),
    (r"auth\.(sign_in|sign_out)", PUBLIC),
    (r"surveys\.(open_invite|resume_response)", TOKEN),
    (r"(surveys|pupils)\..*", PUBLIC),
]
DUMMY = {"int": "999999", "default": "x"}
NAMED = {"fmt": "json", "qtype": "single_choice", "kind": "page", "action": "close", "key": "x"}


def expected_for(endpoint: str) -> object:
    for pattern, expected in EXPECTED:
        if re.fullmatch(pattern, endpoint):
            return expected
    raise AssertionError(f"{endpoint} is not in the access table: add it with the roles that may use it")


def declared(app: Flask, endpoint: str) -> object:
    policy = policy_of(app.view_functions[endpoint])
    assert policy is not None, f"{endpoint} has no access policy"
    if policy.kind in (PUBLIC, TOKEN):
        return policy.kind
    return {role.value for role in policy.roles}


def _rules(app: Flask) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.rule)


def _url(rule: Rule) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]  # noqa: SLF001 - the converter decides what a plausible value is
        kind = "int" if type(converter).__name__ == "IntegerConverter" else "default"
        values[name] = NAMED.get(name, DUMMY[kind])
    return rule.build(values)[1]


def test_declared_policies_match_the_access_table(app: Flask) -> None:
    mismatches = [(rule.endpoint, declared(app, rule.endpoint), expected_for(rule.endpoint))
                  for rule in _rules(app) if declared(app, rule.endpoint) != expected_for(rule.endpoint)]
    assert mismatches == []


@pytest.mark.parametrize("role", ["anonymous", "officer", "admin", "teacher", "reviewer", "dsl"])
def test_each_role_gets_exactly_what_policies_allow(app: Flask, client: FlaskClient, role: str) -> None:
    if role != "anonymous":
        sign_in(client, make_user(Role(role)))
    token = get(client, "/staff/sign-in").csrf_token()
    wrong = []
    for rule in _rules(app):
        expected = expected_for(rule.endpoint)
        if expected in (PUBLIC, TOKEN):
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        url = _url(rule)
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        to_sign_in = response.status_code == 302 and "/staff/sign-in" in (response.location or "")
        allowed = role in expected  # type: ignore[operator]
        if role == "anonymous":
            ok = to_sign_in
        elif allowed:
            ok = response.status_code != 403 and not to_sign_in and response.status_code < 500
        else:
            ok = response.status_code == 403
        if not ok:
            wrong.append(f"{method} {url} as {role}: {response.status_code}")
    assert wrong == []
