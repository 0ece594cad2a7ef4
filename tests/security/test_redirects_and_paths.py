"""Open redirect and path traversal.

Open redirect guards: ``_safe_next`` in app/auth/sign_in.py (sign-in goes only to a path on this site, whatever
``next=`` holds: ``//evil.example``, ``https://evil.example``, backslashes, encoded slashes), the sign-in redirect of
``roles_required`` (carries only the path), the pupils' help page's back link (``_back_url``, same site only) and
the bulk-coding return (app/analysis/code_answers.py, which follows the Referer header).

Path traversal guards: Flask's ``send_from_directory`` for ``/static``, ``secure_filename`` in
app/officers/documents.py for uploaded names, and the URL converters that keep ``..`` out of export keys, formats and
slugs.
"""

from __future__ import annotations

import io
from urllib.parse import quote, urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import ConsultationDocument, Role
from tests.factories import PASSWORD, add_survey, make_consultation, make_user, sign_in
from tests.pages import get, post

EVIL = [
    "//evil.example",
    "https://evil.example",
    "http://evil.example/staff/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "https:evil.example",
    "//evil.example/%2F..",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "///evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "\t//evil.example",
]
SECRET = "class TestingConfig"
"""Text of config.py, which sits one folder above app/static."""


def _stays_on_site(location: str) -> bool:
    """What a browser would make of the Location header: a path on this site, never another host or scheme.
    Browsers read a backslash as a slash and ignore leading tabs and spaces."""
    target = location.strip().replace("\\", "/")
    parts = urlsplit(target)
    return parts.netloc in ("", "localhost") and parts.scheme in ("", "http") and not target.startswith("//")


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_never_sends_the_user_to_another_site(client: FlaskClient, target: str) -> None:
    user = make_user(Role.OFFICER)
    page = post(
        client,
        f"/staff/sign-in?next={quote(target, safe='')}",
        {"email": user.email, "password": PASSWORD},
        form_url="/staff/sign-in",
    )
    assert page.status == 302
    assert _stays_on_site(page.response.location), page.response.location


def test_sign_in_still_returns_to_the_page_asked_for(client: FlaskClient) -> None:
    user = make_user(Role.OFFICER)
    asked = client.get("/officers/consultations")
    assert asked.status_code == 302
    page = post(client, asked.location, {"email": user.email, "password": PASSWORD}, form_url="/staff/sign-in")
    assert page.response.location == "/officers/consultations"


@pytest.mark.parametrize(
    "referrer", ["https://evil.example/join/questions/x", "http://evil.example/", "//evil.example/join"]
)
def test_the_pupil_help_page_links_back_only_to_this_site(client: FlaskClient, referrer: str) -> None:
    page = get(client, "/join/help", headers={"Referer": referrer})
    assert page.status == 200
    back = page.soup.select_one("#go-back")
    assert back is not None
    assert _stays_on_site(str(back["href"])), back["href"]


@pytest.mark.parametrize("referrer", ["https://evil.example/officers/", "//evil.example/x"])
def test_bulk_coding_returns_only_to_this_site(client: FlaskClient, referrer: str) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    answers = f"/officers/analysis/{consultation.id}/answers"
    token = get(client, "/staff/sign-in").csrf_token()
    response = client.post(f"{answers}/bulk", data={"csrf_token": token}, headers={"Referer": referrer})
    assert response.status_code == 302
    assert _stays_on_site(response.location), response.location


@pytest.mark.parametrize(
    "path",
    [
        "/static/../config.py",
        "/static/..%2fconfig.py",
        "/static/%2e%2e/config.py",
        "/static/%2e%2e%2fconfig.py",
        "/static/..%5cconfig.py",
        "/static/....//config.py",
        "/static/dist/../../../config.py",
        "/static/%252e%252e/config.py",
        "/static/..%c0%afconfig.py",
        "/static//work/main/config.py",
    ],
)
def test_static_files_never_reach_outside_their_folder(client: FlaskClient, path: str) -> None:
    response = client.get(path, follow_redirects=True)
    assert response.status_code in (400, 404)
    assert SECRET not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "filename",
    [
        "../../../etc/cron.d/evil.pdf",
        "..\\..\\windows\\evil.pdf",
        "/etc/evil.pdf",
        "....//evil.pdf",
        "%2e%2e%2fevil.pdf",
    ],
)
def test_an_uploaded_document_keeps_only_a_plain_file_name(client: FlaskClient, filename: str) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    page = post(
        client,
        f"/officers/consultations/{consultation.id}/documents/new",
        {"title": "Plan", "file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename)},
    )
    assert page.status == 302
    stored = db.session.scalar(select(ConsultationDocument.filename))
    assert stored.endswith("evil.pdf")
    assert not {"/", "\\"} & set(stored) and ".." not in stored
    document_id = db.session.scalar(select(ConsultationDocument.id))
    download = client.get(f"/consultations/{consultation.slug}/documents/{document_id}")
    assert download.status_code == 200
    assert "/" not in download.headers["Content-Disposition"] and ".." not in download.headers["Content-Disposition"]


@pytest.mark.parametrize("part", ["..%2f..%2fconfig.py", "%2e%2e", "..", "..%5cconfig.py"])
def test_path_parts_with_dot_dot_find_nothing(client: FlaskClient, part: str) -> None:
    consultation = make_consultation()
    survey = add_survey(consultation)
    sign_in(client, make_user(Role.OFFICER))
    token = get(client, f"/officers/reports/{consultation.id}").csrf_token()
    urls = [
        f"/officers/surveys/{survey.id}/versions/1/export.{part}",
        f"/consultations/{part}/documents/1",
        f"/consultations/{consultation.slug}/{part}",
        f"/officers/analysis/{consultation.id}/codebook/{part}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.get_data(as_text=True)
    started = client.post(f"/officers/reports/{consultation.id}/exports/{part}", data={"csrf_token": token})
    assert started.status_code == 404


def test_bulk_coding_returns_to_the_list_the_officer_was_on(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    listing = f"http://localhost/officers/analysis/{consultation.id}/answers?theme=drugs&page=2"
    token = get(client, "/staff/sign-in").csrf_token()
    response = client.post(
        f"/officers/analysis/{consultation.id}/answers/bulk", data={"csrf_token": token}, headers={"Referer": listing}
    )
    assert response.location == listing
