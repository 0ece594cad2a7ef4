"""Changes to a live survey are drafted, previewed and published (issue 17 item 8): respondents see the version they
were shown until an officer confirms the change, and the confirmation says what changes for them."""

from __future__ import annotations

import threading

import yaml
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.builder import services
from app.common.database import writing_transactions
from app.extensions import db
from app.models import AuditEvent, Response, ResponseChannel, Role, Survey, SurveyDraft, SurveyVersion, User
from app.models.types import utcnow
from app.surveys import responses
from app.surveys.definitions_service import add_version
from app.surveys.engine import AnswerItem, QuestionType
from tests.factories import make_user
from tests.integration.builder.conftest import base, current, upload
from tests.pages import Page, get, post

NEW_QUESTION = {"label": "Have you reported a crime this year?", "options": "Yes\nNo", "required": "y"}


def _respondent(survey: Survey, *, sent: bool) -> Response:
    draft = responses.load_draft(responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow()))
    draft = responses.save_answers(draft, {"safe_day": (AnswerItem("safe_day", None, "safe"),)}, utcnow())
    response = responses.submit(draft, utcnow()) if sent else draft.response
    db.session.commit()
    return response


def _versions(survey: Survey) -> int:
    return db.session.scalar(select(func.count(SurveyVersion.id)).where(SurveyVersion.survey_id == survey.id)) or 0


def _confirmation(client: FlaskClient, survey: Survey) -> tuple[Page, str]:
    page = get(client, f"{base(survey)}/draft/publish")
    stamp = page.soup.select_one("input[name=stamp]")
    return page, str(stamp["value"]) if stamp else ""


def _add_question(client: FlaskClient, survey: Survey) -> Page:
    return post(client, f"{base(survey)}/questions/new/single_choice?page=priorities", NEW_QUESTION)


def test_a_change_to_a_live_survey_waits_in_a_draft(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    added = _add_question(officer, survey)
    assert added.status == 302
    assert added.response.location.endswith("#question-have_you_reported_a_crime_this")
    builder = get(officer, base(survey))
    assert "Question added in your draft. Respondents still see version 1" in builder.text
    assert "You are editing a draft" in builder.soup.select_one("#draft").text
    assert builder.soup.select_one("#question-have_you_reported_a_crime_this")
    assert not current(survey).has_question("have_you_reported_a_crime_this")
    assert _versions(survey) == 1
    listing = get(officer, f"/officers/surveys/consultations/{survey.consultation_id}")
    assert listing.soup.select_one("tbody tr .govuk-tag").get_text(strip=True) == "Unpublished changes"
    respondent = get(officer, f"/consultations/{survey.consultation.slug}/{survey.slug}/questions/priorities")
    assert respondent.status == 200 and "Have you reported a crime" not in respondent.text
    events = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "survey_question_added")).all()
    assert events == [{"version": 1, "drafted": True, "question_type": "single_choice"}]


def test_publishing_a_survey_nobody_answered_replaces_its_version(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    _add_question(officer, survey)
    page, stamp = _confirmation(officer, survey)
    assert page.h1 == "Publish your changes"
    assert [li.get_text(" ", strip=True) for li in page.soup.select("#added + ul li")] == [
        "“Have you reported a crime this year?” on page “Priorities”"
    ]
    assert "Nobody has answered version 1 yet, so your changes replace it" in page.text
    done = post(officer, f"{base(survey)}/draft/publish", {"stamp": stamp}, follow_redirects=True)
    assert "Changes published. New respondents now answer version 1." in done.text
    assert current(survey).has_question("have_you_reported_a_crime_this") and _versions(survey) == 1
    assert db.session.scalar(select(func.count(SurveyDraft.id))) == 0
    assert "You are editing a draft" not in done.text
    listing = get(officer, f"/officers/surveys/consultations/{survey.consultation_id}")
    assert not listing.soup.select("tbody tr .govuk-tag")


def test_publishing_says_what_happens_to_sent_and_in_progress_responses(
    officer: FlaskClient, live_survey: Survey
) -> None:
    survey = live_survey
    sent = [_respondent(survey, sent=True) for _ in range(3)]
    part_way = _respondent(survey, sent=False)
    assert "3 sent responses and 1 in progress to this version" in get(officer, base(survey)).text
    _add_question(officer, survey)
    options = "Knife crime\nDrugs\nAnti-social behaviour\nBurglary"
    post(
        officer,
        f"{base(survey)}/questions/top/edit",
        {"label": "Which three matter most?", "options": options, "pick": "3"},
    )
    post(officer, f"{base(survey)}/question/ward/remove", {})
    page, stamp = _confirmation(officer, survey)
    assert "Questions added (1)" in page.text and "Questions removed (1)" in page.text
    changed = [li.get_text(" ", strip=True) for li in page.soup.select("#changed + ul li")]
    assert changed == ["“Which three matter most?” on page “Priorities” : wording"]
    assert "Your changes become version 2" in page.text
    assert (
        "The 3 responses already sent keep the questions they answered (version 1), including answers to the "
        "questions you removed."
    ) in page.text
    assert (
        "1 person has started version 1 and not sent it yet. They carry on with the questions they started "
        "with and will not see these changes."
    ) in page.soup.select_one(".govuk-warning-text").text
    assert post(officer, f"{base(survey)}/draft/publish", {"stamp": stamp}).status == 302
    assert _versions(survey) == 2 and current(survey).question("top").label == "Which three matter most?"
    db.session.expire_all()
    assert {db.session.get(Response, r.id).survey_version_id for r in [*sent, part_way]} == {survey.versions[0].id}
    resumed = responses.load_draft(db.session.get(Response, part_way.id))
    assert resumed.definition.has_question("ward") and not resumed.definition.has_question(
        "have_you_reported_a_crime_this"
    )
    versions = get(officer, f"{base(survey)}/versions")
    assert versions.soup.select_one('td[data-version="1"]').get_text(strip=True) == "3"
    assert versions.soup.select_one('td[data-version-in-progress="1"]').get_text(strip=True) == "1"
    assert versions.soup.select_one('td[data-version="2"]').get_text(strip=True) == "0"
    event = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "survey_draft_published")).one()
    assert event == {"version": 2, "new_version": True, "added": 1, "removed": 1, "changed": 1}


def test_a_confirmation_that_is_out_of_date_publishes_nothing(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    _add_question(officer, survey)
    _page, stamp = _confirmation(officer, survey)
    post(officer, f"{base(survey)}/questions/comments/edit", {"label": "Anything else to tell us?"})
    refused = post(officer, f"{base(survey)}/draft/publish", {"stamp": stamp})
    assert refused.status == 400
    assert refused.error_summary() == ["The draft changed after you opened this page. Check the changes again."]
    assert "“Anything else to tell us?”" in refused.text
    assert not current(survey).has_question("have_you_reported_a_crime_this")
    assert db.session.scalar(select(func.count(SurveyDraft.id))) == 1


def test_a_draft_started_before_another_version_went_live_is_refused(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    _add_question(officer, survey)
    add_version(db.session.get(Survey, survey.id), current(survey))
    db.session.commit()
    _page, stamp = _confirmation(officer, survey)
    refused = post(officer, f"{base(survey)}/draft/publish", {"stamp": stamp})
    assert refused.status == 400
    assert "Version 2 went live after this draft was started" in refused.error_summary()[0]
    assert _versions(survey) == 2 and not current(survey).has_question("have_you_reported_a_crime_this")


def test_a_draft_that_changes_nothing_cannot_be_published(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    post(officer, f"{base(survey)}/questions/comments/edit", {"label": "Any other comments on the draft strategy?"})
    page, stamp = _confirmation(officer, survey)
    assert "Your draft is the same as version 1" in page.text
    assert not page.soup.find("button", string=lambda text: text and "Publish changes" in text)
    assert post(officer, f"{base(survey)}/draft/publish", {"stamp": stamp}).status == 200
    assert db.session.scalar(select(func.count(SurveyDraft.id))) == 1


def test_discarding_a_draft_leaves_the_survey_as_respondents_see_it(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    _add_question(officer, survey)
    assert get(officer, f"{base(survey)}/draft/discard").h1 == "Discard your draft changes?"
    done = post(officer, f"{base(survey)}/draft/discard", {}, follow_redirects=True)
    assert "Draft changes discarded. The survey is as respondents see it (version 1)." in done.text
    assert not done.soup.select("#question-have_you_reported_a_crime_this")
    assert db.session.scalar(select(func.count(SurveyDraft.id))) == 0
    assert get(officer, f"{base(survey)}/draft/publish").status == 404
    assert get(officer, f"{base(survey)}/draft/preview").status == 404


def test_the_draft_is_previewed_as_respondents_will_see_it(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    _add_question(officer, survey)
    start = officer.get(f"{base(survey)}/draft/preview")
    assert start.location.endswith(f"{base(survey)}/draft/preview/pages/feeling-safe")
    post(officer, f"{base(survey)}/draft/preview/pages/feeling-safe", {"safe_day": "safe", "action": "continue"})
    page = get(officer, f"{base(survey)}/draft/preview/pages/priorities")
    assert "This is a preview of your draft changes" in page.text
    assert "Have you reported a crime this year?" in page.text
    published = get(officer, f"{base(survey)}/versions/1/preview/pages/priorities")
    assert "This is a preview of version 1" in published.text and "Have you reported a crime" not in published.text
    check = get(officer, f"{base(survey)}/draft/preview/check")
    change = check.soup.select_one("a[href*='/draft/preview/pages/feeling-safe']")
    assert change is not None and "Safe" in check.text
    # Saving a changed answer returns the officer to that answer's row, as it does for respondents.
    changed = post(officer, change["href"].split("#")[0], {"safe_day": "safe", "action": "continue"})
    assert changed.response.location.endswith("/draft/preview/check#answer-safe_day")
    assert check.soup.select_one("#answer-safe_day") is not None
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_a_survey_nobody_can_reach_is_changed_straight_away(officer: FlaskClient, survey: Survey) -> None:
    builder = get(officer, base(survey))
    assert "changes are saved straight away" in builder.text
    _add_question(officer, survey)
    assert current(survey).has_question("have_you_reported_a_crime_this")
    assert db.session.scalar(select(func.count(SurveyDraft.id))) == 0


def test_a_single_choice_question_with_one_option_is_refused(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    page = post(
        officer,
        f"{base(survey)}/questions/new/single_choice?page=priorities",
        {"label": "Do you agree?", "options": "Yes"},
    )
    assert page.status == 400
    message = (
        "A single-choice question needs at least two options for respondents to choose between: enter each "
        "option on its own line"
    )
    assert page.error_summary() == [message]
    assert page.soup.select_one("#options-error") is not None
    edit = post(
        officer,
        f"{base(survey)}/questions/safe_day/edit",
        {"label": "How safe do you feel?", "options": "Safe", "required": "y"},
    )
    assert edit.error_summary() == [message]
    assert db.session.scalar(select(func.count(SurveyDraft.id))) == 0


def test_an_imported_file_with_a_one_option_question_is_refused(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    data = yaml.safe_load(officer.get(f"{base(survey)}/versions/1/export.yaml").get_data(as_text=True))
    data["pages"][0]["questions"][0]["options"] = data["pages"][0]["questions"][0]["options"][:1]
    data["pages"][0]["questions"][1].pop("show_if")
    reply = upload(officer, f"{base(survey)}/import", yaml.safe_dump(data), "one.yaml")
    assert reply.status == 400
    assert reply.error_summary()[0].startswith(
        "pages[0].questions[0] (safe_day): A single-choice question needs at least two options"
    )
    assert db.session.scalar(select(func.count(SurveyDraft.id))) == 0 and _versions(survey) == 1


def test_an_imported_file_becomes_the_draft_of_a_live_survey(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    data = yaml.safe_load(officer.get(f"{base(survey)}/versions/1/export.yaml").get_data(as_text=True))
    data["title"] = "Residents' survey, revised"
    reply = upload(officer, f"{base(survey)}/import", yaml.safe_dump(data), "revised.yaml")
    assert reply.status == 302
    assert "Imported as your draft changes" in get(officer, base(survey)).text
    assert current(survey).title == "Residents' survey" and _versions(survey) == 1
    page, _stamp = _confirmation(officer, survey)
    assert 'The survey is now called "Residents\' survey, revised" (was "Residents\' survey").' in page.text


def test_after_saving_the_officer_returns_to_what_they_changed(officer: FlaskClient, live_survey: Survey) -> None:
    survey = live_survey
    edited = post(officer, f"{base(survey)}/questions/comments/edit", {"label": "Anything else?"})
    assert edited.response.location.endswith("#question-comments")
    removed = post(officer, f"{base(survey)}/question/ward/remove", {})
    assert removed.response.location.endswith("#page-priorities")
    page_removed = post(officer, f"{base(survey)}/page/comments/remove", {})
    assert page_removed.response.location.endswith("#page-priorities")
    first_removed = post(officer, f"{base(survey)}/page/feeling-safe/remove", {})
    assert first_removed.response.location.endswith("#survey-structure")


def test_two_officers_changing_a_live_survey_at_once_keep_both_changes(app: Flask, live_survey: Survey) -> None:
    """Each change reads the draft, changes it and saves it whole: without the survey's row lock the second save
    would overwrite the first on PostgreSQL. Each thread begins its transactions as a POST request does."""
    officers = [make_user(Role.OFFICER, f"officer{n}@example.org").id for n in (1, 2)]
    survey_id = live_survey.id
    ready = threading.Barrier(2)
    failures: list[BaseException] = []

    def add(officer_id: int, label: str) -> None:
        with app.app_context(), writing_transactions():
            try:
                ready.wait(10)
                survey, actor = db.session.get(Survey, survey_id), db.session.get(User, officer_id)
                services.add_question(survey, "priorities", QuestionType.SHORT_TEXT, {"label": label}, None, actor)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the assertion below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=add, args=(officer, label))
        for officer, label in zip(officers, ("Your street", "Your estate"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    db.session.rollback()
    draft = db.session.scalars(select(SurveyDraft)).one()
    labels = [q.get("label") for page in draft.definition["pages"] for q in page["questions"]]
    assert {"Your street", "Your estate"} <= set(labels)
