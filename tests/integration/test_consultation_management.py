"""Officers create and edit consultations and move them through their lifecycle, each change audit-logged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Consultation, ConsultationResults, ConsultationStatus, Role
from app.models.types import utcnow
from tests.factories import make_consultation, make_user, sign_in
from tests.pages import get, post

NEW = "/officers/consultations/new"


def _dates(prefix: str, when: datetime, time: str | None = None) -> dict[str, str]:
    return {
        f"{prefix}_day": str(when.day),
        f"{prefix}_month": str(when.month),
        f"{prefix}_year": str(when.year),
        f"{prefix}_time": time or when.strftime("%H:%M"),
    }


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Community Safety Strategy 2027 – have your say",
        "summary": "Tell us what worries you.",
        "open_day": "1",
        "open_month": "10",
        "open_year": "2030",
        "open_time": "9am",
        "close_day": "31",
        "close_month": "1",
        "close_year": "2031",
        "close_time": "17:00",
    }
    return {**data, **overrides}


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_officer_creates_a_draft_with_london_times_stored_in_utc(client: FlaskClient) -> None:
    officer = make_user(Role.OFFICER)
    sign_in(client, officer)
    page = post(client, NEW, _form(), follow_redirects=True)
    assert page.status == 200
    assert "created as a draft" in page.text
    consultation = db.session.scalar(select(Consultation))
    assert consultation.slug == "community-safety-strategy-2027-have-your-say"
    assert consultation.status == ConsultationStatus.DRAFT
    assert consultation.open_at_utc == datetime(2030, 10, 1, 8, 0, tzinfo=UTC)  # BST
    assert consultation.close_at_utc == datetime(2031, 1, 31, 17, 0, tzinfo=UTC)  # GMT
    [event] = _events("consultation_created")
    assert event.actor_id == officer.id and event.object_id == consultation.id
    assert page.h1 == consultation.title
    assert "Draft" in page.text and "Not published yet" in page.text


def test_same_title_gets_a_different_slug(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER))
    post(client, NEW, _form())
    post(client, NEW, _form())
    slugs = db.session.scalars(select(Consultation.slug).order_by(Consultation.id)).all()
    assert slugs == ["community-safety-strategy-2027-have-your-say", "community-safety-strategy-2027-have-your-say-2"]


def test_bad_input_shows_errors_and_stores_nothing(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER))
    page = post(client, NEW, _form(title="", open_month="", close_day="31", close_month="2", close_time="25:00"))
    assert page.status == 400
    assert page.error_summary() == [
        "Enter a title",
        "Opening date must include a month",
        "Closing date must be a real date",
        "Closing time must be a real time, like 09:00 or 5:30pm",
    ]
    assert page.soup.select_one("#close_day")["class"].count("govuk-input--error") == 1
    assert page.soup.select_one("#summary").get_text() == "Tell us what worries you."
    assert db.session.scalar(select(func.count(Consultation.id))) == 0
    assert _events("consultation_created") == []


def test_close_must_be_after_open(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER))
    page = post(client, NEW, _form(close_day="1", close_month="10", close_year="2030", close_time="08:59"))
    assert page.error_summary() == ["The closing date must be after the opening date"]
    assert db.session.scalar(select(func.count(Consultation.id))) == 0


def test_officer_edits_details_and_dates_of_a_draft(client: FlaskClient) -> None:
    officer = make_user(Role.OFFICER)
    consultation = make_consultation(phase="upcoming", status=ConsultationStatus.DRAFT)
    sign_in(client, officer)
    url = f"/officers/consultations/{consultation.id}/edit"
    form = get(client, url)
    assert form.soup.select_one("#title")["value"] == consultation.title
    page = post(client, url, _form(title="A new title"))
    assert page.status == 302
    db.session.refresh(consultation)
    assert consultation.title == "A new title" and consultation.slug == "safety-2026"
    assert consultation.open_at_utc == datetime(2030, 10, 1, 8, 0, tzinfo=UTC)
    [event] = _events("consultation_updated")
    assert event.detail["fields"] == ["title", "summary", "open_at_utc", "close_at_utc"]


def test_bad_edit_changes_nothing(client: FlaskClient) -> None:
    consultation = make_consultation(phase="upcoming", status=ConsultationStatus.DRAFT)
    before = (consultation.title, consultation.open_at_utc, consultation.close_at_utc)
    sign_in(client, make_user(Role.OFFICER))
    page = post(client, f"/officers/consultations/{consultation.id}/edit", _form(title="Changed", open_year="20"))
    assert page.status == 400 and page.error_summary() == ["Year must include 4 numbers"]
    db.session.refresh(consultation)
    assert (consultation.title, consultation.open_at_utc, consultation.close_at_utc) == before
    assert _events("consultation_updated") == []


def test_dates_of_an_open_consultation_are_not_on_the_edit_form(client: FlaskClient) -> None:
    consultation = make_consultation(phase="open")
    close_before = consultation.close_at_utc
    sign_in(client, make_user(Role.OFFICER))
    url = f"/officers/consultations/{consultation.id}/edit"
    assert get(client, url).soup.select_one("#close_day") is None
    post(client, url, _form(title="Renamed"))
    db.session.refresh(consultation)
    assert consultation.title == "Renamed" and consultation.close_at_utc == close_before


def test_publish_with_reason_schedules_an_upcoming_consultation(client: FlaskClient) -> None:
    officer = make_user(Role.OFFICER)
    consultation = make_consultation(phase="upcoming", status=ConsultationStatus.DRAFT)
    sign_in(client, officer)
    url = f"/officers/consultations/{consultation.id}/status/publish"
    empty = post(client, url, {"reason": " "})
    assert empty.status == 400 and empty.error_summary() == ["Enter the reason for the change"]
    db.session.refresh(consultation)
    assert consultation.status == ConsultationStatus.DRAFT
    page = post(client, url, {"reason": "Signed off by Risk Board"}, follow_redirects=True)
    assert "Consultation published" in page.text and "Scheduled" in page.text
    db.session.refresh(consultation)
    assert consultation.status == ConsultationStatus.PUBLISHED
    [event] = _events("consultation_publish")
    assert event.actor_id == officer.id
    assert event.detail == {"reason": "Signed off by Risk Board", "scheduled": True}
    assert "Coming soon" in get(client, "/").text or consultation.title in get(client, "/").text


def test_open_early_then_close_now(client: FlaskClient) -> None:
    consultation = make_consultation(phase="upcoming")
    sign_in(client, make_user(Role.OFFICER))
    base = f"/officers/consultations/{consultation.id}/status"
    post(client, f"{base}/open-early", {"reason": "Board asked us to start today"})
    db.session.refresh(consultation)
    assert consultation.open_at_utc <= utcnow()
    assert consultation.phase(utcnow()).value == "open"
    post(client, f"{base}/close", {"reason": "Enough responses"})
    db.session.refresh(consultation)
    assert consultation.phase(utcnow()).value == "closed"
    assert [e.detail["reason"] for e in _events("consultation_open_early") + _events("consultation_close")] == [
        "Board asked us to start today",
        "Enough responses",
    ]


def test_extend_needs_a_later_date(client: FlaskClient) -> None:
    consultation = make_consultation(phase="open")
    close_before = consultation.close_at_utc
    sign_in(client, make_user(Role.OFFICER))
    url = f"/officers/consultations/{consultation.id}/status/extend"
    earlier = post(client, url, {"reason": "More time", **_dates("close", close_before - timedelta(days=2))})
    assert earlier.status == 400
    assert earlier.error_summary() == ["The new closing date must be after the current closing date"]
    db.session.refresh(consultation)
    assert consultation.close_at_utc == close_before and _events("consultation_extend") == []
    later = (close_before + timedelta(days=14)).replace(second=0, microsecond=0)
    post(client, url, {"reason": "Schools asked for more time", **_dates("close", later.astimezone(_london()))})
    db.session.refresh(consultation)
    assert consultation.close_at_utc == later
    assert _events("consultation_extend")[0].detail["close_at_utc"] == later.isoformat()


def test_action_not_allowed_in_this_phase_changes_nothing(client: FlaskClient) -> None:
    consultation = make_consultation(phase="closed")
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/consultations/{consultation.id}/status/close", follow_redirects=True)
    assert "You cannot do this while the consultation is closed" in page.text
    assert client.get(f"/officers/consultations/{consultation.id}/status/explode").status_code == 404


def test_results_are_written_then_published_after_close(client: FlaskClient) -> None:
    officer = make_user(Role.OFFICER)
    consultation = make_consultation(phase="closed")
    sign_in(client, officer)
    publish = f"/officers/consultations/{consultation.id}/status/publish-results"
    refused = post(client, publish, {"reason": "Ready"})
    assert refused.status == 400
    assert "Write all three parts" in refused.error_summary()[0]
    post(
        client,
        f"/officers/consultations/{consultation.id}/results",
        {"we_asked": "How safe you feel.", "you_said": "Street lighting matters.", "we_did": "New lights in CMK."},
    )
    results = db.session.scalar(select(ConsultationResults))
    assert results.you_said == "Street lighting matters." and results.published_at_utc is None
    public = get(client, f"/consultations/{consultation.slug}")
    assert "Street lighting matters." not in public.text
    post(client, publish, {"reason": "Agreed at Risk Board"})
    db.session.refresh(consultation)
    assert consultation.status == ConsultationStatus.RESULTS_PUBLISHED
    public = get(client, f"/consultations/{consultation.slug}")
    assert "We asked, you said, we did" in public.text
    assert "Street lighting matters." in public.text and "New lights in CMK." in public.text
    assert "results published" in get(client, "/").text
    assert [
        e.action
        for e in db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == officer.id).order_by(AuditEvent.id))
    ][-2:] == ["results_saved", "consultation_publish_results"]


def test_results_cannot_be_published_while_open(client: FlaskClient) -> None:
    consultation = make_consultation(phase="open")
    sign_in(client, make_user(Role.OFFICER))
    response = client.get(f"/officers/consultations/{consultation.id}/status/publish-results")
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert consultation.status == ConsultationStatus.PUBLISHED


def _london():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")
