"""Role × route matrix, generated from the URL map and checked against the reviewed table in ``routes.ACCESS``.

Guards: every view's access policy (``app.common.access``) and the table agree, so a route nobody reviewed (or a
table line for a route that is gone) fails; and each role, requesting every route by GET and by POST with a valid
CSRF token, is let in exactly where the table says. Ids in the URLs exist nowhere, so a view that forgot its policy
would answer 404 rather than 403: refusals of signed-in staff must be 403 and of anonymous visitors a redirect to
sign-in, which only the policy check gives.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.common.access import policy_of
from app.models import Role
from tests.factories import make_user, sign_in
from tests.pages import get
from tests.security.routes import ACCESS, PUBLIC, ROLES, TOKEN, UNCHECKED, Expected, methods, rules, url_of

TABLE = "ACCESS in tests/security/routes.py"


def declared(app: Flask, endpoint: str) -> Expected | None:
    policy = policy_of(app.view_functions[endpoint])
    if policy is None:
        return None
    if policy.kind in (PUBLIC, TOKEN):
        return policy.kind
    return frozenset(role.value for role in policy.roles)


def test_every_endpoint_in_the_url_map_is_in_the_table_and_no_other(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - UNCHECKED
    assert sorted(endpoints - ACCESS.keys()) == [], f"new endpoints: add each to {TABLE} with the roles that may use it"
    assert sorted(ACCESS.keys() - endpoints) == [], f"these endpoints are gone: remove them from {TABLE}"


def test_every_view_declares_the_policy_the_table_gives(app: Flask) -> None:
    wrong = {
        endpoint: declared(app, endpoint)
        for endpoint in sorted(ACCESS)
        if endpoint in app.view_functions and declared(app, endpoint) != ACCESS[endpoint]
    }
    assert wrong == {}


def _to_sign_in(response: TestResponse) -> bool:
    """The policy's refusal of a visitor who has not signed in: off to sign in, then back to the page."""
    location = urlsplit(response.location or "")
    return response.status_code == 302 and location.path == "/staff/sign-in" and "next=" in location.query


def _verdict(role: str, expected: Expected, response: TestResponse) -> bool:
    """Whether the response is what this role should get from a route with this policy. Public and token routes
    may refuse by their own rules (a pupil page before joining is 403, a made-up token 404) but never ask for a
    staff sign-in, and a made-up token (the URLs hold one) is refused; routes a role may use must not refuse it."""
    if expected == TOKEN:
        return response.status_code in (400, 404, 410)
    if expected == PUBLIC:
        return response.status_code < 500 and not _to_sign_in(response)
    if role in expected:
        return response.status_code < 500 and response.status_code != 403 and not _to_sign_in(response)
    if role == "anonymous":
        return _to_sign_in(response)
    return response.status_code == 403


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_each_role_is_let_in_exactly_where_the_table_says(app: Flask, client: FlaskClient, role: str) -> None:
    if role != "anonymous":
        sign_in(client, make_user(Role(role), email=f"matrix-{role}@example.org"))
    token = get(client, "/staff/sign-in").csrf_token()
    wrong = []
    requested = 0
    for rule in rules(app):
        url = url_of(rule)
        for method in methods(rule):
            response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            requested += 1
            if not _verdict(role, ACCESS[rule.endpoint], response):
                wrong.append(
                    f"{method} {url} ({rule.endpoint}) as {role}: {response.status_code} {response.location or ''}"
                )
    assert not wrong, "\n".join(wrong)
    assert requested > len(ACCESS)
