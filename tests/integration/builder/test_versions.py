"""Frozen surveys get new versions; export, import and copy; the preview; one response with its own questions."""

from __future__ import annotations

import yaml
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Response, ResponseChannel, Survey, SurveyVersion
from app.models.types import utcnow
from app.surveys import responses
from app.surveys.engine import AnswerItem
from tests.factories import add_survey, make_consultation
from tests.integration.builder.conftest import base, current, upload
from tests.pages import get, post


def _answer(survey: Survey) -> Response:
    draft = responses.load_draft(responses.start_draft(survey, channel=ResponseChannel.PAPER, now=utcnow()))
    draft = responses.save_answers(
        draft,
        {
            "safe_day": (AnswerItem("safe_day", None, "unsafe"),),
            "why_unsafe": (AnswerItem("why_unsafe", None, "Dark alleys"),),
        },
        utcnow(),
    )
    response = responses.submit(draft, utcnow())
    db.session.commit()
    return response


def _publish(client: FlaskClient, survey: Survey) -> None:
    url = f"{base(survey)}/draft/publish"
    stamp = get(client, url).soup.select_one("input[name=stamp]")["value"]
    assert post(client, url, {"stamp": stamp}).status == 302


def test_publishing_changes_to_a_survey_with_responses_creates_a_version(officer: FlaskClient, survey: Survey) -> None:
    old = _answer(survey)
    builder = get(officer, base(survey))
    assert "1 sent response to this version" in builder.soup.select_one("#version-responses").text
    assert "Changes you make are kept as a draft" in builder.text
    page = post(
        officer,
        f"{base(survey)}/questions/why_unsafe/edit",
        {"label": "Why do you feel unsafe?"},
        follow_redirects=True,
    )
    assert "Question saved in your draft. Respondents still see version 1" in page.text
    assert current(survey).question("why_unsafe").label == "What makes you feel unsafe?"
    _publish(officer, survey)
    versions = db.session.scalars(
        select(SurveyVersion).where(SurveyVersion.survey_id == survey.id).order_by(SurveyVersion.number)
    ).all()
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].definition["pages"][0]["questions"][1]["label"] == "What makes you feel unsafe?"
    assert current(survey).question("why_unsafe").label == "Why do you feel unsafe?"
    shown = get(officer, f"/officers/surveys/responses/{old.id}")
    assert shown.status == 200
    assert "What makes you feel unsafe?" in shown.text and "Dark alleys" in shown.text
    assert "Why do you feel unsafe?" not in shown.text
    second = post(officer, f"{base(survey)}/questions/why_unsafe/edit", {"label": "Why, in a few words?"})
    assert second.status == 302
    _publish(officer, survey)
    assert db.session.scalar(select(func.count(SurveyVersion.id)).where(SurveyVersion.survey_id == survey.id)) == 2


def test_old_version_is_shown_read_only_with_its_responses(officer: FlaskClient, survey: Survey) -> None:
    response = _answer(survey)
    post(officer, f"{base(survey)}/questions/why_unsafe/edit", {"label": "Why?"})
    _publish(officer, survey)
    listing = get(officer, f"{base(survey)}/versions")
    assert [a.get_text(strip=True) for a in listing.soup.select("tbody td:first-child a")] == ["Version 2", "Version 1"]
    assert listing.soup.select_one('td[data-version="1"]').get_text(strip=True) == "1"
    assert listing.soup.select_one('td[data-version="2"]').get_text(strip=True) == "0"
    old = get(officer, f"{base(survey)}/versions/1")
    assert "This is an earlier version" in old.text and "What makes you feel unsafe?" in old.text
    assert not old.soup.select("form[action*='/move']") and "Edit" not in [a.get_text() for a in old.soup("a")]
    assert old.soup.find("a", string=response.reference)


def test_export_and_import_round_trip(officer: FlaskClient, survey: Survey) -> None:
    exported = officer.get(f"{base(survey)}/versions/1/export.yaml")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    data = yaml.safe_load(exported.get_data(as_text=True))
    assert data["slug"] == "residents" and data["pages"][0]["id"] == "feeling-safe"
    as_json = officer.get(f"{base(survey)}/versions/1/export.json")
    assert as_json.json["pages"] == data["pages"]
    db.session.rollback()
    other = make_consultation("safety-2027")
    page = upload(
        officer,
        f"/officers/surveys/consultations/{other.id}/import",
        exported.get_data(as_text=True),
        "residents-v1.yaml",
    )
    assert page.status == 302, page.error_summary()
    imported = db.session.scalars(select(Survey).where(Survey.consultation_id == other.id)).one()
    assert imported.current_version.definition == survey.current_version.definition
    data["title"] = "Residents' survey, revised"
    page = upload(officer, f"{base(survey)}/import", yaml.safe_dump(data), "revised.yml")
    assert page.status == 302, page.error_summary()
    assert current(survey).title == "Residents' survey, revised"
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.like("survey_%import%"))) == 2


def test_import_errors_name_lines_and_paths(officer: FlaskClient, survey: Survey) -> None:
    url = f"/officers/surveys/consultations/{survey.consultation_id}/import"
    syntax = upload(officer, url, "slug: x\npages: [\n  - id: a\n", "bad.yaml")
    assert syntax.status == 400
    assert "YAML syntax error on line" in syntax.error_summary()[0]
    broken_json = upload(officer, url, '{"slug": "x",\n "pages": }', "bad.json")
    assert "JSON syntax error on line 2" in broken_json.error_summary()[0]
    invalid = upload(
        officer,
        url,
        yaml.safe_dump(
            {
                "schema_version": 1,
                "slug": "x",
                "title": "X",
                "audience": "public",
                "pages": [
                    {
                        "id": "p",
                        "title": "P",
                        "questions": [{"id": "g", "type": "grid", "label": "G", "options": ["A"]}],
                    }
                ],
            }
        ),
        "x.yaml",
    )
    assert invalid.status == 400
    assert any('pages[0].questions[0] (g): "rows" is required' in e for e in invalid.error_summary())
    wrong_type = upload(officer, url, "a: b", "survey.txt")
    assert wrong_type.error_summary() == ["The file must be a .json, .yaml or .yml file"]
    assert db.session.scalar(select(func.count(Survey.id))) == 1


def test_import_version_for_another_audience_is_refused(officer: FlaskClient, survey: Survey) -> None:
    data = yaml.safe_load(officer.get(f"{base(survey)}/versions/1/export.yaml").get_data(as_text=True))
    data["audience"] = "schools"
    page = upload(officer, f"{base(survey)}/import", yaml.safe_dump(data), "x.yaml")
    assert page.status == 400 and "this survey is for" in page.error_summary()[0]


def test_copy_a_survey_from_an_earlier_consultation(officer: FlaskClient, survey: Survey) -> None:
    later = make_consultation("safety-2027")
    add_survey(later)
    url = f"/officers/surveys/consultations/{later.id}/copy"
    form = get(officer, url)
    assert [i["value"] for i in form.soup.select("input[name=source]")] == [str(survey.id)]
    page = post(officer, url, {"source": str(survey.id)})
    assert page.status == 302
    copies = db.session.scalars(select(Survey).where(Survey.consultation_id == later.id).order_by(Survey.id)).all()
    assert [s.slug for s in copies] == ["residents", "residents-2"]
    assert copies[1].current_version.definition["pages"] == survey.current_version.definition["pages"]
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "survey_copied"))


def test_preview_renders_respondent_pages_and_stores_nothing(officer: FlaskClient, survey: Survey) -> None:
    start = officer.get(f"{base(survey)}/versions/1/preview")
    first = f"{base(survey)}/versions/1/preview/pages/feeling-safe"
    assert start.location.endswith(first)
    page = get(officer, first)
    assert page.h1 == "Feeling safe" and "This is a preview of version 1" in page.text
    assert page.soup.select("input[name=safe_day]")
    assert not page.soup.select("textarea[name=why_unsafe]")
    empty = post(officer, first, {"action": "continue"})
    assert empty.status == 400
    assert empty.error_summary()[0].startswith("Select")
    moved = post(officer, first, {"safe_day": "unsafe", "action": "continue"})
    assert moved.response.location.endswith("/preview/pages/priorities")
    check = get(officer, f"{base(survey)}/versions/1/preview/check")
    assert check.h1 == "Check your answers before sending your response" and "Unsafe" in check.text
    sent = post(officer, f"{base(survey)}/versions/1/preview/check", {})
    assert "End of the preview" in sent.text
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_pupil_responses_are_not_shown_one_by_one(officer: FlaskClient, survey: Survey) -> None:
    response = _answer(survey)
    response.audience = survey.audience.__class__("schools")
    db.session.commit()
    assert officer.get(f"/officers/surveys/responses/{response.id}").status_code == 404


def test_a_rewritten_version_is_read_afresh_by_its_content_digest(survey: Survey) -> None:
    import hashlib
    import json
    from dataclasses import replace

    from app.surveys.definitions_service import definition_of, replace_definition

    version = db.session.get(Survey, survey.id).current_version
    stored = db.session.scalar(select(SurveyVersion.definition_digest).where(SurveyVersion.id == version.id))
    assert stored == hashlib.sha256(json.dumps(version.definition, sort_keys=True).encode()).hexdigest()
    before = current(survey)

    replace_definition(version, replace(before, title="A new title"))
    db.session.commit()

    assert db.session.scalar(select(SurveyVersion.definition_digest).where(SurveyVersion.id == version.id)) != stored
    assert current(survey).title == "A new title"
    assert definition_of(db.session.get(SurveyVersion, version.id)) == current(survey)


def test_import_refuses_alias_bombs_and_lists_only_the_first_problems(officer: FlaskClient, survey: Survey) -> None:
    url = f"/officers/surveys/consultations/{survey.consultation_id}/import"
    scale = "[" + ", ".join(f"Option {i}" for i in range(50)) + "]"
    questions = [
        f"      - {{id: q{i}, type: single_choice, label: Q, options: {'&s ' + scale if i == 0 else '*s'}}}"
        for i in range(400)
    ]
    bomb = (
        "schema_version: 1\nslug: big\ntitle: Big\naudience: public\npages:\n  - id: p\n    title: P\n"
        "    questions:\n" + "\n".join(questions) + "\n"
    )
    page = upload(officer, url, bomb, "big.yaml")
    assert page.status == 400
    assert page.error_summary()[0] == (
        "The YAML uses more than 100 aliases (*name): write the repeated parts out instead"
    )

    bad = yaml.safe_dump(
        {
            "schema_version": 1,
            "slug": "bad",
            "title": "Bad",
            "audience": "public",
            "pages": [
                {
                    "id": f"p{i}",
                    "title": "P",
                    "questions": [{"id": f"q{i}", "type": "grid", "label": "G", "options": ["A"]}],
                }
                for i in range(60)
            ],
        }
    )
    page = upload(officer, url, bad, "bad.yaml")
    assert page.status == 400
    assert "There are 40 more problems not listed here" in page.text
    assert len(page.response.get_data()) < 100_000
    assert db.session.scalar(select(func.count(Survey.id))) == 1
