"""Inside a role, staff reach only their own school's rows: a teacher or safeguarding lead (DSL) of another school
gets 404 for every route naming a class session, school or flag of Demo Academy (not 403, which would confirm the
row exists), and their requests change nothing; the same routes answer Demo Academy's own staff
(200, or 302 where the page moves on, as opening a session already open does).

Guards: the school scoping in app/schools/services.py (sessions, summaries) and app/dsl/review_school_alerts.py with
app/safeguarding/school_alerts.py (flags, adult-contact requests).
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Role, School
from tests.factories import make_user, sign_in
from tests.pages import get
from tests.security.routes import ACCESS, rules
from tests.security.snapshot import changed_tables, database_rows
from tests.security.world import build_world

SCOPED = ("session_id", "school_id", "flag_id", "request_id")


def _own_school_routes(app: Flask, role: str) -> list:  # type: ignore[type-arg]
    return [rule for rule in rules(app) if role in ACCESS[rule.endpoint] and set(SCOPED) & set(rule.arguments)]


def test_staff_of_another_school_find_nothing_of_this_one(web_app: Flask, client: FlaskClient) -> None:
    world = build_world()
    other = School(name="Another School")
    db.session.add(other)
    db.session.commit()
    wrong, tried = [], 0
    for role in ("teacher", "dsl"):
        outsider = make_user(Role(role), f"other-{role}@example.org", other)
        sign_in(client, outsider)
        token = get(client, "/staff/sign-in").csrf_token()
        before = database_rows()
        for rule in _own_school_routes(web_app, role):
            for method in ("GET", "POST"):
                if method in (rule.methods or set()):
                    response = client.open(world.url(rule), method=method, data={"csrf_token": token})
                    tried += 1
                    if response.status_code != 404:
                        wrong.append(f"{method} {world.url(rule)} as {role} of another school: {response.status_code}")
        assert changed_tables(before, database_rows()) == []
    assert not wrong, "\n".join(wrong)
    assert tried >= 8


def test_the_same_routes_work_for_the_schools_own_staff(web_app: Flask, client: FlaskClient) -> None:
    world = build_world()
    for role in ("teacher", "dsl"):
        world.client_for(client, role)
        pages = [rule for rule in _own_school_routes(web_app, role) if "GET" in (rule.methods or set())]
        statuses = {world.url(rule): client.get(world.url(rule)).status_code for rule in pages}
        assert pages and set(statuses.values()) <= {200, 302} and 200 in statuses.values(), statuses
