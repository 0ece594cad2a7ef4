"""Reviewers' decisions: recorded by ``review_flag``, listed for retraining, deleted by the retention purge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, FlagStatus, Role, SafeguardingDecision
from app.models.types import utcnow
from app.safeguarding import services
from app.safeguarding.services import Judgement, ReviewedCase
from tests.factories import make_user
from tests.integration.safeguarding.helpers import make_decision, make_flag


def test_review_without_a_judgement_keeps_the_screens_level_and_area(clean_db: None) -> None:
    flag = make_flag("my dad hits me", "concern", "domestic_abuse")
    services.review_flag(flag, make_user(Role.REVIEWER), "close", "Told the DSL", utcnow())
    db.session.commit()
    decision = db.session.scalar(select(SafeguardingDecision))
    assert (decision.reviewed_level, decision.reviewed_category) == ("concern", "domestic_abuse")


@pytest.mark.parametrize("judgement", [Judgement("severe", "domestic_abuse"), Judgement("concern", "gossip")])
def test_review_refuses_a_level_or_area_the_screen_does_not_know(clean_db: None, judgement: Judgement) -> None:
    flag = make_flag("my dad hits me", "concern", "domestic_abuse")
    with pytest.raises(services.ReviewError):
        services.review_flag(flag, make_user(Role.REVIEWER), "close", "Told the DSL", utcnow(), judgement)
    db.session.rollback()
    assert db.session.scalar(select(SafeguardingDecision)) is None
    assert db.session.get(type(flag), flag.id).status == FlagStatus.OPEN


def test_purge_deletes_decisions_past_retention_and_keeps_recent_ones(clean_db: None) -> None:
    now = utcnow()
    old_flag = make_flag("old flag", created_at_utc=now - timedelta(days=100), status=FlagStatus.CLOSED)
    make_decision("decided long ago", "concern", "domestic_abuse", now - timedelta(days=91))
    make_decision("decided recently about an old flag", "watch", "bullying", now - timedelta(days=10), old_flag)
    make_decision("decided today", "none", None, now)

    result = services.purge_expired(now, 90)
    db.session.commit()

    assert (result.flags, result.decisions, result.open_past_retention) == (1, 1, 0)
    remaining = {d.text: d.flag_id for d in db.session.scalars(select(SafeguardingDecision))}
    assert remaining == {"decided recently about an old flag": None, "decided today": None}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "safeguarding_purged"))
    assert event.detail["decisions_deleted"] == 1


def test_list_reviewed_cases_returns_them_oldest_first_with_none_for_no_area(clean_db: None) -> None:
    now = utcnow()
    make_decision("second", "none", None, now - timedelta(days=2))
    make_decision("third", "watch", None, now - timedelta(days=1))
    make_decision("first", "urgent", "self_harm", now - timedelta(days=3))
    make_decision("fourth", "concern", "bullying", now - timedelta(days=1))

    assert services.list_reviewed_cases() == [
        ReviewedCase("first", "urgent", "self_harm"),
        ReviewedCase("second", "none", "none"),
        ReviewedCase("third", "watch", "none"),
        ReviewedCase("fourth", "concern", "bullying"),
    ]
