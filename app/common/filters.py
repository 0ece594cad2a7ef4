"""Template filters: dates shown in Europe/London, whatever the server's zone; periods in plain words."""

from __future__ import annotations

import re
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


def period(days: int) -> str:
    """A retention period in plain words: "1 year", "3 months" (90 days), "2 weeks", else days ("30 days")."""
    days = int(days)
    for size, unit, at_least in ((365, "year", 365), (30, "month", 60), (7, "week", 7)):
        if days >= at_least and days % size == 0:
            count = days // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{days} day{'' if days == 1 else 's'}"


def normalise_text(text: str | None) -> str:
    """Browsers send a textarea's line breaks as CR LF; stored as LF, paragraphs split the same everywhere."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def paragraphs(text: str | None) -> list[str]:
    """Officer-written text as paragraphs: a blank line (with or without spaces on it) starts a new one."""
    return [block.strip() for block in re.split(r"\n[ \t]*\n", normalise_text(text)) if block.strip()]


def register_filters(app: Flask) -> None:
    from app.analysis.engine import redact

    app.jinja_env.filters["redact"] = redact
    app.jinja_env.filters["london"] = london
    app.jinja_env.filters["london_date"] = london_date
    app.jinja_env.filters["period"] = period
    app.jinja_env.filters["paragraphs"] = paragraphs
