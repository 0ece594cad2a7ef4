"""One ``INSERT ... ON CONFLICT DO UPDATE`` for SQLite and PostgreSQL, so a counter row is created or changed in a
single atomic statement: two workers adding to the same counter at once can neither lose a count nor fail on the
unique constraint, as a read followed by a write could."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.sqlite.dml import Insert as SQLiteInsert

from app.extensions import db


def upsert(model: type[Any], values: dict[str, Any], unique: list[str], changes: dict[str, Any]) -> SQLiteInsert:
    """Insert ``values``, or apply ``changes`` (whose column expressions read the existing row) to the row that
    already has the same ``unique`` columns. Add ``.returning(...)`` to read the result in the same statement."""
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(model).values(**values)
    return statement.on_conflict_do_update(index_elements=unique, set_=changes)
