"""Template filters: dates shown in Europe/London, whatever the server's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

LONDON = ZoneInfo("Europe/London")


def london(value: datetime | None, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    if value is None:
        return ""
    text = value.astimezone(LONDON).strftime(fmt)
    return text.replace("AM", "am").replace("PM", "pm")


def london_date(value: datetime | None) -> str:
    return london(value, "%-d %B %Y")


def register_filters(app: Flask) -> None:
    from app.analysis.engine import redact

    app.jinja_env.filters["redact"] = redact
    app.jinja_env.filters["london"] = london
    app.jinja_env.filters["london_date"] = london_date
