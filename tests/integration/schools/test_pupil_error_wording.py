"""Pupils read every kind of answer error in their own words; residents still read exactly what they always have.

The same bad answers (tests/unit/surveys/bad_answers.py, one per engine error code) are sent through the pupil
pages at /join and through the resident pages, and each page shows its audience's message and stores nothing.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer
from app.surveys.definitions_service import create_survey
from app.surveys.engine import ErrorCode, parse_definition
from tests.factories import make_consultation
from tests.integration.schools.helpers import answer, class_session, take_part, teacher_of
from tests.pages import Page, post
from tests.unit.surveys.bad_answers import BAD_ANSWERS, definition


def _field_messages(page: Page) -> list[str]:
    return [
        " ".join(tag.get_text(" ", strip=True).removeprefix("Error:").split())
        for tag in page.soup.select(".govuk-error-message")
    ]


def _answers_stored() -> int:
    return db.session.scalar(select(func.count(Answer.id))) or 0


def test_pupils_see_every_kind_of_error_in_their_own_words(client: FlaskClient) -> None:
    survey = create_survey(make_consultation("schools-2026"), parse_definition(definition("schools")))
    db.session.commit()
    take_part(client, class_session(teacher_of(), survey).join_code)
    seen: set[ErrorCode] = set()
    for label, bad in BAD_ANSWERS.items():
        page = answer(client, bad.page, bad.form)
        assert page.status == 400, label
        assert page.error_summary() == [bad.pupil], label
        each_row = ["Please pick an answer for 'At school'.", "Please pick an answer for 'In parks'."]
        expected = each_row if bad.code is ErrorCode.EVERY_ROW_REQUIRED else [bad.pupil]
        assert _field_messages(page) == expected, label
        seen.add(bad.code)
    assert seen == set(ErrorCode)
    assert _answers_stored() == 0


def test_residents_see_every_kind_of_error_as_before(client: FlaskClient) -> None:
    create_survey(make_consultation(), parse_definition(definition("public")))
    db.session.commit()
    for label, bad in BAD_ANSWERS.items():
        page = post(
            client, f"/consultations/safety-2026/every-error/questions/{bad.page}", {**bad.form, "action": "continue"}
        )
        assert (page.status, page.error_summary()) == (400, [bad.resident]), label
        each_row = ["Select an answer for 'At school'", "Select an answer for 'In parks'"]
        expected = each_row if bad.code is ErrorCode.EVERY_ROW_REQUIRED else [bad.resident]
        assert _field_messages(page) == expected, label
    assert _answers_stored() == 0
