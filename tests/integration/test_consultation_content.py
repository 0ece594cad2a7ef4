"""Officers upload PDFs (checked by extension, signature and size), keep a timeline of milestones, and both show on
the public consultation page."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app.common.filters import LONDON
from app.extensions import db
from app.models import AuditEvent, ConsultationDocument, Milestone, Role
from app.models.types import utcnow
from app.officers.milestones import add_milestone
from app.surveys.invites import create_invite, find_or_create_organisation
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.pages import get, post

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def _upload(
    client: FlaskClient, consultation_id: int, content: bytes, filename: str, title: str = "Draft strategy"
) -> TestResponse:
    url = f"/officers/consultations/{consultation_id}/documents/new"
    token = get(client, url).csrf_token()
    response = client.post(
        url,
        data={"csrf_token": token, "title": title, "file": (BytesIO(content), filename)},
        content_type="multipart/form-data",
    )
    db.session.rollback()
    return response


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_officer_uploads_a_pdf_that_residents_download_safely(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    response = _upload(client, consultation.id, PDF, "../../Draft Strategy.PDF")
    assert response.status_code == 302
    document = db.session.scalar(select(ConsultationDocument))
    assert (document.title, document.filename) == ("Draft strategy", "Draft_Strategy.PDF")
    assert document.size_bytes == len(PDF)
    assert "document_uploaded" in _actions()
    public = client.get(f"/consultations/{consultation.slug}/documents/{document.id}")
    assert public.data == PDF
    assert public.headers["Content-Disposition"] == 'attachment; filename="Draft_Strategy.PDF"'
    assert "sandbox" in public.headers["Content-Security-Policy"]
    assert public.headers["X-Content-Type-Options"] == "nosniff"
    assert "Draft strategy" in get(client, f"/consultations/{consultation.slug}").text


def test_upload_refuses_non_pdfs_and_stores_nothing(client: FlaskClient, web_app: Flask) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    web_app.config["DOCUMENT_MAX_BYTES"] = 1024
    try:
        cases = [
            (b"<html><script>alert(1)</script>", "strategy.pdf", "The selected file must be a PDF"),
            (PDF, "strategy.exe", "The selected file must be a PDF"),
            (b"", "strategy.pdf", "The selected file is empty"),
            (PDF + b" " * 2048, "strategy.pdf", "The selected file must be smaller than 1 KB"),
        ]
        for content, filename, message in cases:
            response = _upload(client, consultation.id, content, filename)
            assert response.status_code == 400, filename
            assert message in response.get_data(as_text=True), message
    finally:
        web_app.config.pop("DOCUMENT_MAX_BYTES")
    assert db.session.scalar(select(func.count(ConsultationDocument.id))) == 0
    assert "document_uploaded" not in _actions()


def test_officer_deletes_a_document(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    _upload(client, consultation.id, PDF, "a.pdf")
    document_id = db.session.scalar(select(ConsultationDocument.id))
    overview = f"/officers/consultations/{consultation.id}"
    assert client.get(f"{overview}/documents/{document_id}").data == PDF
    page = post(client, f"{overview}/documents/{document_id}/delete", {}, form_url=overview, follow_redirects=True)
    assert "Document ‘Draft strategy’ deleted" in page.text
    assert db.session.scalar(select(func.count(ConsultationDocument.id))) == 0
    assert _actions()[-1] == "document_deleted"


def test_document_of_another_consultation_is_not_found(client: FlaskClient) -> None:
    first, second = make_consultation("first"), make_consultation("second")
    sign_in(client, make_user(Role.OFFICER))
    _upload(client, first.id, PDF, "a.pdf")
    document_id = db.session.scalar(select(ConsultationDocument.id))
    assert client.get(f"/officers/consultations/{second.id}/documents/{document_id}").status_code == 404


def _milestone(client: FlaskClient, consultation_id: int, day: str, label: str, description: str = "") -> None:
    page = post(
        client,
        f"/officers/consultations/{consultation_id}/milestones/new",
        {"due_day": day, "due_month": "2", "due_year": "2031", "label": label, "description": description},
    )
    assert page.status == 302, page.error_summary()


def test_milestones_are_shown_in_date_order_edited_and_removed(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    _milestone(client, consultation.id, "15", "Risk Board signs off the final draft")
    _milestone(client, consultation.id, "1", "Consultation closes", "Thank you for taking part")
    _milestone(client, consultation.id, "20", "Safer MK adopts the strategy")
    overview = f"/officers/consultations/{consultation.id}"
    officer_view = get(client, overview).soup.select_one("#timeline").find_next("ol").get_text(" ", strip=True)
    assert officer_view.index("1 February 2031") < officer_view.index("15 February") < officer_view.index("20 Feb")
    public = get(client, f"/consultations/{consultation.slug}")
    timeline = public.soup.select_one("#timeline").find_next("ol").get_text(" ", strip=True)
    assert timeline == (
        "1 February 2031 Consultation closes Thank you for taking part "
        "15 February 2031 Risk Board signs off the final draft "
        "20 February 2031 Safer MK adopts the strategy"
    )
    second = db.session.scalar(select(Milestone).where(Milestone.label == "Consultation closes"))
    post(
        client,
        f"{overview}/milestones/{second.id}/edit",
        {"due_day": "28", "due_month": "2", "due_year": "2031", "label": "Consultation ends", "description": ""},
    )
    public = get(client, f"/consultations/{consultation.slug}")
    assert (
        public.soup.select_one("#timeline")
        .find_next("ol")
        .get_text(" ", strip=True)
        .endswith("28 February 2031 Consultation ends")
    )
    post(client, f"{overview}/milestones/{second.id}/delete", {}, form_url=overview)
    assert list(db.session.scalars(select(Milestone.label).order_by(Milestone.due_on))) == [
        "Risk Board signs off the final draft",
        "Safer MK adopts the strategy",
    ]
    assert [a for a in _actions() if a.startswith("milestone")] == [
        "milestone_added",
        "milestone_added",
        "milestone_added",
        "milestone_updated",
        "milestone_removed",
    ]


def test_closing_early_moves_the_closing_step_of_the_timeline(client: FlaskClient) -> None:
    consultation = make_consultation()
    old_close = consultation.close_at_utc.astimezone(LONDON).date()
    sign_in(client, make_user(Role.OFFICER))
    for day, label in ((old_close, "Consultation closes"), (old_close + timedelta(days=30), "Board signs off")):
        post(
            client,
            f"/officers/consultations/{consultation.id}/milestones/new",
            {"due_day": str(day.day), "due_month": str(day.month), "due_year": str(day.year), "label": label},
        )
    page = post(client, f"/officers/consultations/{consultation.id}/status/close", {"reason": "Enough responses"})
    assert page.status == 302
    today = utcnow().astimezone(LONDON).date()
    public = get(client, f"/consultations/{consultation.slug}")
    timeline = public.soup.select_one("#timeline").find_next("ol").get_text(" ", strip=True)
    assert timeline.startswith(f"{today.day} {today:%B %Y} Consultation closes")
    assert f"{old_close.day} {old_close:%B %Y}" not in public.text
    assert f"This consultation closed on {today.day} {today:%B %Y}" in public.text
    moved = db.session.scalar(select(Milestone.id).where(Milestone.label == "Consultation closes"))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consultation_close"))
    assert event.detail["milestones_moved"] == [moved]


def test_bad_milestone_shows_errors_and_stores_nothing(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    page = post(
        client,
        f"/officers/consultations/{consultation.id}/milestones/new",
        {"due_day": "30", "due_month": "2", "due_year": "2031", "label": ""},
    )
    assert page.status == 400
    assert page.error_summary() == ["Date must be a real date", "Enter what happens at this step"]
    assert db.session.scalar(select(func.count(Milestone.id))) == 0


def test_extending_moves_the_closing_step_and_keeps_invite_links_working_until_the_new_close(
    client: FlaskClient,
) -> None:
    consultation = make_consultation()
    survey = add_survey(consultation, "mini_stakeholder.yaml")
    organisation = find_or_create_organisation("Parish Council")
    invite, _token = create_invite(survey, organisation, "", consultation.close_at_utc)
    add_milestone(
        None, consultation, due_on=consultation.close_at_utc.astimezone(LONDON).date(), label="Consultation closes"
    )
    db.session.commit()
    sign_in(client, make_user(Role.OFFICER))
    later = (consultation.close_at_utc + timedelta(days=14)).astimezone(LONDON).replace(second=0, microsecond=0)
    page = post(
        client,
        f"/officers/consultations/{consultation.id}/status/extend",
        {
            "reason": "Schools asked for more time",
            "close_day": str(later.day),
            "close_month": str(later.month),
            "close_year": str(later.year),
            "close_time": later.strftime("%H:%M"),
        },
    )
    assert page.status == 302, page.error_summary()
    db.session.refresh(invite)
    assert invite.expires_at_utc == later
    assert db.session.scalar(select(Milestone.due_on)) == later.date()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consultation_extend"))
    assert (event.detail["invites_moved"], len(event.detail["milestones_moved"])) == (1, 1)
