"""A consultation gets its codebook when it is created; reading a codebook never writes (issue 15.4)."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.analysis.engine import load_default_codebook
from app.extensions import db
from app.models import CodebookTheme, Consultation, ConsultationCodebook, ConsultationStatus, Role
from app.models.types import utcnow
from tests.factories import make_user, sign_in
from tests.pages import get, post


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    }


def _consultation_stored_before_codebooks() -> Consultation:
    """As in a database from before consultations were created with their codebook: no codebook rows at all."""
    consultation = Consultation(
        slug="older",
        title="An older consultation",
        summary="From before.",
        open_at_utc=utcnow() - timedelta(days=1),
        close_at_utc=utcnow() + timedelta(days=9),
        status=ConsultationStatus.PUBLISHED,
    )
    db.session.add(consultation)
    db.session.commit()
    return consultation


def test_reading_a_codebook_never_stored_shows_the_default_themes_and_changes_no_row(client: FlaskClient) -> None:
    consultation = _consultation_stored_before_codebooks()
    sign_in(client, make_user(Role.OFFICER))
    before = _row_counts()
    page = get(client, f"/officers/analysis/{consultation.id}/codebook")
    assert page.status == 200
    default_labels = [theme.label for theme in load_default_codebook().themes if not theme.retired]
    assert default_labels and all(label in page.text for label in default_labels)
    assert _row_counts() == before
    assert db.session.get(ConsultationCodebook, consultation.id) is None


def test_a_consultation_created_by_an_officer_has_its_codebook(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER))
    opens, closes = utcnow() + timedelta(days=3), utcnow() + timedelta(days=40)
    dates = {
        f"{prefix}_{part}": str(getattr(when, part))
        for prefix, when in (("open", opens), ("close", closes))
        for part in ("day", "month", "year")
    } | {"open_time": "09:00", "close_time": "17:00"}
    post(
        client,
        "/officers/consultations/new",
        {"title": "Night-time economy", "summary": "Late licences.", **dates},
        form_url="/officers/consultations/new",
    )
    consultation = db.session.scalar(select(Consultation).where(Consultation.title == "Night-time economy"))
    assert consultation is not None
    assert db.session.get(ConsultationCodebook, consultation.id).revision == 1
    stored = db.session.scalars(
        select(CodebookTheme.key)
        .where(CodebookTheme.consultation_id == consultation.id)
        .order_by(CodebookTheme.position)
    )
    assert list(stored) == [theme.id for theme in load_default_codebook().themes]
    before = _row_counts()
    assert get(client, f"/officers/analysis/{consultation.id}/codebook").status == 200
    assert _row_counts() == before


def test_the_first_edit_of_a_codebook_never_stored_keeps_the_default_themes(client: FlaskClient) -> None:
    consultation = _consultation_stored_before_codebooks()
    sign_in(client, make_user(Role.OFFICER))
    url = f"/officers/analysis/{consultation.id}/codebook/new"
    post(client, url, {"label": "Street lighting", "phrases": "dark street\nbroken lights"})
    keys = list(
        db.session.scalars(
            select(CodebookTheme.key)
            .where(CodebookTheme.consultation_id == consultation.id)
            .order_by(CodebookTheme.position)
        )
    )
    assert keys == [theme.id for theme in load_default_codebook().themes] + ["street_lighting"]
    assert db.session.get(ConsultationCodebook, consultation.id).revision == 2
