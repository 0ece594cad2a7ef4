"""Coding at pace: "All answers" with the question beside each, search and filters, and saving a coding returns to
the list the officer came from, at the answer they coded."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AnswerCoding, AnswerTheme, Role
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.integration.analysis.test_analysis_pages import COMMENTS, _respond
from tests.pages import get, post

QUESTION = "Any other comments on the draft strategy?"


def _setup(client: FlaskClient) -> int:
    consultation = make_consultation()
    survey = add_survey(consultation)
    for comment in [*COMMENTS, "Nothing more to say"]:
        _respond(survey, comment)
    sign_in(client, make_user(Role.OFFICER))
    return consultation.id


def _texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.select_one(".sv-answer__text").get_text(strip=True) for item in page.soup.select(".sv-answer")]


def test_all_answers_are_listed_with_their_question(client: FlaskClient) -> None:
    consultation_id = _setup(client)
    page = get(client, f"/officers/analysis/{consultation_id}/answers")
    assert page.h1 == "All answers"
    assert len(_texts(page)) == 6
    assert "6 answers" in page.soup.select_one("#answer-count").get_text()
    questions = {item.select_one(".govuk-caption-m").get_text(strip=True) for item in page.soup.select(".sv-answer")}
    assert questions == {QUESTION}
    assert "07700 900123" not in page.text


def test_search_and_filters_narrow_the_list(client: FlaskClient) -> None:
    consultation_id = _setup(client)
    url = f"/officers/analysis/{consultation_id}/answers"
    assert _texts(get(client, f"{url}?q=UNDERPASS")) == [COMMENTS[2]]
    assert _texts(get(client, f"{url}?q=100%25")) == []
    assert _texts(get(client, f"{url}?theme=drugs")) == [COMMENTS[0]]
    unthemed = get(client, f"{url}?theme=none")
    assert unthemed.h1 == "Answers with no theme" and _texts(unthemed) == ["Nothing more to say"]
    sentiments = set(db.session.scalars(select(AnswerCoding.sentiment)))
    for sentiment in sentiments:
        expected = db.session.scalar(select(db.func.count()).where(AnswerCoding.sentiment == sentiment))
        assert len(_texts(get(client, f"{url}?sentiment={sentiment}"))) == expected
    assert len(_texts(get(client, f"{url}?question=comments&sentiment=not-a-sentiment"))) == 6
    assert _texts(get(client, f"{url}?question=another_question")) == []


def test_saving_from_the_list_returns_to_the_same_list_at_that_answer(client: FlaskClient) -> None:
    consultation_id = _setup(client)
    listing = f"/officers/analysis/{consultation_id}/answers?q=police&page=1"
    answer_id = db.session.scalar(select(AnswerCoding.answer_id).order_by(AnswerCoding.answer_id.desc()))
    saved = post(
        client,
        f"/officers/analysis/{consultation_id}/answers/{answer_id}",
        {"themes": ["policing_visibility"], "sentiment": "neutral", "next": listing},
        form_url=listing,
    )
    assert saved.status == 302
    assert saved.response.location == f"{listing}#answer-{answer_id}"
    assert db.session.get(AnswerCoding, answer_id).officer_coded
    assert set(db.session.scalars(select(AnswerTheme.theme_key).where(AnswerTheme.answer_id == answer_id))) == {
        "policing_visibility"
    }


def test_a_next_address_outside_the_list_is_ignored(client: FlaskClient) -> None:
    consultation_id = _setup(client)
    answer_id = db.session.scalar(select(AnswerCoding.answer_id))
    for elsewhere in ("https://evil.example/", "//evil.example/x", f"/officers/analysis/{consultation_id}/codebook"):
        saved = post(
            client,
            f"/officers/analysis/{consultation_id}/answers/{answer_id}",
            {"themes": [], "sentiment": "neutral", "next": elsewhere},
        )
        assert saved.response.location == f"/officers/analysis/{consultation_id}/answers#answer-{answer_id}"


def test_a_coding_page_reached_from_the_list_links_back_to_it(client: FlaskClient) -> None:
    consultation_id = _setup(client)
    listing = f"/officers/analysis/{consultation_id}/answers?theme=drugs"
    page = get(client, listing)
    link = page.soup.select_one(".sv-answer a[href*='next=']")["href"]
    coding_page = get(client, link)
    assert coding_page.soup.select_one("input[name=next]")["value"] == listing
    assert coding_page.soup.select_one(".govuk-back-link")["href"] == listing
