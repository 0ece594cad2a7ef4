"""Officers upload PDFs (checked by extension, signature and size), keep a timeline of milestones, and both show on
the public consultation page."""

from __future__ import annotations

from io import BytesIO

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import AuditEvent, ConsultationDocument, Milestone, Role
from tests.factories import make_consultation, make_user, sign_in
from tests.pages import get, post

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def _upload(client: FlaskClient, consultation_id: int, content: bytes, filename: str,
            title: str = "Draft strategy") -> TestResponse:
    url = f"/officers/consultations/{consultation_id}/documents/new"
    token = get(client, url).csrf_token()
    response = client.post(url, data={"csrf_token": token, "title": title, "file": (BytesIO(content), filename)},
                           content_type="multipart/form-data")
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
    page = post(client, f"/officers/consultations/{consultation_id}/milestones/new",
                {"due_day": day, "due_month": "2", "due_year": "2031", "label": label, "description": description})
    assert page.status == 302, page.error_summary()


def test_milestones_are_added_ordered_edited_removed_and_shown_publicly(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    _milestone(client, consultation.id, "15", "Risk Board signs off the final draft")
    _milestone(client, consultation.id, "1", "Consultation closes", "Thank you for taking part")
    labels = lambda: list(db.session.scalars(select(Milestone.label).order_by(Milestone.position)))  # noqa: E731
    assert labels() == ["Risk Board signs off the final draft", "Consultation closes"]
    second = db.session.scalar(select(Milestone).where(Milestone.label == "Consultation closes"))
    overview = f"/officers/consultations/{consultation.id}"
    post(client, f"{overview}/milestones/{second.id}/move", {"direction": "up"}, form_url=overview)
    assert labels() == ["Consultation closes", "Risk Board signs off the final draft"]
    public = get(client, f"/consultations/{consultation.slug}")
    timeline = public.soup.select_one("#timeline").find_next("ol").get_text(" ", strip=True)
    assert timeline == ("1 February 2031 Consultation closes Thank you for taking part "
                        "15 February 2031 Risk Board signs off the final draft")
    post(client, f"{overview}/milestones/{second.id}/edit",
         {"due_day": "2", "due_month": "2", "due_year": "2031", "label": "Consultation ends", "description": ""})
    db.session.refresh(second)
    assert second.label == "Consultation ends" and second.due_on.day == 2
    post(client, f"{overview}/milestones/{second.id}/delete", {}, form_url=overview)
    assert labels() == ["Risk Board signs off the final draft"]
    assert [a for a in _actions() if a.startswith("milestone")] == [
        "milestone_added", "milestone_added", "milestone_moved", "milestone_updated", "milestone_removed"]


def test_bad_milestone_shows_errors_and_stores_nothing(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    page = post(client, f"/officers/consultations/{consultation.id}/milestones/new",
                {"due_day": "30", "due_month": "2", "due_year": "2031", "label": ""})
    assert page.status == 400
    assert page.error_summary() == ["Date must be a real date", "Enter what happens at this step"]
    assert db.session.scalar(select(func.count(Milestone.id))) == 0
