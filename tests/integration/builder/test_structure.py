"""Each builder operation changes the stored definition as expected; invalid edits show errors and change nothing."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Survey, SurveyPage, SurveyQuestion, SurveyVersion
from app.surveys.engine import QuestionType
from tests.integration.builder.conftest import base, current
from tests.pages import get, post


def _post(client: FlaskClient, url: str, data: dict[str, object], form_url: str | None = None):  # type: ignore[no-untyped-def]
    return post(client, url, data, form_url=form_url)


def test_builder_page_lists_pages_and_questions(officer: FlaskClient, survey: Survey) -> None:
    page = get(officer, base(survey))
    assert page.status == 200
    assert page.h1 == "Residents' survey"
    titles = [h.get_text(" ", strip=True) for h in page.soup.select("#survey-structure h2")]
    assert titles == ["Page 1 of 3 Feeling safe", "Page 2 of 3 Priorities", "Page 3 of 3 Anything else"]
    assert 'Shown if the answer to "How safe do you feel in your area during the day?" is "Unsafe"' in page.text


def test_add_single_choice_question_with_other_and_hint(officer: FlaskClient, survey: Survey) -> None:
    url = f"{base(survey)}/questions/new/single_choice?page=priorities"
    page = _post(
        officer,
        url,
        {
            "label": "How did you hear about this survey?",
            "hint": "Choose one",
            "required": "y",
            "options": "Newspaper\nSocial media\nA friend",
            "other": "y",
            "equality": "",
        },
    )
    assert page.status == 302, page.error_summary()
    question = current(survey).question("how_did_you_hear_about_this")
    assert question.type is QuestionType.SINGLE_CHOICE and question.required and question.other
    assert question.hint == "Choose one"
    assert [o.value for o in question.options] == ["newspaper", "social_media", "a_friend"]
    assert current(survey).page_id_of(question.id) == "priorities"
    rows = db.session.scalars(
        select(SurveyQuestion.key)
        .where(SurveyQuestion.survey_version_id == survey.current_version.id)
        .order_by(SurveyQuestion.position)
    ).all()
    assert "how_did_you_hear_about_this" in rows
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "survey_question_added"))


def test_add_question_on_a_new_page(officer: FlaskClient, survey: Survey) -> None:
    page = _post(
        officer,
        f"{base(survey)}/questions/new/grid",
        {
            "page_title": "After dark",
            "label": "How safe do you feel after dark…",
            "rows": "In the town centre\nOn the redways",
            "options": "Safe\nUnsafe\nDon't know",
        },
    )
    assert page.status == 302, page.error_summary()
    definition = current(survey)
    assert [p.title for p in definition.pages][-1] == "After dark"
    grid = definition.pages[-1].questions[0]
    assert grid.type is QuestionType.GRID
    assert [r.value for r in grid.rows] == ["in_the_town_centre", "on_the_redways"]
    assert db.session.scalar(select(SurveyPage.title).where(SurveyPage.key == definition.pages[-1].id)) == "After dark"


def test_every_question_type_can_be_added(officer: FlaskClient, survey: Survey) -> None:
    fields = {
        "multiple_choice": {
            "label": "Which apply?",
            "options": "A\nB\nPrefer not to say",
            "other": "y",
            "exclusive": "Prefer not to say",
            "max_choices": "2",
        },
        "ranking": {"label": "Rank these", "options": "One\nTwo\nThree", "pick": "2"},
        "short_text": {"label": "Your organisation", "max_length": "80"},
        "long_text": {"label": "Tell us more", "max_length": "500"},
        "number": {"label": "How many years?", "min": "0", "max": "120"},
        "date": {"label": "When did it happen?", "not_in_future": "y"},
        "ward": {"label": "Your ward", "equality": "y"},
        "postcode": {"label": "Your postcode", "store": "outward"},
        "consent": {"label": "I agree to take part"},
        "information": {"body": "Thank you.\n\nThe next questions are about you."},
        "face_scale": {"label": "How do you feel at school?"},
    }
    for qtype, data in fields.items():
        page = _post(officer, f"{base(survey)}/questions/new/{qtype}?page=comments", data)
        assert page.status == 302, (qtype, page.error_summary())
    types = [q.type.value for q in current(survey).page("comments").questions]
    assert types == ["long_text", *fields]
    definition = current(survey)
    multiple = definition.question("which_apply")
    assert multiple.exclusive == ("prefer_not_to_say",) and multiple.max_choices == 2 and multiple.other
    assert definition.question("rank_these").pick == 2
    assert definition.question("how_many_years").max == 120
    assert definition.question("your_postcode").store.value == "outward"
    assert definition.question("tell_us_more").max_length == 500


def test_edit_question_keeps_option_values_and_condition(officer: FlaskClient, survey: Survey) -> None:
    url = f"{base(survey)}/questions/safe_day/edit"
    form = get(officer, url)
    assert form.soup.find("textarea", {"name": "options"}).get_text().strip().splitlines()[0] == "Safe"
    page = _post(
        officer,
        url,
        {"label": "How safe do you feel by day?", "required": "y", "options": "Safe\nUnsafe\nDon't know\nVery unsafe"},
    )
    assert page.status == 302, page.error_summary()
    definition = current(survey)
    assert definition.question("safe_day").label == "How safe do you feel by day?"
    assert [o.value for o in definition.question("safe_day").options][-1] == "very_unsafe"
    assert definition.question("why_unsafe").show_if.equals == "unsafe"


def test_removing_an_option_a_condition_uses_is_refused(officer: FlaskClient, survey: Survey) -> None:
    before = survey.current_version.definition
    page = _post(
        officer,
        f"{base(survey)}/questions/safe_day/edit",
        {"label": "How safe?", "required": "y", "options": "Safe\nDon't know"},
    )
    assert page.status == 400
    assert any('"unsafe" is not an option of "safe_day"' in error for error in page.error_summary())
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).current_version.definition == before


def test_grid_without_rows_is_refused(officer: FlaskClient, survey: Survey) -> None:
    page = _post(
        officer, f"{base(survey)}/questions/new/grid?page=priorities", {"label": "How safe…", "options": "Safe\nUnsafe"}
    )
    assert page.status == 400
    assert "Enter at least one row" in page.error_summary()
    assert len(current(survey).questions) == 5


def test_exclusive_option_must_be_one_of_the_options(officer: FlaskClient, survey: Survey) -> None:
    page = _post(
        officer,
        f"{base(survey)}/questions/new/multiple_choice?page=priorities",
        {"label": "Which?", "options": "A\nB", "exclusive": "None of these"},
    )
    assert page.status == 400
    assert page.error_summary()[0].startswith('"None of these" is not one of the options')


def test_move_question_up_and_across_pages(officer: FlaskClient, survey: Survey) -> None:
    move = f"{base(survey)}/question/ward/move"
    assert _post(officer, move, {"direction": "up"}, form_url=base(survey)).status == 302
    assert [q.id for q in current(survey).page("priorities").questions] == ["ward", "top"]
    assert _post(officer, move, {"direction": "up"}, form_url=base(survey)).status == 302
    definition = current(survey)
    assert [q.id for q in definition.page("feeling-safe").questions] == ["safe_day", "why_unsafe", "ward"]
    assert [q.id for q in definition.page("priorities").questions] == ["top"]


def test_moving_a_question_above_its_condition_is_refused(officer: FlaskClient, survey: Survey) -> None:
    page = _post(officer, f"{base(survey)}/question/why_unsafe/move", {"direction": "up"}, form_url=base(survey))
    assert page.status == 400
    assert any("does not come before it" in error for error in page.error_summary())
    assert [q.id for q in current(survey).page("feeling-safe").questions] == ["safe_day", "why_unsafe"]


def test_move_and_edit_pages(officer: FlaskClient, survey: Survey) -> None:
    assert (
        _post(officer, f"{base(survey)}/page/comments/move", {"direction": "up"}, form_url=base(survey)).status == 302
    )
    assert [p.id for p in current(survey).pages] == ["feeling-safe", "comments", "priorities"]
    page = _post(officer, f"{base(survey)}/pages/comments/edit", {"title": "Your comments", "description": "Tell us."})
    assert page.status == 302
    assert current(survey).page("comments").title == "Your comments"
    assert current(survey).page("comments").description == "Tell us."


def test_remove_question_and_page(officer: FlaskClient, survey: Survey) -> None:
    confirm = get(officer, f"{base(survey)}/question/top/remove")
    assert confirm.h1 == "Remove this question?"
    assert _post(officer, f"{base(survey)}/question/top/remove", {}).status == 302
    assert not current(survey).has_question("top")
    assert _post(officer, f"{base(survey)}/page/comments/remove", {}).status == 302
    assert [p.id for p in current(survey).pages] == ["feeling-safe", "priorities"]
    assert db.session.scalar(select(SurveyVersion.id).where(SurveyVersion.number == 2)) is None


def test_removing_a_question_a_condition_depends_on_is_refused(officer: FlaskClient, survey: Survey) -> None:
    page = _post(officer, f"{base(survey)}/question/safe_day/remove", {})
    assert page.status == 400
    assert any("unknown question" in error for error in page.error_summary())
    assert current(survey).has_question("safe_day")


def test_condition_chosen_from_an_earlier_answer(officer: FlaskClient, survey: Survey) -> None:
    choose = get(officer, f"{base(survey)}/question/comments/condition")
    offered = [i["value"] for i in choose.soup.select("input[name=source]")]
    assert offered == ["safe_day", "why_unsafe", "top", "ward", "_always"]
    step = _post(officer, f"{base(survey)}/question/comments/condition", {"source": "safe_day"})
    assert step.response.location.endswith("/question/comments/condition/safe_day")
    done = _post(officer, f"{base(survey)}/question/comments/condition/safe_day", {"values": ["unsafe", "dont_know"]})
    assert done.status == 302, done.error_summary()
    condition = current(survey).question("comments").show_if
    assert condition.question == "safe_day" and condition.any_of == ("unsafe", "dont_know")
    _post(officer, f"{base(survey)}/page/priorities/condition/why_unsafe", {})
    assert current(survey).page("priorities").show_if.answered is True
    _post(officer, f"{base(survey)}/question/comments/condition", {"source": "_always"})
    assert current(survey).question("comments").show_if is None


def test_condition_on_a_later_question_is_refused(officer: FlaskClient, survey: Survey) -> None:
    page = _post(officer, f"{base(survey)}/question/safe_day/condition/ward", {"values": ["bradwell"]})
    assert page.status == 400
    assert any("does not come before it" in error for error in page.error_summary())
    assert current(survey).question("safe_day").show_if is None


def test_new_survey_from_nothing(officer: FlaskClient, survey: Survey) -> None:
    url = f"/officers/surveys/consultations/{survey.consultation_id}/new"
    page = _post(officer, url, {"title": "Residents' survey", "audience": "public", "introduction": "Tell us."})
    assert page.status == 302
    created = db.session.scalars(select(Survey).order_by(Survey.id.desc())).first()
    assert created.slug == "residents-survey-2" or created.slug == "residents-survey"
    assert created.current_version.definition["pages"][0]["questions"][0]["body"] == "Tell us."
    listing = get(officer, f"/officers/surveys/consultations/{survey.consultation_id}")
    assert listing.text.count("Residents' survey") == 2
