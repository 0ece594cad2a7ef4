"""GETs never write: every GET route of the URL map, requested by a role it lets in and naming rows that exist,
leaves every table as it was, apart from the audit log's record that someone read personal data.

Guards: the unit of work (``app/common/unit_of_work.py``) commits once after a view, and no view or service a GET
reaches adds, changes or deletes a row (the codebook GET used to insert the default codebook, issue 15 item 4).
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from tests.security.routes import ACCESS, PUBLIC, ROLES, TOKEN, rules
from tests.security.snapshot import changed_tables, database_rows
from tests.security.world import build_world

READ_AUDIT = "audit_events"
"""Reading a response, an export or a flagged answer is itself audited; that row is the one write a GET may make."""


def _role_for(endpoint: str) -> str:
    expected = ACCESS[endpoint]
    if expected in (PUBLIC, TOKEN):
        return "anonymous"
    return next(role for role in ROLES if role in expected)


def _row_counts() -> dict[str, int]:
    db.session.rollback()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
        if table.name != READ_AUDIT
    }


def test_no_get_route_changes_a_row(web_app: Flask, clean_db: None) -> None:
    world = build_world()
    clients: dict[str, FlaskClient] = {"anonymous": web_app.test_client()}
    for role in ROLES:
        clients[role] = world.client_for(web_app.test_client(), role)
    gets = [rule for rule in rules(web_app) if "GET" in (rule.methods or set()) and rule.endpoint != "auth.sign_out"]
    before = database_rows()
    wrong, answered = [], 0
    for rule in gets:
        counts = _row_counts()
        response = clients[_role_for(rule.endpoint)].get(world.url(rule))
        answered += response.status_code < 400
        changed = [name for name, count in _row_counts().items() if counts[name] != count]
        if changed:
            wrong.append(f"GET {world.url(rule)} ({rule.endpoint}) changed the row count of {changed}")
    assert not wrong, "\n".join(wrong)
    assert [name for name in changed_tables(before, database_rows()) if name != READ_AUDIT] == []
    assert len(gets) >= 80 and answered >= len(gets) // 2
