"""Stored-XSS payloads in every officer-, resident-, stakeholder- and pupil-editable field are shown escaped wherever
they appear.

Payloads go into consultations, documents, milestones, results, survey and question wording, option labels,
residents' free text and "other" text, a stakeholder's answers and organisation, organisations and contacts, schools,
staff names, codebook themes, a pupil's own words (sent through the pupil pages, so the screen flags them) and a
class session's safeguarding lead; then every page each role can reach by links is fetched and searched for a live
script or event handler.

Guards: Jinja autoescaping (no ``|safe`` or ``Markup`` on stored text) in app/templates and the filters of
app/common/filters.py.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import select

from app.analysis import codebooks
from app.extensions import db
from app.models import (
    Consultation,
    ConsultationDocument,
    ConsultationStatus,
    ResponseChannel,
    Role,
    SafeguardingFlag,
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
from tests.integration.safeguarding.helpers import make_flag
from tests.integration.schools.helpers import class_session, pupil_answers, pupil_survey

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">"\'&'
SHORT = "<b onclick=x>"
"""For fields too short for PAYLOAD."""
ESCAPED = ("&lt;script&gt;window.__xss=1&lt;/script&gt;", "&lt;b onclick=x&gt;")
ROLES = ["anonymous", "officer", "admin", "reviewer", "dsl", "teacher"]
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
    draft = responses.save_answers(
        draft,
        {
            "safe_day": (AnswerItem("safe_day", None, "safe"),),
            "comments": (AnswerItem("comments", None, "Drugs and " + PAYLOAD),),
        },
        utcnow(),
    )
    responses.submit(draft, utcnow())
    db.session.add(
        ConsultationDocument(
            consultation_id=consultation.id,
            title="Doc " + PAYLOAD,
            filename="doc.pdf",
            content_type="application/pdf",
            size_bytes=5,
            content=b"%PDF-",
        )
    )
    db.session.add(
        Milestone(
            consultation_id=consultation.id,
            position=1,
            due_on=date.today() + timedelta(days=5),
            label="Milestone " + PAYLOAD,
            description=PAYLOAD,
        )
    )
    db.session.add(
        ConsultationResults(consultation_id=consultation.id, we_asked=PAYLOAD, you_said=PAYLOAD, we_did=PAYLOAD)
    )
    organisation = find_or_create_organisation("Org " + PAYLOAD, "Police")
    db.session.add(
        OrganisationContact(
            organisation_id=organisation.id, name="Contact " + PAYLOAD, email="contact@example.org", role=PAYLOAD
        )
    )
    db.session.add(School(name="School " + PAYLOAD))
    officer = make_user(Role.OFFICER)
    officer.name = "Officer " + PAYLOAD
    codebooks.add_theme(consultation, "Theme " + PAYLOAD, ["drugs", PAYLOAD[:60]], officer)
    db.session.commit()
    _stakeholder_response(consultation)


def _stakeholder_response(consultation: Consultation) -> None:
    data = yaml.safe_load((FIXTURES / "mini_stakeholder.yaml").read_text())
    data["pages"][0]["questions"].append({"id": "partner_view", "type": "long_text", "label": "View " + PAYLOAD})
    survey = create_survey(consultation, parse_definition(data))
    organisation = find_or_create_organisation("Stakeholder " + PAYLOAD, "Charity")
    draft = responses.load_draft(
        responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow(), organisation_id=organisation.id)
    )
    draft = responses.save_answers(
        draft,
        {
            "agree": (AnswerItem("agree", None, "agree"),),
            "partner_view": (AnswerItem("partner_view", None, "Partner " + PAYLOAD),),
        },
        utcnow(),
    )
    responses.submit(draft, utcnow())
    db.session.commit()


def _seed_pupil_payloads(client: FlaskClient) -> School:
    """A pupil types the payload beside words the screen flags, so it reaches reviewers, the school's DSL and (as a
    comment) the reviewer's list; the session names its DSL with a payload too."""
    teacher = make_user(Role.TEACHER, "xss-teacher@example.org")
    session = class_session(teacher, pupil_survey(make_consultation("schools-xss")))
    session.dsl_name = "Lead " + SHORT
    db.session.commit()
    pupil_answers(client, session.join_code, one_thing="my dad hits me " + PAYLOAD)
    flag = make_flag("he hits me " + PAYLOAD)
    flag.class_session_id = session.id
    db.session.commit()
    return teacher.school


def _live_script_or_handler(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = [str(tag)[:80] for tag in soup.find_all("script") if "__xss" in tag.get_text()]
    found += [str(tag)[:80] for tag in soup.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]
    return found


def _crawl(
    client: FlaskClient, start: str, limit: int = 120, inspect: Callable[[str], list[str]] = _live_script_or_handler
) -> tuple[int, int, list[str]]:
    """Pages visited, pages showing a payload (escaped), and what `inspect` found wrong (by default: anything
    live)."""
    seen: set[str] = set()
    problems: list[str] = []
    queue = deque([start])
    visited = shown = 0
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
        problems += [f"{url}: {found}" for found in inspect(html)]
        shown += any(escaped in html for escaped in ESCAPED)
        for link in BeautifulSoup(html, "html.parser").select("a[href]"):
            href = urldefrag(str(link["href"]))[0]
            if href.startswith("/") and not href.startswith("//") and not SKIP.search(href):
                queue.append(href)
    return visited, shown, problems


@pytest.mark.parametrize("role", ROLES)
def test_payloads_are_escaped_everywhere_they_appear(client: FlaskClient, role: str) -> None:
    _seed_payloads()
    school = _seed_pupil_payloads(client)
    start = "/"
    if role != "anonymous":
        sign_in(
            client,
            make_user(
                Role(role), email=f"{role}-xss@example.org", school=school if role in ("dsl", "teacher") else None
            ),
        )
        start = "/staff/"
    visited, shown, problems = _crawl(client, start)
    assert visited >= 3
    assert shown >= 1
    assert problems == []


def test_payload_text_is_visible_as_text(client: FlaskClient) -> None:
    _seed_payloads()
    _seed_pupil_payloads(client)
    sign_in(client, make_user(Role.OFFICER, email="reader@example.org"))
    html = client.get("/officers/consultations").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    sign_in(client, make_user(Role.REVIEWER, email="reviewer-reader@example.org"))
    flag_id = db.session.scalar(select(SafeguardingFlag.id).where(SafeguardingFlag.text.startswith("he hits me")))
    assert "he hits me &lt;script&gt;" in client.get(f"/safeguarding/flags/{flag_id}").get_data(as_text=True)
