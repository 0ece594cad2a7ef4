"""Arranging flags and reviewers' decisions directly, without walking the pupil journey."""

from __future__ import annotations

from datetime import datetime

from app.analysis.engine.safeguarding import LEVEL_ORDER
from app.extensions import db
from app.models import FlagStatus, SafeguardingDecision, SafeguardingFlag
from app.models.types import utcnow


def make_flag(
    text: str,
    level: str = "concern",
    category: str | None = "domestic_abuse",
    *,
    created_at_utc: datetime | None = None,
    status: FlagStatus = FlagStatus.OPEN,
) -> SafeguardingFlag:
    flag = SafeguardingFlag(
        text=text,
        level=level,
        level_rank=LEVEL_ORDER[level],
        category=category,
        triggers=["hits me"],
        created_at_utc=created_at_utc or utcnow(),
        status=status,
    )
    db.session.add(flag)
    db.session.commit()
    return flag


def make_decision(
    text: str,
    reviewed_level: str,
    reviewed_category: str | None,
    decided_at_utc: datetime,
    flag: SafeguardingFlag | None = None,
) -> SafeguardingDecision:
    decision = SafeguardingDecision(
        flag_id=flag.id if flag else None,
        text=text,
        screened_level="concern",
        screened_category="domestic_abuse",
        reviewed_level=reviewed_level,
        reviewed_category=reviewed_category,
        decided_at_utc=decided_at_utc,
    )
    db.session.add(decision)
    db.session.commit()
    return decision
