"""Officers edit a theme's description and example answers with the codebook; answers close to them get the theme."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.analysis import codebooks
from app.analysis.engine.theme_meaning import TRIGGER_PREFIX
from app.extensions import db
from app.models import AnswerTheme, CodebookTheme, ConsultationCodebook, Role
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.integration.analysis.test_analysis_pages import _respond
from tests.pages import get, post

NEW_EXAMPLE = "Nobody has cut back the hedges on the path to the school"


def _edit_url(consultation_id: int, key: str = "environment_lighting") -> str:
    return f"/officers/analysis/{consultation_id}/codebook/{key}"


def test_the_editor_shows_the_shipped_description_and_examples(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, _edit_url(consultation.id))
    assert "street lighting" in page.soup.select_one("textarea#description").get_text()
    examples = page.soup.select_one("textarea#examples").get_text().splitlines()
    assert "Please fix the lamps on our road, they've been out since the winter" in examples


def test_saving_examples_stores_them_and_moves_the_revision_on(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    before = db.session.get(ConsultationCodebook, consultation.id).revision
    page = post(
        client,
        _edit_url(consultation.id),
        {
            "label": "Lighting and paths",
            "description": "dark paths and broken lamps",
            "phrases": "street light*",
            "examples": f"  {NEW_EXAMPLE}  \n\nThe lamps are out\n{NEW_EXAMPLE}",
        },
    )
    assert page.status == 302
    theme = db.session.scalar(
        select(CodebookTheme).where(
            CodebookTheme.consultation_id == consultation.id, CodebookTheme.key == "environment_lighting"
        )
    )
    assert theme.examples == [NEW_EXAMPLE, "The lamps are out"]
    assert theme.description == "dark paths and broken lamps"
    assert db.session.get(ConsultationCodebook, consultation.id).revision == before + 1
    engine_theme = codebooks.codebook_for(consultation)[0].get("environment_lighting")
    assert engine_theme.examples == (NEW_EXAMPLE, "The lamps are out")


def test_an_overlong_example_is_refused_and_changes_nothing(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    page = post(
        client, _edit_url(consultation.id), {"label": "Lighting", "phrases": "street light*", "examples": "x" * 301}
    )
    assert page.status == 200
    assert "Each example must be 300 characters or less" in page.error_summary()
    theme = db.session.scalar(
        select(CodebookTheme).where(
            CodebookTheme.consultation_id == consultation.id, CodebookTheme.key == "environment_lighting"
        )
    )
    assert theme.label == "Environment, lighting and design" and "x" * 301 not in theme.examples


def test_an_answer_sharing_no_phrase_is_coded_by_meaning_and_the_officer_sees_why(client: FlaskClient) -> None:
    consultation = make_consultation()
    survey = add_survey(consultation)
    sign_in(client, make_user(Role.OFFICER))
    _respond(survey, "A man rang my grandad saying he was from his bank and talked him into handing over his savings")
    row = db.session.scalar(select(AnswerTheme).where(AnswerTheme.consultation_id == consultation.id))
    assert row.theme_key == "fraud_scams_online" and row.triggers[0].startswith(TRIGGER_PREFIX)
    page = get(client, f"/officers/analysis/{consultation.id}/answers?theme=fraud_scams_online")
    assert "close in meaning to" in page.text
