"""Upload types and sizes on every upload route: a file of the wrong type, one over the route's limit, an empty one
and a body over the server's limit are each refused with a message (or 413) and change nothing in the database.

Guards: app/officers/documents.py ``check_pdf`` (extension, ``%PDF-`` signature, empty, DOCUMENT_MAX_BYTES), the
builder's ``_upload`` (512 KB, .json/.yaml/.yml, UTF-8) and the definition parser, ``ResponsesImportForm`` and
app/stakeholders/imports.py (.csv, 2 MB, empty, not binary), app/reports/representativeness.py ``parse_profile``
(CSV text with its header, at most MAX_ROWS rows), and MAX_CONTENT_LENGTH (10 MB) for every route.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient

from app.models import Role
from app.officers.documents import DEFAULT_MAX_BYTES
from app.reports.representativeness import MAX_ROWS
from app.stakeholders.imports import MAX_BYTES as IMPORT_MAX_BYTES
from tests.factories import FIXTURES, add_survey, make_consultation, make_user, sign_in
from tests.pages import Page, post
from tests.security.snapshot import changed_tables, database_rows

DEFINITION_MAX_BYTES = 512 * 1024
SERVER_MAX_BYTES = 10 * 1024 * 1024
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 4


@dataclass(frozen=True)
class UploadRoute:
    name: str
    path: str
    field: str
    extra: dict[str, str]
    filename: str
    limit: bytes
    """A file of the right type just over the route's own limit."""


def _routes(consultation_id: int, survey_id: int) -> list[UploadRoute]:
    definition = (FIXTURES / "mini_survey.yaml").read_text()
    profile_rows = "".join(f"age,band_{n},0.0001\n" for n in range(MAX_ROWS + 1))
    return [
        UploadRoute(
            "document",
            f"/officers/consultations/{consultation_id}/documents/new",
            "file",
            {"title": "The draft plan"},
            "plan.pdf",
            b"%PDF-1.4\n" + b"0" * DEFAULT_MAX_BYTES,
        ),
        UploadRoute(
            "survey import",
            f"/officers/surveys/consultations/{consultation_id}/import",
            "definition",
            {},
            "survey.yaml",
            (definition + "#" * DEFINITION_MAX_BYTES).encode(),
        ),
        UploadRoute(
            "version import",
            f"/officers/surveys/{survey_id}/import",
            "definition",
            {},
            "survey.yaml",
            (definition + "#" * DEFINITION_MAX_BYTES).encode(),
        ),
        UploadRoute(
            "responses import",
            f"/officers/responses/surveys/{survey_id}/import",
            "file",
            {"received_on_time": "y"},
            "responses.csv",
            b"safe_day\n" + b"safe\n" * (IMPORT_MAX_BYTES // 5),
        ),
        UploadRoute(
            "population profile",
            f"/officers/reports/{consultation_id}/population",
            "file",
            {"source": "ONS Census 2021"},
            "profile.csv",
            ("dimension,category,share\n" + profile_rows).encode(),
        ),
    ]


CASES = {
    "wrong type": lambda route: ("tool.exe", EXECUTABLE),
    "wrong content under the right name": lambda route: (route.filename, EXECUTABLE),
    "empty": lambda route: (route.filename, b""),
    "over the route's limit": lambda route: (route.filename, route.limit),
}


def _upload(client: FlaskClient, route: UploadRoute, filename: str, content: bytes) -> Page:
    return post(client, route.path, {**route.extra, route.field: (io.BytesIO(content), filename)})


@pytest.mark.parametrize("case", list(CASES))
def test_every_upload_route_refuses_a_bad_file_and_changes_nothing(client: FlaskClient, case: str) -> None:
    consultation = make_consultation()
    survey = add_survey(consultation)
    sign_in(client, make_user(Role.OFFICER))
    routes = _routes(consultation.id, survey.id)
    before = database_rows()
    wrong = []
    for route in routes:
        page = _upload(client, route, *CASES[case](route))
        if page.status != 400 or not page.error_summary():
            wrong.append(f"{route.name}: {page.status} {page.error_summary()}")
    assert not wrong, "\n".join(wrong)
    assert changed_tables(before, database_rows()) == []


def test_a_body_over_the_server_limit_is_refused_on_every_upload_route(client: FlaskClient) -> None:
    consultation = make_consultation()
    survey = add_survey(consultation)
    sign_in(client, make_user(Role.OFFICER))
    before = database_rows()
    huge = b"%PDF-1.4\n" + b"0" * SERVER_MAX_BYTES
    statuses = {
        route.name: _upload(client, route, route.filename, huge).status for route in _routes(consultation.id, survey.id)
    }
    assert set(statuses.values()) == {413}, statuses
    assert changed_tables(before, database_rows()) == []


def test_a_good_file_is_accepted_so_the_refusals_above_are_about_the_file(client: FlaskClient) -> None:
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    document = _routes(consultation.id, 0)[0]
    page = _upload(client, document, "plan.pdf", b"%PDF-1.4\n%%EOF\n")
    assert page.status == 302
    assert page.response.location.endswith("#documents")


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['touch /tmp/pwned']",
        "!!python/name:os.system",
        "!<tag:yaml.org,2002:python/object/new:subprocess.Popen> [['id']]",
    ],
)
def test_yaml_tags_in_a_survey_definition_are_refused(client: FlaskClient, tagged: str) -> None:
    """Guards: the definition loader reads YAML with ``safe_load`` and refuses tags (app/surveys/engine)."""
    consultation = make_consultation()
    sign_in(client, make_user(Role.OFFICER))
    plain = (FIXTURES / "mini_survey.yaml").read_text()
    definition = plain.replace("title: Residents' survey", f"title: {tagged}", 1)
    assert definition != plain
    route = _routes(consultation.id, 0)[1]
    before = database_rows()
    page = _upload(client, route, "survey.yaml", definition.encode())
    assert page.status == 400
    assert page.error_summary()
    assert changed_tables(before, database_rows()) == []
    assert _upload(client, route, "survey.yaml", plain.encode()).status == 302
