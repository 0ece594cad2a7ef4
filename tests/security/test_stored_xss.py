"""Stored-XSS payloads in every officer- and respondent-editable field are shown escaped wherever they appear.

Payloads go into consultations, documents, milestones, results, survey and question wording, option labels,
respondents' free text and "other" text, organisations and contacts, schools, staff names and codebook themes; then
every page each role can reach by links is fetched and searched for a live script or event handler."""

from __future__ import annotations

import re
from collections import deque
from datetime import date, timedelta
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from app.analysis import codebooks
from app.extensions import db
from app.models import (
    ConsultationDocument,
    ConsultationStatus,
    ResponseChannel,
    Role,
    School,
)
from app.models.contacts import OrganisationContact
from app.models.outcomes import ConsultationResults, Milestone
from app.models.types import utcnow
from app.surveys import responses
from app.surveys.definitions_service import create_survey
from app.surveys.engine import AnswerItem, parse_definition
from app.surveys.invites import find_or_create_organisation
from tests.factories import FIXTURES, make_consultation, make_user, sign_in

PAYLOAD = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\">\"'&"
SKIP = re.compile(r"/(sign-out|download|export|healthz|resume/|invites/)|\.(csv|xlsx|docx|json|pdf)$|format=")


def _seed_payloads() -> None:
    consultation = make_consultation(status=ConsultationStatus.PUBLISHED)
    consultation.title = "Safety " + PAYLOAD
    consultation.summary = PAYLOAD
    data = yaml.safe_load((FIXTURES / "mini_survey.yaml").read_text())
    data["title"] = "Survey " + PAYLOAD
    data["pages"][0]["title"] = "Page " + PAYLOAD
    data["pages"][0]["questions"][0]["label"] = "Question " + PAYLOAD
    data["pages"][0]["questions"][0]["options"][0]["label"] = "Option " + PAYLOAD
    survey = create_survey(consultation, parse_definition(data))
    draft = responses.load_draft(responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow()))
    draft = responses.save_answers(draft, {
        "safe_day": (AnswerItem("safe_day", None, "safe"),),
        "comments": (AnswerItem("comments", None, "Drugs and " + PAYLOAD),),
    }, utcnow())
    responses.submit(draft, utcnow())
    db.session.add(ConsultationDocument(consultation_id=consultation.id, title="Doc " + PAYLOAD,
                                        filename="doc.pdf", content_type="application/pdf", size_bytes=5,
                                        content=b"%PDF-"))
    db.session.add(Milestone(consultation_id=consultation.id, position=1, due_on=date.today() + timedelta(days=5),
                             label="Milestone " + PAYLOAD, description=PAYLOAD))
    db.session.add(ConsultationResults(consultation_id=consultation.id, we_asked=PAYLOAD, you_said=PAYLOAD,
                                       we_did=PAYLOAD))
    organisation = find_or_create_organisation("Org " + PAYLOAD, "Police")
    db.session.add(OrganisationContact(organisation_id=organisation.id, name="Contact " + PAYLOAD,
                                       email="contact@example.org", role=PAYLOAD))
    db.session.add(School(name="School " + PAYLOAD))
    officer = make_user(Role.OFFICER)
    officer.name = "Officer " + PAYLOAD
    codebooks.add_theme(consultation, "Theme " + PAYLOAD, ["drugs", PAYLOAD[:60]], officer)
    db.session.commit()


def _live_script_or_handler(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = [str(tag)[:80] for tag in soup.find_all("script") if "__xss" in tag.get_text()]
    found += [str(tag)[:80] for tag in soup.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]
    return found


def _crawl(client: FlaskClient, start: str, limit: int = 80) -> tuple[int, list[str]]:
    seen: set[str] = set()
    problems: list[str] = []
    queue = deque([start])
    visited = 0
    while queue and visited < limit:
        url = queue.popleft()
        shape = re.sub(r"/\d+", "/{id}", urlsplit(url).path) + urlsplit(url).query
        if shape in seen:
            continue
        seen.add(shape)
        response = client.get(url)
        if "text/html" not in response.content_type:
            continue
        visited += 1
        html = response.get_data(as_text=True)
        problems += [f"{url}: {found}" for found in _live_script_or_handler(html)]
        for link in BeautifulSoup(html, "html.parser").select("a[href]"):
            href = urldefrag(str(link["href"]))[0]
            if href.startswith("/") and not href.startswith("//") and not SKIP.search(href):
                queue.append(href)
    return visited, problems


@pytest.mark.parametrize("role", ["anonymous", "officer", "admin"])
def test_payloads_are_escaped_everywhere_they_appear(client: FlaskClient, role: str) -> None:
    _seed_payloads()
    start = "/"
    if role != "anonymous":
        sign_in(client, make_user(Role(role), email=f"{role}-xss@example.org"))
        start = "/staff/"
    visited, problems = _crawl(client, start)
    assert visited >= 3
    assert problems == []


def test_payload_text_is_visible_as_text(client: FlaskClient) -> None:
    _seed_payloads()
    sign_in(client, make_user(Role.OFFICER, email="reader@example.org"))
    html = client.get("/officers/consultations").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
