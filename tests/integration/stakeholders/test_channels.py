"""Officers key in a paper or email response on one page, blanks allowed, and import CSV files all or nothing."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.common.filters import LONDON
from app.extensions import db
from app.models import (
    Answer,
    AnswerCoding,
    AnswerTheme,
    AuditEvent,
    ImportBatch,
    Response,
    ResponseChannel,
    ResponseStatus,
    Role,
    Survey,
    SurveyQuestion,
)
from app.models.types import utcnow
from app.surveys.definitions_service import create_survey
from app.surveys.engine import load_definition
from tests.factories import ROOT_DIR, add_survey, make_consultation, make_user, sign_in
from tests.pages import Page, get, post

START = "/officers/responses/new"


@pytest.fixture()
def officer(client: FlaskClient):  # type: ignore[no-untyped-def]
    user = make_user(Role.OFFICER)
    sign_in(client, user)
    return user


def _stored(response_id: int) -> list[tuple[str, str | None, str, int | None]]:
    return sorted(
        db.session.execute(
            select(SurveyQuestion.key, Answer.item, Answer.value, Answer.position)
            .join(SurveyQuestion, Answer.question_id == SurveyQuestion.id)
            .where(Answer.response_id == response_id)
        )
        .tuples()
        .all(),
        key=str,
    )


def _start(client: FlaskClient, survey: Survey, channel: str = "paper") -> str:
    page = post(client, START, {"survey": survey.id, "channel": channel})
    assert page.status == 302
    return page.response.location


def test_officer_keys_a_whole_paper_form_on_one_page(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    survey = add_survey(make_consultation())
    form_url = _start(client, survey)
    form = get(client, form_url)
    assert form.h1 == "Key in a paper response"
    assert [h.get_text(strip=True) for h in form.soup.select("form h2")] == [
        "Feeling safe",
        "Priorities",
        "Anything else",
    ]
    assert {"safe_day", "why_unsafe", "top-1", "ward", "comments", "date_received"} <= {
        field["name"] for field in form.soup.select("form [name]")
    }
    assert "Only if the answer to 'How safe do you feel in your area during the day?' is 'Unsafe'" in form.text
    done = post(
        client,
        form_url,
        {
            "safe_day": "unsafe",
            "why_unsafe": '=HYPERLINK("x")',
            "top-1": "drugs",
            "ward": "",
            "comments": "",
            "date_received": "",
        },
        follow_redirects=True,
    )
    assert "Response recorded" in done.text and "Not answered" in done.text and "Drugs" in done.text

    response = db.session.scalar(select(Response))
    assert (response.channel, response.status, response.entered_by_id) == (
        ResponseChannel.PAPER,
        ResponseStatus.SUBMITTED,
        officer.id,
    )
    assert response.reference in done.text
    assert _stored(response.id) == sorted(
        [("safe_day", None, "unsafe", None), ("why_unsafe", None, '=HYPERLINK("x")', None), ("top", None, "drugs", 1)],
        key=str,
    )
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [event.action for event in events][-2:] == ["keyed_response_started", "keyed_response_submitted"]
    assert events[-1].detail["unanswered"] == 2


def test_a_form_with_every_question_blank_is_recorded_as_not_answered(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    survey = add_survey(make_consultation())
    form_url = _start(client, survey)
    done = post(client, form_url, {})
    assert done.status == 302
    response = db.session.scalar(select(Response))
    assert response.status == ResponseStatus.SUBMITTED and _stored(response.id) == []


def test_keyed_answers_are_stored_exactly_as_the_same_answers_sent_online(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    survey = add_survey(make_consultation())
    base, resident = "/consultations/safety-2026/residents", client.application.test_client()
    pages = {
        "feeling-safe": {"safe_day": "unsafe", "why_unsafe": "  Dark\r\nunderpass "},
        "priorities": {"top-1": "burglary", "top-2": "drugs", "ward": "bletchley_east"},
        "comments": {"comments": "More patrols"},
    }
    for page_id, answers in pages.items():
        assert post(resident, f"{base}/questions/{page_id}", {**answers, "action": "continue"}).status == 302
    assert post(resident, f"{base}/submit", {}, form_url=f"{base}/check-answers").status == 302
    online = db.session.scalar(select(Response).where(Response.status == ResponseStatus.SUBMITTED))

    form_url = _start(client, survey)
    assert (
        post(client, form_url, {key: value for answers in pages.values() for key, value in answers.items()}).status
        == 302
    )
    keyed = db.session.scalar(select(Response).where(Response.channel == ResponseChannel.PAPER))
    assert keyed.status == ResponseStatus.SUBMITTED
    assert _stored(keyed.id) == _stored(online.id) != []


def test_form_errors_speak_about_the_form_and_store_nothing(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    survey = add_survey(make_consultation())
    form_url = _start(client, survey)
    page = post(
        client,
        form_url,
        {
            "safe_day": "safe",
            "top-1": "",
            "top-2": "drugs",
            "ward": "Nowhere",
            "comments": "Typed",
            "date_received": "31/02/2020",
        },
    )
    assert page.status == 400
    assert page.error_summary() == [
        "Enter the date received like 2024-11-30 or 30/11/2024, not '31/02/2020'",
        "The form's answer to 'Which three priorities matter most to you?' must be keyed in order, starting with "
        "the 1st choice",
        "The form's answer to 'Which ward do you live in?' must be one of the options listed",
    ]
    assert page.soup.select_one(".govuk-error-summary a")["href"] == "#date_received"
    assert page.soup.select_one("#comments").get_text().strip() == "Typed"
    assert page.soup.select_one("input[name='safe_day'][value='safe'][checked]") is not None
    assert page.soup.select_one("input[name='safe_day'][value=''][checked]") is None
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    assert db.session.scalar(select(Response.status)) == ResponseStatus.IN_PROGRESS


def test_an_answer_that_does_not_apply_is_reported_not_dropped(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    survey = add_survey(make_consultation())
    form_url = _start(client, survey)
    page = post(client, form_url, {"safe_day": "safe", "why_unsafe": "Written anyway"})
    assert page.status == 400 and page.error_summary() == [
        "The form's answer to 'What makes you feel unsafe?' does not apply because of an earlier answer on the form. "
        "Clear it, or check the earlier answer"
    ]
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_the_response_is_dated_on_the_day_it_was_received(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    consultation = make_consultation()
    consultation.open_at_utc = utcnow() - timedelta(days=10)
    db.session.commit()
    survey = add_survey(consultation)
    received = (utcnow() - timedelta(days=3)).astimezone(LONDON).date()
    form_url = _start(client, survey)
    future = post(client, form_url, {"date_received": (received + timedelta(days=5)).strftime("%d/%m/%Y")})
    assert future.status == 400 and "is in the future" in future.error_summary()[0]
    done = post(
        client, form_url, {"safe_day": "safe", "date_received": received.strftime("%d/%m/%Y")}, follow_redirects=True
    )
    response = db.session.scalar(select(Response))
    assert response.submitted_at_utc.astimezone(LONDON).date() == received
    assert f"received on {received.day} {received:%B %Y}" in done.text


def test_sending_the_same_form_twice_stores_it_once(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    survey = add_survey(make_consultation())
    form_url = _start(client, survey)
    token = get(client, form_url).csrf_token()
    for _ in range(2):
        assert client.post(form_url, data={"csrf_token": token, "safe_day": "safe"}).status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(func.count(Answer.id))) == 1
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_keying_after_close_needs_confirmation_and_stops_after_the_grace_period(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    consultation = make_consultation(phase="closed")
    survey = add_survey(consultation)
    refused = post(client, START, {"survey": survey.id, "channel": "email"})
    assert refused.status == 400 and "Confirm the response arrived before it closed" in refused.error_summary()[0]
    page = post(client, START, {"survey": survey.id, "channel": "email", "received_on_time": "y"})
    assert page.status == 302
    assert db.session.scalar(select(Response.channel)) == ResponseChannel.EMAIL

    consultation.close_at_utc = utcnow() - timedelta(days=15)
    db.session.commit()
    page = post(client, page.response.location, {"safe_day": "safe"})
    assert page.status == 403 and "within 14 days after it closes" in page.text
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def _csv(*rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join(rows) + "\r\n").encode()


HEADER = "safe_day,why_unsafe,top,ward,comments"
GOOD_ROWS = ("safe,,Drugs;knife_crime,Bletchley East,=SUM(A1:A2)", 'Unsafe,"Dark underpass,\nno lights",,,')


def _upload(client: FlaskClient, survey: Survey, data: bytes, filename: str = "paper.csv") -> Page:
    url = f"/officers/responses/surveys/{survey.id}/import"
    token = get(client, url).csrf_token()
    response = client.post(
        url, data={"csrf_token": token, "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data"
    )
    db.session.rollback()
    return Page(response, BeautifulSoup(response.get_data(as_text=True), "html.parser"))


def test_csv_with_a_bad_row_stores_nothing_and_reports_it_then_the_fixed_file_imports(
    client: FlaskClient,  # type: ignore[no-untyped-def]
    officer,
) -> None:
    survey = add_survey(make_consultation())
    template = client.get(f"/officers/responses/surveys/{survey.id}/import-template.csv")
    assert template.status_code == 200 and template.mimetype == "text/csv"
    assert template.get_data(as_text=True).lstrip("\ufeff").strip() == "date_received," + HEADER

    bad = _csv(HEADER, *GOOD_ROWS, "sometimes,,,,", ",,,Atlantis,", "safe,I feel unsafe,,,")
    page = _upload(client, survey, bad)
    assert page.status == 400
    problems = [
        [cell.get_text(strip=True) for cell in row.select("td")] for row in page.soup.select("#problems tbody tr")
    ]
    assert problems[0][:2] == ["4", "safe_day"] and "'sometimes' is not one of the options" in problems[0][2]
    assert ["5", "safe_day", "Select an answer"] in problems
    assert any(row[:2] == ["5", "ward"] and "'Atlantis' is not one of the options" in row[2] for row in problems)
    assert any(row[:2] == ["6", "why_unsafe"] and "does not apply" in row[2] for row in problems)
    assert db.session.scalar(select(func.count(Response.id))) == 0
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0

    fixed = _csv(HEADER, *GOOD_ROWS, "safe,,,,")
    page = _upload(client, survey, fixed)
    assert page.status == 302
    shown = get(client, page.response.location)
    assert "3 responses stored" in shown.text
    rows = db.session.scalars(select(Response).order_by(Response.id)).all()
    assert [(r.channel, r.status, r.entered_by_id) for r in rows] == [
        (ResponseChannel.IMPORT, ResponseStatus.SUBMITTED, officer.id)
    ] * 3
    values = db.session.execute(
        select(Answer.value, Answer.position).where(Answer.response_id == rows[0].id).order_by(Answer.id)
    ).all()
    assert [tuple(v) for v in values] == [
        ("safe", None),
        ("drugs", 1),
        ("knife_crime", 2),
        ("bletchley_east", None),
        ("=SUM(A1:A2)", None),
    ]
    assert "Dark underpass,\nno lights" in db.session.scalars(select(Answer.value)).all()

    again = _upload(client, survey, fixed.replace(b"\r\n", b"\n"), filename="copy.csv")
    assert again.status == 400 and "already imported" in again.error_summary()[0]
    assert db.session.scalar(select(func.count(Response.id))) == 3
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "responses_import_rejected" in actions and "responses_imported" in actions


def test_imported_comments_are_analysed_as_they_are_stored(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    consultation = make_consultation()
    survey = add_survey(consultation)
    data = _csv(
        HEADER,
        "unsafe,Dealers outside the shops every night,,,Ring me on 07700 900123",
        "safe,,,,The redway underpass has no lights",
        "safe,,,,",
    )
    assert _upload(client, survey, data).status == 302

    codings = db.session.execute(
        select(Answer.value, AnswerCoding.redacted_text, AnswerCoding.officer_coded)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .order_by(Answer.id)
    ).all()
    assert [tuple(row) for row in codings] == [
        ("Dealers outside the shops every night", "Dealers outside the shops every night", False),
        ("Ring me on 07700 900123", "Ring me on [phone]", False),
        ("The redway underpass has no lights", "The redway underpass has no lights", False),
    ]
    themes = db.session.execute(
        select(Answer.value, AnswerTheme.theme_key, AnswerTheme.source)
        .join(AnswerTheme, AnswerTheme.answer_id == Answer.id)
        .order_by(Answer.id)
    ).all()
    assert ("Dealers outside the shops every night", "drugs", "codebook") in themes
    assert ("The redway underpass has no lights", "environment_lighting", "codebook") in themes
    overview = get(client, f"/officers/analysis/{consultation.id}")
    assert overview.soup.select_one('tr[data-theme="drugs"] td').get_text() == "1"
    assert "0 of 3 answers coded by officers" in overview.soup.select_one("#coding-progress").get_text()


def test_import_refuses_files_it_cannot_read(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    survey = add_survey(make_consultation())
    cases = [
        (b"safe_day\r\nsafe\r\n", "data.xlsx", "The selected file must be a CSV"),
        ("safe_day\nsåfe\n".encode("latin-1"), "data.csv", "The file must be saved as 'CSV UTF-8'"),
        (_csv("safe_day,colour", "safe,blue"), "data.csv", "These columns are not questions in this survey: colour"),
        (_csv(HEADER), "data.csv", "The file has no responses in it, only a header row"),
    ]
    for data, filename, message in cases:
        page = _upload(client, survey, data, filename)
        assert page.status == 400 and page.error_summary()[0].startswith(message), page.error_summary()
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_schools_survey_cannot_be_keyed_in(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    consultation = make_consultation()
    add_survey(consultation)
    definition = load_definition((ROOT_DIR / "app/surveys/definitions/pupil.yaml").read_text(), "yaml")
    survey = create_survey(consultation, definition)
    db.session.commit()
    assert client.get(f"/officers/responses/surveys/{survey.id}/import").status_code == 404
    page = post(client, START, {"survey": survey.id, "channel": "paper"})
    assert page.status == 400
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_a_file_of_many_bad_rows_lists_the_first_twenty_problems_and_counts_the_rest(  # type: ignore[no-untyped-def]
    client: FlaskClient, officer
) -> None:
    survey = add_survey(make_consultation())
    page = _upload(client, survey, _csv(HEADER, *["sometimes,,,,"] * 300))
    assert page.status == 400
    assert "300 of 300 rows have problems" in page.soup.select_one("#problems").get_text(" ", strip=True)
    assert len(page.soup.select("#problems tbody tr")) == 20
    assert page.soup.select_one("#unlisted-problems").get_text(" ", strip=True) == (
        "There are 280 more problems not listed here. Fix these and upload the file again to see them."
    )
    assert page.error_summary() == ["300 rows have problems, so nothing from this file was imported"]
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_keying_an_answer_with_a_nul_character_is_refused(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    survey = add_survey(make_consultation())
    page = post(client, _start(client, survey), {"safe_day": "unsafe", "why_unsafe": "Dark\x00"})
    assert page.status == 400
    assert page.error_summary()[0].startswith(
        "The form's answer to 'What makes you feel unsafe?' contains a hidden character (NUL)"
    )
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_a_file_saved_again_with_other_quoting_and_line_endings_is_still_a_duplicate(  # type: ignore[no-untyped-def]
    client: FlaskClient, officer
) -> None:
    survey = add_survey(make_consultation())
    assert _upload(client, survey, _csv(HEADER, *GOOD_ROWS)).status == 302
    resaved = (
        b'"safe_day","why_unsafe","top","ward","comments"\n'
        b'"safe","","Drugs;knife_crime","Bletchley East","=SUM(A1:A2)"\n\n'
        b'"Unsafe","Dark underpass,\nno lights","","",""\n'
    )
    again = _upload(client, survey, resaved, filename="resaved.csv")
    assert again.status == 400 and "already imported" in again.error_summary()[0]
    changed = _upload(client, survey, _csv(HEADER, *GOOD_ROWS, "safe,,,,"), filename="more.csv")
    assert changed.status == 302
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 2
    assert db.session.scalar(select(func.count(Response.id))) == 5
