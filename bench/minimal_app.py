"""The ceiling for the submit benchmark: a minimal Flask endpoint that inserts one row, on the same database with
the same engine settings (SQLite WAL, busy timeout, immediate write transactions) as SaferVoice."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import create_engine, event, insert

from bench.loadlib import insert_table as rows

engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)

if engine.dialect.name == "sqlite":

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


app = Flask(__name__)


@app.post("/insert")
def insert_row():  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        connection.execute(insert(rows).values(value="x", created_at=datetime.now(UTC)))
    return "", 204


@app.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return "ok"
