"""Closed-answer tallies: figures are the same whether responses are counted live, folded into the tallies, or a mix
of both; a response is never counted twice; a dashboard view folds newly sent responses once enough are waiting."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import AnswerTally, Consultation, Response, ResponseStatus, Role, Survey, TalliedResponse
from app.reports import aggregates, tallies
from app.reports.dashboard import QuestionResult, catch_up_tallies, question_results
from app.surveys.definitions_service import create_survey
from app.surveys.engine import load_definition
from app.surveys.invites import create_invite, find_or_create_organisation
from tests.factories import FIXTURES, make_consultation, make_user, sign_in
from tests.integration.reports.helpers import consultation_with_responses, earlier_consultation, respond
from tests.pages import get, post


def _figures(consultation: Consultation) -> list[QuestionResult]:
    db.session.expire_all()
    return question_results(db.session.get(Consultation, consultation.id))


def _marked(consultation: Consultation) -> int:
    return (
        db.session.scalar(
            select(func.count(TalliedResponse.response_id)).where(TalliedResponse.consultation_id == consultation.id)
        )
        or 0
    )


def _sent(consultation: Consultation) -> int:
    return (
        db.session.scalar(
            select(func.count(Response.id)).where(
                Response.consultation_id == consultation.id, Response.status == ResponseStatus.SUBMITTED
            )
        )
        or 0
    )


def test_figures_are_the_same_counted_live_folded_or_mixed(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    consultation, survey = consultation_with_responses()
    live = _figures(consultation)
    assert [r.base for r in live if r.key == "safe_day"] == [30]

    assert tallies.catch_up([consultation.id], at_least=1) == 30
    assert _marked(consultation) == 30
    assert _figures(consultation) == live

    respond(survey, safe="unsafe", worries=("knives",))
    respond(survey, safe="unsafe", worries=("knives", "drugs"))
    mixed = _figures(consultation)
    safe_day = next(r for r in mixed if r.key == "safe_day")
    assert (safe_day.base, {o.key: o.count for o in safe_day.options}) == (32, {"safe": 20, "unsafe": 12})
    worries = next(r for r in mixed if r.key == "worries")
    assert worries.base == 32 and {o.key: o.count for o in worries.options}["knives"] == 17

    monkeypatch.setattr(tallies, "COMPACT_AT", 1)
    assert tallies.catch_up([consultation.id], at_least=1) == 2
    assert _figures(consultation) == mixed
    cells = db.session.scalar(select(func.count(AnswerTally.id)).where(AnswerTally.consultation_id == consultation.id))
    distinct_cells = db.session.scalar(
        select(func.count()).select_from(
            select(AnswerTally.question_id, AnswerTally.item, AnswerTally.value, AnswerTally.position)
            .where(AnswerTally.consultation_id == consultation.id)
            .distinct()
            .subquery()
        )
    )
    assert cells == distinct_cells


def test_a_fold_never_counts_a_response_twice(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    assert tallies.catch_up([consultation.id], at_least=1) == 30
    before = _figures(consultation)
    assert tallies.catch_up([consultation.id], at_least=1) == 0
    assert tallies.fold(consultation.id) == 0
    db.session.commit()
    assert _figures(consultation) == before
    assert tallies.rebuild(consultation.id) == 30
    db.session.commit()
    assert _figures(consultation) == before and _marked(consultation) == 30


def test_dashboard_view_folds_this_and_last_years_responses_once_enough_wait(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    consultation, survey = consultation_with_responses()
    earlier = earlier_consultation(consultation)
    sign_in(client, make_user(Role.OFFICER))
    monkeypatch.setattr(tallies, "FOLD_AT", 41)
    get(client, f"/officers/reports/{consultation.id}")
    assert (_marked(consultation), _marked(earlier)) == (0, 0)

    monkeypatch.setattr(tallies, "FOLD_AT", 4)
    respond(survey, safe="unsafe")
    page = get(client, f"/officers/reports/{consultation.id}?view=questions")
    db.session.expire_all()
    assert (_marked(consultation), _marked(earlier)) == (_sent(consultation), _sent(earlier)) == (31, 40)
    cell = page.soup.select_one("#chart-annual-safe_day tr[data-key='unsafe'] [data-count]")
    assert cell.get_text(strip=True) == "11"


def test_the_tally_command_catches_up_and_rebuilds(app: Flask, client: FlaskClient) -> None:
    consultation, _survey = consultation_with_responses()
    live = _figures(consultation)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["tally-responses"])
    assert result.exit_code == 0, result.output
    assert "Added 30 sent response(s)" in result.output
    assert _marked(consultation) == 30 and _figures(consultation) == live

    db.session.execute(AnswerTally.__table__.update().values(count=999))
    db.session.commit()
    assert _figures(consultation) != live
    result = runner.invoke(args=["tally-responses", "--rebuild", "--consultation", str(consultation.id)])
    assert result.exit_code == 0, result.output
    assert "from 30 sent response(s)" in result.output
    assert _figures(consultation) == live

    assert runner.invoke(args=["tally-responses", "--consultation", "999999"]).exit_code != 0


PARTNERS = "/consultations/safety-2026/annual"


def _invited_organisation_sends(browser: FlaskClient, survey: Survey, name: str, safe: str, worries: list[str]) -> None:
    organisation = find_or_create_organisation(name, "police")
    _invite, token = create_invite(
        survey, organisation, f"lead@{name.lower()}.example.org", survey.consultation.close_at_utc
    )
    db.session.commit()
    assert get(browser, f"/invites/{token}").status == 302
    _change_page(browser, safe, worries)
    assert post(browser, f"{PARTNERS}/submit", {}, form_url=f"{PARTNERS}/check-answers").status == 302


def _change_page(browser: FlaskClient, safe: str, worries: list[str]) -> None:
    page = post(
        browser,
        f"{PARTNERS}/questions/feeling-safe",
        {
            "safe_day": safe,
            "feel_safe-day": safe,
            "worries": worries,
            "top-1": "drugs",
            "ward": "olney",
            "action": "continue",
        },
    )
    assert page.status == 302, page.text


def _counts(consultation: Consultation, key: str) -> dict[str, int]:
    """Raw counts (the dashboard hides groups under 10; these tests are about counting each answer once)."""
    db.session.expire_all()
    cells = next(
        counts.cells for (_survey, qkey), counts in aggregates.closed_counts(consultation.id).items() if qkey == key
    )
    return {value: count for (_item, value), count in cells.items() if count}


def _equal_to_a_live_count(consultation: Consultation) -> None:
    """The figures from the tallies as they stand equal the figures counted again from the answers."""
    folded = _figures(consultation)
    tallies.rebuild(consultation.id)
    db.session.flush()
    assert _figures(consultation) == folded
    db.session.rollback()


def test_figures_follow_an_invited_organisation_editing_its_sent_response(
    client: FlaskClient, web_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dashboard, JSON and reports all read ``question_results``; a CSV reads the answers themselves."""
    consultation = make_consultation()
    text = (FIXTURES / "reports_survey.yaml").read_text().replace("audience: public", "audience: stakeholder")
    survey = create_survey(consultation, load_definition(text, "yaml"))
    db.session.commit()
    police, council = web_app.test_client(), web_app.test_client()
    _invited_organisation_sends(police, survey, "Police", "safe", ["drugs", "knives"])
    _invited_organisation_sends(council, survey, "Council", "safe", ["drugs"])
    assert tallies.catch_up([consultation.id], at_least=1) == 2

    _change_page(police, "unsafe", ["knives"])
    assert _counts(consultation, "safe_day") == {"safe": 1, "unsafe": 1}
    assert _counts(consultation, "worries") == {"drugs": 1, "knives": 1}
    assert next(r for r in _figures(consultation) if r.key == "worries").base == 2
    _equal_to_a_live_count(consultation)
    assert _sent(consultation) == 2 and _marked(consultation) == 1

    assert tallies.catch_up([consultation.id], at_least=1) == 1
    _change_page(police, "unsafe", [])
    _change_page(council, "unsafe", ["knives"])
    _equal_to_a_live_count(consultation)
    assert _counts(consultation, "worries") == {"knives": 1}

    monkeypatch.setattr(tallies, "FOLD_AT", 1)
    catch_up_tallies(consultation)
    assert _marked(consultation) == 2
    assert _counts(consultation, "safe_day") == {"unsafe": 2}
    _equal_to_a_live_count(consultation)
