"""Fixtures for builder tests: a signed-in officer and a survey to build on."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.models import ConsultationStatus, Role, Survey
from app.surveys.definitions_service import definition_of
from app.surveys.engine import SurveyDefinition
from tests.factories import add_survey, make_consultation, make_user, sign_in


@pytest.fixture()
def officer(client: FlaskClient) -> FlaskClient:
    sign_in(client, make_user(Role.OFFICER))
    return client


@pytest.fixture()
def survey(clean_db: None) -> Survey:
    """A survey nobody can reach yet (its consultation is a draft), so builder changes are saved straight away."""
    return add_survey(make_consultation(status=ConsultationStatus.DRAFT))


@pytest.fixture()
def live_survey(clean_db: None) -> Survey:
    """A survey of a published, open consultation: builder changes go to a draft until published."""
    return add_survey(make_consultation())


def current(survey: Survey) -> SurveyDefinition:
    from app.extensions import db

    db.session.expire_all()
    return definition_of(db.session.get(Survey, survey.id).current_version)


def base(survey: Survey) -> str:
    return f"/officers/surveys/{survey.id}"
