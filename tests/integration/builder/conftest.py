"""Fixtures for builder tests: a signed-in officer and a survey to build on."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from app.extensions import db
from app.models import ConsultationStatus, Role, Survey
from app.surveys.definitions_service import definition_of
from app.surveys.engine import SurveyDefinition
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.pages import Page, get


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
    db.session.expire_all()
    return definition_of(db.session.get(Survey, survey.id).current_version)


def base(survey: Survey) -> str:
    return f"/officers/surveys/{survey.id}"


def upload(client: FlaskClient, url: str, text: str, filename: str) -> Page:
    """Send `text` as the file `filename` through the upload form at `url`, as a browser would."""
    token = get(client, url).csrf_token()
    data = {"csrf_token": token, "definition": (io.BytesIO(text.encode()), filename)}
    response = client.post(url, data=data, content_type="multipart/form-data")
    db.session.rollback()
    return Page(response, BeautifulSoup(response.get_data(as_text=True), "html.parser"))
