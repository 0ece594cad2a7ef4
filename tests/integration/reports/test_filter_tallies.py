"""Filter tallies (issue 16): a filtered dashboard's figures summed from the tallies per group and per day equal the
same figures counted live from the answers of the responses the filter picks: before a fold, after it, with
responses sent since, after compaction, and after a response is taken out again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select, update

from app.common.filters import LONDON
from app.extensions import db
from app.models import Consultation, FilterTally, Response, ResponseChannel, TalliedResponse
from app.models.types import utcnow
from app.reports import aggregates, crosstab, filter_tallies, filters, pupil_results, tallies
from app.reports.dashboard import QuestionResult, question_results, sentiment_counts
from app.reports.filters import Filter
from tests.integration.reports.helpers import consultation_with_responses, respond

TODAY = utcnow().astimezone(LONDON).date()
FILTERS = (
    Filter(ward="olney"),
    Filter(ward="bletchley_east", channel="paper"),
    Filter(channel="email"),
    Filter(age_band="35_44"),
    Filter(date_from=TODAY - timedelta(days=1)),
    Filter(date_to=TODAY - timedelta(days=2)),
    Filter(ward="olney", age_band="35_44", channel="online"),
)


def _both(consultation: Consultation, chosen: Filter) -> tuple[list[QuestionResult], list[QuestionResult]]:
    """(from the filter tallies, counted live) for one filter."""
    db.session.expire_all()
    consultation = db.session.get(Consultation, consultation.id)
    picked = filters.picked(consultation, chosen)
    assert picked is not None
    summed = question_results(consultation, with_previous=False, picked=picked)
    live = question_results(consultation, with_previous=False, within=filters.response_ids(consultation, chosen))
    return summed, live


def _all_equal(consultation: Consultation) -> None:
    for chosen in FILTERS:
        summed, live = _both(consultation, chosen)
        assert summed == live, chosen


def _bases(results: list[QuestionResult]) -> dict[str, int]:
    return {result.key: result.base for result in results}


def _some_sent_earlier(consultation: Consultation) -> None:
    """Every third response was received three days ago (as a paper form keyed later would be)."""
    ids = list(
        db.session.scalars(select(Response.id).where(Response.consultation_id == consultation.id).order_by(Response.id))
    )
    db.session.execute(
        update(Response).where(Response.id.in_(ids[::3])).values(submitted_at_utc=utcnow() - timedelta(days=3))
    )
    db.session.commit()


def test_filtered_figures_from_the_tallies_equal_a_live_count(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    consultation, survey = consultation_with_responses()
    for band in ("35_44", "35_44", "65_plus"):
        respond(survey, ward="olney", age_band=band, worries=("drugs", "knives"))
    _some_sent_earlier(consultation)
    _all_equal(consultation)

    assert tallies.catch_up([consultation.id], at_least=1) == 33
    assert db.session.scalar(select(func.count(FilterTally.id))) > 0
    summed, live = _both(consultation, Filter(ward="olney"))
    assert summed == live and _bases(summed)["safe_day"] == 13
    _all_equal(consultation)
    earlier, _ = _both(consultation, Filter(date_to=TODAY - timedelta(days=2)))
    assert _bases(earlier)["safe_day"] == 11

    respond(survey, ward="olney", age_band="35_44", channel=ResponseChannel.EMAIL)
    respond(survey, ward="bletchley_east", channel=ResponseChannel.PAPER)
    _all_equal(consultation)
    summed, _ = _both(consultation, Filter(ward="olney", age_band="35_44", channel="email"))
    assert _bases(summed)["safe_day"] == 1

    monkeypatch.setattr(filter_tallies, "COMPACT_AT", 1)
    assert tallies.catch_up([consultation.id], at_least=1) == 2
    _all_equal(consultation)
    rows = db.session.execute(
        select(
            FilterTally.question_id,
            FilterTally.item,
            FilterTally.value,
            FilterTally.position,
            FilterTally.ward,
            FilterTally.age_band,
            FilterTally.channel,
            FilterTally.day,
        )
    ).all()
    assert len(rows) == len(set(rows))


def test_a_response_taken_out_of_the_tallies_leaves_them_equal_to_a_live_count(client: FlaskClient) -> None:
    consultation, survey = consultation_with_responses()
    kept = respond(survey, ward="olney", age_band="35_44")
    assert tallies.catch_up([consultation.id], at_least=1) == 31
    olney = [
        rid
        for rid in db.session.scalars(
            select(TalliedResponse.response_id)
            .where(TalliedResponse.ward == "olney")
            .order_by(TalliedResponse.response_id)
        )
        if rid != kept
    ]
    assert len(olney) == 10

    assert tallies.unfold(consultation.id, kept)
    db.session.commit()
    _all_equal(consultation)

    assert tallies.forget(consultation.id, olney[:4]) == 4
    db.session.execute(delete(Response).where(Response.id.in_(olney[:4])))
    db.session.commit()
    _all_equal(consultation)
    summed, _ = _both(consultation, Filter(ward="olney"))
    assert _bases(summed)["safe_day"] == 7


def test_a_filter_by_dates_and_a_group_is_counted_live(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    chosen = Filter(ward="olney", date_from=TODAY)
    assert filters.picked(consultation, chosen) is None
    assert filter_tallies.readable("olney", "", "", None, None)


def test_a_ward_or_age_band_read_from_the_marks_picks_the_same_responses(client: FlaskClient) -> None:
    consultation, survey = consultation_with_responses()
    assert tallies.catch_up([consultation.id], at_least=1) == 30
    for band in ("35_44", "65_plus"):
        respond(survey, ward="olney", age_band=band, comment="Needles in the park by the school")
    scope = pupil_results.scope_of(consultation, utcnow())
    for chosen in (Filter(ward="olney"), Filter(age_band="35_44"), Filter(ward="olney", age_band="65_plus")):
        picked = filters.picked(consultation, chosen)
        assert picked is not None and len(picked.pending) == 1 + (chosen.ward == "olney" and not chosen.age_band)
        marked, answered = filters.condition(consultation, chosen, picked), filters.condition(consultation, chosen)
        assert aggregates.sent_breakdown(consultation.id, marked) == aggregates.sent_breakdown(
            consultation.id, answered
        )
        assert sentiment_counts(consultation, scope, marked) == sentiment_counts(consultation, scope, answered)
    olney = aggregates.sent_breakdown(
        consultation.id,
        filters.condition(consultation, Filter(ward="olney"), filters.picked(consultation, Filter(ward="olney"))),
    )
    assert sum(olney.by_channel.values()) == 12


def test_a_crosstab_from_the_tallies_equals_one_counted_live(client: FlaskClient) -> None:
    consultation, survey = consultation_with_responses()
    for band in ("35_44", "35_44", "65_plus"):
        respond(survey, ward="olney", age_band=band, worries=("knives",))
    assert tallies.catch_up([consultation.id], at_least=1) == 33
    respond(survey, ward="olney", age_band="35_44", worries=("drugs", "knives"))
    for chosen in (Filter(), Filter(channel="online"), Filter(ward="olney"), Filter(date_from=TODAY)):
        for key, item, several in (("worries", None, True), ("safe_day", None, False), ("feel_safe", "dark", False)):
            for by in ("ward", "age_band", "audience"):
                summed = crosstab._counts(consultation, chosen, survey, key, item, by, several)
                live = crosstab._live_counts(
                    consultation, filters.condition(consultation, chosen), survey, key, item, by
                )
                assert ({g: dict(v) for g, v in summed[0].items() if v}, dict(summed[1])) == (
                    {g: dict(v) for g, v in live[0].items() if v},
                    dict(live[1]),
                ), (chosen, key, by)
    cells, bases = crosstab._counts(consultation, Filter(), survey, "worries", None, "age_band", True)
    assert (cells["35_44"], bases["35_44"]) == ({"knives": 3, "drugs": 1}, 3)
