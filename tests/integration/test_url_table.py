"""docs/urls.md maps each URL prefix to the package and view modules that serve it; these tests keep it true of the
running app, so a newcomer can trust it to find the code for any URL in one step."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

TABLE = Path(__file__).resolve().parents[2] / "docs" / "urls.md"
ROW = re.compile(
    r"^\| `(?P<prefix>/[^`]*)` \| `app/(?P<package>\w+)/` \(`(?P<blueprint>\w+)`\) "
    r"\| (?P<modules>[^|]+) \|"
)


@dataclass(frozen=True)
class Row:
    prefix: str
    package: str
    blueprint: str
    modules: frozenset[str]


def documented_rows(text: str) -> list[Row]:
    return [
        Row(m["prefix"], m["package"], m["blueprint"], frozenset(re.findall(r"`(\w+)\.py`", m["modules"])))
        for m in map(ROW.match, text.splitlines())
        if m
    ]


def row_for(rows: list[Row], rule: str) -> Row | None:
    """The row of the longest documented prefix the rule starts with, at a path-segment boundary."""
    matching = [row for row in rows if row.prefix == "/" or rule == row.prefix or rule.startswith(row.prefix + "/")]
    return max(matching, key=lambda row: len(row.prefix), default=None)


def undocumented(app: Flask, rows: list[Row]) -> list[str]:
    problems = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        module = app.view_functions[rule.endpoint].__module__
        package, _, name = module.removeprefix("app.").partition(".")
        row = row_for(rows, rule.rule)
        if row is None:
            problems.append(f"{rule.rule}: no prefix in docs/urls.md")
        elif (package, rule.endpoint.split(".")[0]) != (row.package, row.blueprint) or name not in row.modules:
            problems.append(
                f"{rule.rule}: served by {module} ({rule.endpoint}), but docs/urls.md says "
                f"app/{row.package}/ ({row.blueprint}) {sorted(row.modules)}"
            )
    return problems


def test_every_registered_url_is_under_a_documented_prefix_with_its_package_and_module(app: Flask) -> None:
    rows = documented_rows(TABLE.read_text())
    assert len(rows) >= len(app.blueprints)
    assert undocumented(app, rows) == []


def test_every_documented_prefix_still_serves_a_url(app: Flask) -> None:
    rows = documented_rows(TABLE.read_text())
    used = {row_for(rows, rule.rule) for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert [row.prefix for row in rows if row not in used] == []


def test_a_missing_or_wrong_row_is_reported(app: Flask) -> None:
    rows = documented_rows(TABLE.read_text())
    without_admin = [row for row in rows if row.prefix != "/admin"]
    assert any(
        problem.startswith("/admin/users: served by app.admin.manage_users")
        for problem in undocumented(app, without_admin)
    )
    moved = [
        Row(row.prefix, row.package, row.blueprint, frozenset({"routes"})) if row.prefix == "/staff" else row
        for row in rows
    ]
    assert any(problem.startswith("/staff/sign-in: served by app.auth.sign_in") for problem in undocumented(app, moved))
