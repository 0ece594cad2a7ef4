"""Engine tuning: SQLite gets WAL and a busy timeout so several workers can share one file safely."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from app.extensions import db

_writer: ContextVar[bool] = ContextVar("sqlite_writer", default=False)
_reader: ContextVar[bool] = ContextVar("sqlite_reader", default=False)


@contextmanager
def writing_transactions() -> Iterator[None]:
    """Within this block (a background job), every SQLite transaction takes the write lock when it begins, so a
    read followed by a write can never fail because another connection wrote in between."""
    token = _writer.set(True)
    try:
        yield
    finally:
        _writer.reset(token)


@contextmanager
def reading_transactions() -> Iterator[None]:
    """Within this block SQLite transactions begin deferred even in a POST request: for a read on a connection of
    its own, which would otherwise wait behind the write lock the request's own connection already holds (a signed-in
    user's POST loads the user first) until the busy timeout."""
    token = _reader.set(True)
    try:
        yield
    finally:
        _reader.reset(token)


def _write_intent() -> bool:
    """POST-like requests and jobs will write; plain page views, CLI reads and ``reading_transactions`` begin
    deferred."""
    if _reader.get():
        return False
    return _writer.get() or (has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"))


def _sqlite_begin(connection: Connection) -> None:
    """Writers take SQLite's write lock at BEGIN, so two concurrent submits queue instead of failing mid-way."""
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent() else "BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def configure_engine(app: Flask) -> None:
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
