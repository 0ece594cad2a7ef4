"""Arranging consultations with sent responses for the report tests."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from itertools import cycle

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.jobs.runner import wait_for_local_jobs
from app.models import Consultation, Job, JobStatus, ResponseChannel, Survey
from app.models.types import utcnow
from app.surveys import responses
from app.surveys.engine import AnswerItem
from tests.factories import add_survey, make_consultation
from tests.pages import post

COMMENTS = [
    "Drug dealing on the estate every night, needles left in the park",
    "We need more police patrols, never see a PCSO round here",
    "The underpass by the station is dark and the street lights are broken",
    '=HYPERLINK("http://evil.example","click") drugs everywhere',
    "+44 call me about the speeding cars on my road",
]


def respond(
    survey: Survey,
    *,
    safe: str = "safe",
    sex: str | None = "female",
    ward: str = "bletchley_east",
    worries: tuple[str, ...] = ("drugs",),
    other: str | None = None,
    comment: str | None = None,
    channel: ResponseChannel = ResponseChannel.ONLINE,
    sent: bool = True,
    age_band: str | None = None,
) -> int:
    draft = responses.load_draft(responses.start_draft(survey, channel=channel, now=utcnow()))
    answers = {
        "safe_day": (AnswerItem("safe_day", None, safe),),
        "feel_safe": (AnswerItem("feel_safe", "day", safe), AnswerItem("feel_safe", "dark", "unsafe")),
        "worries": tuple(AnswerItem("worries", None, w) for w in worries)
        + ((AnswerItem("worries", "other", other),) if other else ()),
        "top": (AnswerItem("top", None, "drugs", 1), AnswerItem("top", None, "knife_crime", 2)),
        "ward": (AnswerItem("ward", None, ward),),
    }
    if comment:
        answers["comments"] = (AnswerItem("comments", None, comment),)
    if sex:
        answers["sex"] = (AnswerItem("sex", None, sex),)
    if age_band:
        answers["age_band"] = (AnswerItem("age_band", None, age_band),)
    draft = responses.save_answers(draft, answers, utcnow())
    if sent:
        responses.submit(draft, utcnow())
    db.session.commit()
    return draft.response.id


def consultation_with_responses(slug: str = "safety-2026") -> tuple[Consultation, Survey]:
    """30 sent responses (24 female, 6 male; 20 safe, 10 unsafe; 3 channels) and one unsent draft."""
    consultation = make_consultation(slug)
    survey = add_survey(consultation, "reports_survey.yaml")
    comments = cycle(COMMENTS)
    for i in range(30):
        respond(
            survey,
            safe="safe" if i < 20 else "unsafe",
            sex="female" if i < 24 else "male",
            ward="bletchley_east" if i % 3 else "olney",
            worries=("drugs", "knives") if i % 2 else ("drugs",),
            other="=SUM(A1:A9)" if i == 0 else None,
            comment=next(comments) if i < 10 else None,
            channel=(ResponseChannel.ONLINE, ResponseChannel.PAPER, ResponseChannel.EMAIL)[i % 3],
        )
    respond(survey, safe="unsafe", sex="male", sent=False)
    return consultation, survey


def earlier_consultation(current: Consultation) -> Consultation:
    """Last year's survey with the same slug: 40 sent responses, 10 safe and 30 unsafe (groups of 10 or more, so the
    dashboard shows them)."""
    earlier = make_consultation("safety-2025", phase="closed")
    earlier.open_at_utc = current.open_at_utc - timedelta(days=365)
    earlier.close_at_utc = current.open_at_utc - timedelta(days=300)
    earlier.title = "Annual survey 2025"
    db.session.commit()
    survey = add_survey(earlier, "reports_survey.yaml")
    for i in range(40):
        respond(survey, safe="safe" if i < 10 else "unsafe")
    return earlier


def export_download(client: FlaskClient, consultation_id: int, key: str) -> bytes:
    """Start the ``key`` export (csv, xlsx, json, docx) from the dashboard as ``client``, let the job finish, and
    download the file: the bytes an officer would save."""
    dashboard = f"/officers/reports/{consultation_id}"
    assert post(client, f"{dashboard}/exports/{key}", {}, form_url=dashboard).status == 302
    wait_for_local_jobs()
    db.session.rollback()
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert job.status == JobStatus.DONE, job.error
    download = client.get(f"{dashboard}/exports/{job.id}/download")
    db.session.rollback()
    assert download.status_code == 200
    return download.get_data()


def csv_files(content: bytes) -> dict[str, str]:
    """The CSV export (a zip of one file per survey) as file name -> text, each checked to start with the byte
    order mark Excel needs."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        raw = {name: archive.read(name) for name in archive.namelist()}
    assert all(data.startswith(b"\xef\xbb\xbf") for data in raw.values())
    return {name: data.decode("utf-8-sig") for name, data in raw.items()}


def csv_text(content: bytes) -> str:
    """Every file of the CSV export, one after another."""
    return "".join(csv_files(content).values())


def csv_rows(content: bytes, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_files(content)[name], newline="")))
