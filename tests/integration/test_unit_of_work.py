"""One unit of work per request: what a view flushed is stored once the response is a success, and nothing of a
request that failed is stored (app/common/unit_of_work.py)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from app import create_app
from app.common.access import public
from app.common.unit_of_work import keep_refused_writes
from app.extensions import db
from app.models import Organisation
from config import TestingConfig


@pytest.fixture()
def uow_app(database_url: str, clean_db: None) -> Flask:
    """An app of its own with views that flush an organisation and then answer with the status asked for."""
    application = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": "localhost",
            "WTF_CSRF_ENABLED": False,
            "PROPAGATE_EXCEPTIONS": False,
        },
    )

    @application.post("/uow/<int:status>")
    @public
    def write_then_answer(status: int) -> tuple[str, int]:
        db.session.add(Organisation(name=f"Answered {status}"))
        db.session.flush()
        return "done", status

    @application.post("/uow/refused-but-kept")
    @public
    def refuse_but_keep() -> tuple[str, int]:
        db.session.add(Organisation(name="Counted refusal"))
        db.session.flush()
        keep_refused_writes()
        return "refused", 400

    @application.post("/uow/crash")
    @public
    def write_then_crash() -> str:
        db.session.add(Organisation(name="Crashed"))
        db.session.flush()
        raise RuntimeError("a bug after the write")

    return application


def _stored(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Organisation.name).order_by(Organisation.name)))


def test_a_successful_request_stores_what_its_view_flushed(uow_app: Flask) -> None:
    client = uow_app.test_client()
    assert client.post("/uow/200").status_code == 200
    assert client.post("/uow/302").status_code == 302
    assert _stored(uow_app) == ["Answered 200", "Answered 302"]


def test_a_request_that_fails_stores_nothing(uow_app: Flask) -> None:
    client = uow_app.test_client()
    assert client.post("/uow/400").status_code == 400
    assert client.post("/uow/404").status_code == 404
    assert client.post("/uow/crash").status_code == 500
    assert _stored(uow_app) == []


def test_a_refusal_that_is_itself_a_record_is_stored(uow_app: Flask) -> None:
    client = uow_app.test_client()
    assert client.post("/uow/refused-but-kept").status_code == 400
    assert _stored(uow_app) == ["Counted refusal"]
