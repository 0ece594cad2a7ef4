"""Every row of every table, to show that a refused request changed nothing at all."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db


def database_rows() -> dict[str, list[str]]:
    db.session.rollback()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        for table in db.metadata.sorted_tables
    }


def changed_tables(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [name for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)]
