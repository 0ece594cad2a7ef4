"""A live server on loopback with the migrated, seeded demo, and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from app import create_app
from app.demo import seed
from app.extensions import db
from config import TestingConfig

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TEMPLATE_URL = "http://seeded-template.invalid"


@dataclass
class LiveServer:
    url: str
    app: Flask
    seed_output: list[str]


@dataclass(frozen=True)
class SeededTemplate:
    path: Path
    seed_output: list[str]


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> SeededTemplate:
    """The migrated, seeded demo, built once per test process (each xdist worker has its own): migrating and seeding
    took several seconds for each of the 14 browser modules. Links in the seed's output name a placeholder address
    that each live server replaces with its own."""
    path = tmp_path_factory.mktemp("browser-template") / "seeded.db"
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "BASE_URL": TEMPLATE_URL})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="head")
        output = seed()
        db.session.remove()
        db.engine.dispose()
    return SeededTemplate(path, output)


def _copy_database(source: Path, target: Path) -> None:
    """SQLite's online backup copies the pages consistently whatever the journal mode, unlike a file copy."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


@pytest.fixture(scope="module")
def live_server(seeded_template: SeededTemplate, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A fresh copy of the seeded database per test module, so one module's responses never change another's
    counts."""
    folder = tmp_path_factory.mktemp("browser")
    _copy_database(seeded_template.path, folder / "browser.db")
    app = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.db'}", "EXPORT_DIR": str(folder / "exports")},
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url
    output = [line.replace(TEMPLATE_URL, url) for line in seeded_template.seed_output]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url, app, output)
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


class AccessibilityChecker:
    """Runs axe-core (shipped inside axe-playwright-python, so offline) and collects violations per page."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.checked: list[str] = []

    def check(self, page: Page) -> None:
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        self.checked.append(page.url)
        violations = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})"
            for v in results.response["violations"]
        ]
        assert violations == [], f"axe violations on {page.url}:\n" + "\n".join(violations)


@pytest.fixture()
def axe() -> AccessibilityChecker:
    return AccessibilityChecker()
