"""Strategy traceability and "We asked, you said, we did" (issue 16 item 2, issue 17 item 10): officers link themes
to priorities and actions, and the published results page reads priority -> what people said -> what changes,
keeping the officer's paragraphs."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    ConsultationStatus,
    PinnedQuote,
    ReportSummary,
    ResultAction,
    Role,
    StrategyPriority,
    ThemeLink,
)
from app.reports import traceability
from app.reports.report_quotes import candidates
from tests.factories import make_consultation, make_user, sign_in
from tests.integration.reports.helpers import consultation_with_responses, respond
from tests.pages import get, post


def test_results_form_starts_empty_and_keeps_paragraph_breaks(client: FlaskClient) -> None:
    consultation = make_consultation(phase="closed")
    sign_in(client, make_user(Role.OFFICER))
    url = f"/officers/consultations/{consultation.id}/results"
    form = get(client, url)
    assert consultation.summary and form.soup.select_one("#we_asked").get_text() == ""
    post(
        client,
        url,
        {
            "we_asked": "How safe you feel.",
            "you_said": "Lighting matters.\r\n\r\nSo does speeding.\r\nEspecially near schools.",
            "we_did": "New lights in CMK.",
        },
    )
    officer_page = get(client, f"/officers/consultations/{consultation.id}")
    said = next(
        row
        for row in officer_page.soup.select("#results ~ .govuk-summary-list .govuk-summary-list__row")
        if row.dt.get_text(strip=True) == "You said"
    )
    assert [p.decode_contents() for p in said.select("dd p")] == [
        "Lighting matters.",
        "So does speeding.<br/>Especially near schools.",
    ]
    consultation.status = ConsultationStatus.RESULTS_PUBLISHED
    db.session.commit()
    public = get(client, f"/consultations/{consultation.slug}")
    heading = next(h for h in public.soup.select("h3") if h.get_text() == "You said")
    paragraphs = [p.decode_contents() for p in heading.find_next_siblings("p", limit=2)]
    assert paragraphs == ["Lighting matters.", "So does speeding.<br/>Especially near schools."]
    assert "How safe you feel." in public.text and public.text.count(consultation.summary.split("\n")[0]) == 1


def test_officer_links_a_theme_to_a_priority_and_action_and_the_results_page_shows_the_trail(
    client: FlaskClient,
) -> None:
    consultation, _ = consultation_with_responses()
    sign_in(client, make_user(Role.OFFICER))
    base = f"/officers/reports/{consultation.id}/report"
    assert post(client, f"{base}/priorities/new", {"label": "Tackling drugs", "rating_key": ""}).status == 302
    priority = db.session.scalar(select(StrategyPriority))
    refused = post(client, f"{base}/priorities/new", {"label": "", "rating_key": "nonsense"})
    assert (
        refused.status == 400
        and db.session.scalar(select(StrategyPriority).where(StrategyPriority.id != priority.id)) is None
    )
    post(
        client,
        f"{base}/actions/new",
        {"priority_id": str(priority.id), "you_said": "Dealing on estates.", "we_did": "A drugs action plan."},
    )
    action = db.session.scalar(select(ResultAction))
    assert action.priority_id == priority.id
    post(client, f"{base}/themes/drugs", {"priority_id": str(priority.id), "action_id": str(action.id)})
    link = db.session.get(ThemeLink, (consultation.id, "drugs"))
    assert (link.priority_id, link.action_id) == (priority.id, action.id)
    post(client, f"{base}/summary", {"text": "First paragraph.\r\n\r\nSecond paragraph."})
    assert db.session.get(ReportSummary, consultation.id).text == "First paragraph.\n\nSecond paragraph."

    report = get(client, base)
    section = report.soup.select_one(f"#priority-{priority.id}")
    assert "Drugs" in section.get_text() and "A drugs action plan." in section.get_text()
    assert "Priority: Tackling drugs." in report.soup.select_one("#theme-drugs [data-priority]").get_text()
    summary = report.soup.select_one("#executive-summary").find_next_siblings("p", limit=2)
    assert [p.get_text() for p in summary] == ["First paragraph.", "Second paragraph."]

    consultation.status = ConsultationStatus.RESULTS_PUBLISHED
    post(
        client,
        f"/officers/consultations/{consultation.id}/results",
        {"we_asked": "Asked.", "you_said": "Said.", "we_did": "Did."},
    )
    db.session.refresh(consultation)
    consultation.status = ConsultationStatus.RESULTS_PUBLISHED
    consultation.close_at_utc = consultation.open_at_utc
    db.session.commit()
    card = get(client, f"/consultations/{consultation.slug}").soup.select_one(".sv-results-priority")
    assert card.select_one("h4").get_text() == "Tackling drugs"
    values = [dd.get_text(strip=True) for dd in card.select("dd")]
    assert values == ["Drugs", "Dealing on estates.", "A drugs action plan."]


def test_removing_a_priority_keeps_its_themes_and_actions_unlinked(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    officer = make_user(Role.OFFICER)
    priority = traceability.save_priority(officer, consultation, None, label="Tackling drugs", rating_key="")
    action = traceability.save_action(
        officer, consultation, None, priority_id=priority.id, you_said="Said.", we_did="Did."
    )
    traceability.link_theme(officer, consultation, "drugs", priority_id=priority.id, action_id=action.id)
    db.session.commit()
    priority_id, action_id = priority.id, action.id
    sign_in(client, officer)
    base = f"/officers/reports/{consultation.id}/report/priorities"
    assert post(client, f"{base}/{priority_id}/delete", {}, form_url=base).status == 302
    db.session.expire_all()
    assert db.session.get(StrategyPriority, priority_id) is None
    assert db.session.get(ResultAction, action_id).priority_id is None
    link = db.session.get(ThemeLink, (consultation.id, "drugs"))
    assert (link.priority_id, link.action_id) == (None, action_id)
    assert client.post(f"{base}/{priority_id}/delete").status_code == 400


def test_pinning_through_the_page_refuses_a_fifth_quote(client: FlaskClient) -> None:
    consultation, survey = consultation_with_responses()
    for number in range(4):
        respond(survey, comment=f"Drug dealing outside shop number {number} every single night")
    sign_in(client, make_user(Role.OFFICER))
    page = f"/officers/reports/{consultation.id}/report/themes/drugs"
    answers = [quote.answer_id for quote in candidates(consultation, "drugs")][:5]
    for answer_id in answers[:4]:
        assert post(client, f"{page}/pins/{answer_id}", {}, form_url=page).status == 302
    refused = post(client, f"{page}/pins/{answers[4]}", {}, form_url=page, follow_redirects=True)
    assert "A theme can have at most 4 quotes" in refused.text
    assert db.session.scalar(select(func.count(PinnedQuote.id))) == 4
    pinned = get(client, page).soup.select("[data-answer] strong")
    assert len(pinned) == 4
