"""Emerging themes come from answers no theme covers (by phrase, meaning or officer) and each is about one topic;
adding one to the codebook carries its typical answers over as the theme's examples."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AnswerTheme, CodebookTheme, Role
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.integration.analysis.test_analysis_pages import _respond
from tests.pages import get, post

DOGS = [
    "Big dogs off the lead frighten my kids on the green",
    "Owners let their dogs run loose and one went for my son",
    "Dogs off the lead jump up at my children on the green",
    "Owners should keep their big dogs on a lead near children",
]
LIBRARY = [
    "The library should open for longer at weekends",
    "Library opening hours are too short for working people",
    "Please keep the library open on Saturday afternoons",
]
SCAM = "A man rang my grandad saying he was from his bank and talked him into handing over his savings"


def test_emerging_candidates_are_single_topics_and_skip_answers_a_theme_covers(client: FlaskClient) -> None:
    consultation = make_consultation()
    survey = add_survey(consultation)
    for comment in [*DOGS, *LIBRARY, SCAM]:
        _respond(survey, comment)
    assert list(db.session.scalars(select(AnswerTheme.theme_key))) == ["fraud_scams_online"]
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/analysis/{consultation.id}/emerging")
    cards = {card.select_one("h2").get_text(strip=True): card for card in page.soup.select(".govuk-summary-card")}
    assert set(cards) == {"Dogs (4 answers)", "Library (3 answers)"}
    dog_examples = [li.get_text(strip=True) for li in cards["Dogs (4 answers)"].select("li")]
    library_examples = [li.get_text(strip=True) for li in cards["Library (3 answers)"].select("li")]
    assert dog_examples and all(example in DOGS for example in dog_examples)
    assert library_examples and all(example in LIBRARY for example in library_examples)
    assert "grandad" not in page.text

    form = cards["Dogs (4 answers)"].select_one("form")
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    added = post(
        client,
        form["action"],
        {key: value for key, value in fields.items() if key != "csrf_token"},
        form_url=f"/officers/analysis/{consultation.id}/emerging",
    )
    assert added.status == 302
    theme = db.session.scalar(
        select(CodebookTheme).where(CodebookTheme.consultation_id == consultation.id, CodebookTheme.label == "Dogs")
    )
    assert theme is not None and theme.examples == dog_examples and "dogs" in theme.phrases
