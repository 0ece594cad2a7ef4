"""The reviewer's page asks for their judgement of level and area, and each review stores it as a decision."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.analysis.engine.safeguarding import CATEGORY_LABELS
from app.extensions import db
from app.models import AuditEvent, FlagStatus, Role, SafeguardingDecision, SafeguardingFlag, User
from tests.factories import make_user, sign_in
from tests.integration.safeguarding.helpers import make_flag
from tests.pages import Page, get, post

CONCERN = "my dad hits me when he is drunk"


def _reviewer(client: FlaskClient) -> User:
    reviewer = make_user(Role.REVIEWER)
    sign_in(client, reviewer)
    return reviewer


def _review(client: FlaskClient, flag: SafeguardingFlag, **answers: str) -> Page:
    return post(client, f"/safeguarding/flags/{flag.id}", {"action_taken": "Phoned the DSL at 10:15", **answers})


def _decisions() -> list[SafeguardingDecision]:
    return list(db.session.scalars(select(SafeguardingDecision).order_by(SafeguardingDecision.id)))


def test_review_page_asks_level_and_area_starting_from_what_the_screen_said(client: FlaskClient) -> None:
    _reviewer(client)
    flag = make_flag(CONCERN, "concern", "domestic_abuse")
    page = get(client, f"/safeguarding/flags/{flag.id}")
    assert page.status == 200
    assert "In your judgement, what level is this answer?" in page.text and "Which area?" in page.text
    levels = {radio["value"]: radio.has_attr("checked") for radio in page.soup.select("input[name=reviewed_level]")}
    assert levels == {"urgent": False, "concern": True, "watch": False, "none": False}
    assert page.soup.select_one("label[for=reviewed_level-4]").get_text(strip=True) == "Not a concern"
    options = page.soup.select("select#reviewed_category option")
    assert [option.get_text(strip=True) for option in options] == [*CATEGORY_LABELS.values(), "None"]
    assert [option["value"] for option in options if option.has_attr("selected")] == ["domestic_abuse"]


def test_flag_raised_before_the_learned_screen_reads_as_a_rules_flag(client: FlaskClient) -> None:
    _reviewer(client)
    flag = make_flag(CONCERN, "concern", "domestic_abuse")
    db.session.refresh(flag)
    assert flag.screened_by == "rules"
    page = get(client, f"/safeguarding/flags/{flag.id}")
    [row] = [
        row
        for row in page.soup.select(".govuk-summary-list__row")
        if row.select_one(".govuk-summary-list__key").get_text(strip=True) == "Why it was flagged"
    ]
    reason = row.select_one(".govuk-summary-list__value").get_text(strip=True)
    assert reason == "Words that triggered the flag: hits me."


def test_closing_with_a_corrected_level_and_area_stores_the_reviewers_decision(client: FlaskClient) -> None:
    reviewer = _reviewer(client)
    flag = make_flag(CONCERN, "concern", "domestic_abuse")
    done = _review(client, flag, decision="close", reviewed_level="urgent", reviewed_category="abuse_neglect")
    assert done.status == 302
    [decision] = _decisions()
    assert (decision.flag_id, decision.text) == (flag.id, CONCERN)
    assert (decision.screened_level, decision.screened_category) == ("concern", "domestic_abuse")
    assert (decision.reviewed_level, decision.reviewed_category) == ("urgent", "abuse_neglect")
    assert decision.decided_at_utc is not None
    db.session.refresh(flag)
    assert flag.status == FlagStatus.CLOSED
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "safeguarding_flag_closed", AuditEvent.actor_id == reviewer.id)
    )
    assert event.detail["reviewed_level"] == "urgent" and event.detail["reviewed_category"] == "abuse_neglect"
    assert CONCERN not in str(event.detail)


def test_clearing_without_changing_the_level_stores_not_a_concern(client: FlaskClient) -> None:
    _reviewer(client)
    flag = make_flag(CONCERN, "concern", "domestic_abuse")
    done = _review(client, flag, decision="clear", reviewed_level="concern", reviewed_category="domestic_abuse")
    assert done.status == 302
    [decision] = _decisions()
    assert (decision.reviewed_level, decision.reviewed_category) == ("none", None)
    db.session.refresh(flag)
    assert flag.status == FlagStatus.CLEARED


def test_clearing_with_a_level_the_reviewer_chose_keeps_their_level(client: FlaskClient) -> None:
    _reviewer(client)
    flag = make_flag(CONCERN, "concern", "domestic_abuse")
    assert _review(client, flag, decision="clear", reviewed_level="watch", reviewed_category="bullying").status == 302
    [decision] = _decisions()
    assert (decision.reviewed_level, decision.reviewed_category) == ("watch", "bullying")


def test_closing_with_not_a_concern_stores_no_area(client: FlaskClient) -> None:
    _reviewer(client)
    flag = make_flag(CONCERN, "concern", "domestic_abuse")
    assert (
        _review(client, flag, decision="close", reviewed_level="none", reviewed_category="domestic_abuse").status == 302
    )
    [decision] = _decisions()
    assert (decision.reviewed_level, decision.reviewed_category) == ("none", None)


def test_an_invalid_level_is_refused_with_an_error_and_changes_nothing(client: FlaskClient) -> None:
    _reviewer(client)
    flag = make_flag(CONCERN, "concern", "domestic_abuse")
    page = _review(client, flag, decision="close", reviewed_level="severe", reviewed_category="domestic_abuse")
    assert page.status == 400
    assert page.error_summary() == ["Choose the level you judge this answer to be"]
    assert page.soup.select_one(".govuk-error-summary a")["href"] == "#reviewed_level"
    assert "Choose the level you judge this answer to be" in page.soup.select_one("#reviewed_level-error").get_text()
    assert _decisions() == []
    db.session.refresh(flag)
    assert flag.status == FlagStatus.OPEN and flag.action_taken is None


def test_an_invalid_area_is_refused_with_an_error_and_changes_nothing(client: FlaskClient) -> None:
    _reviewer(client)
    flag = make_flag(CONCERN, "concern", "domestic_abuse")
    page = _review(client, flag, decision="close", reviewed_level="concern", reviewed_category="gossip")
    assert page.status == 400
    assert page.error_summary() == ["Choose the area this answer is about, or None"]
    assert page.soup.select_one("#reviewed_category")["class"] == ["govuk-select", "govuk-select--error"]
    assert _decisions() == []
    db.session.refresh(flag)
    assert flag.status == FlagStatus.OPEN


def test_a_review_posted_without_the_new_questions_keeps_what_the_screen_said(client: FlaskClient) -> None:
    _reviewer(client)
    flag = make_flag(CONCERN, "concern", "domestic_abuse")
    assert _review(client, flag, decision="close").status == 302
    [decision] = _decisions()
    assert (decision.reviewed_level, decision.reviewed_category) == ("concern", "domestic_abuse")
