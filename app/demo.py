"""The Milton Keynes demo: a consultation on the draft Community Safety Strategy, open now and named for the year the
strategy is adopted (app/officers/demo_timeline.py), with resident and stakeholder surveys, 120 sample resident
responses for the analysis pages (app/demo_responses.py), and a sign-in for each staff role."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, url_for
from sqlalchemy import select

from app.analysis.codebooks import ensure_codebook
from app.auth.services import create_user, find_user_by_email
from app.demo_responses import seed_resident_responses
from app.extensions import db
from app.models import Consultation, ConsultationDocument, ConsultationStatus, Role
from app.models.types import utcnow
from app.officers.demo_timeline import DemoCalendar, add_demo_timeline
from app.stakeholders.invitations import issue_demo_link
from app.surveys.definitions_service import create_survey
from app.surveys.engine import load_definition
from app.surveys.invites import find_or_create_organisation

DEFINITIONS = Path(__file__).parent / "surveys" / "definitions"
DEMO_SLUG = "community-safety-strategy"
DEMO_OFFICER = ("officer@example.org", "Demo Officer", "demo-officer-password")
DEMO_ADMIN = ("administrator@example.org", "Demo Administrator", "demo-admin-password")


def demo_title(calendar: DemoCalendar) -> str:
    return f"Community Safety Strategy {calendar.strategy_year} – have your say"


def demo_summary(calendar: DemoCalendar) -> str:
    """The introduction, with the sign-off and adoption months of the demo's own timeline."""
    return (
        "Community Safety Partnerships must agree and publish a strategy for reducing crime and disorder. MK Together, "
        "the partnership for Milton Keynes, is writing its Community Safety Strategy for "
        f"{calendar.strategy_year} and beyond, informed by this year's strategic assessment.\n\n"
        "The draft strategy keeps our existing priorities and asks about three new lines of enquiry: violence against "
        "women and girls, modern slavery, and the impact of the pandemic on crime and disorder.\n\n"
        "This consultation is also our annual survey on crime and community safety. Tell us how safe you feel, what "
        f"worries you, and whether we have the right priorities. Risk Board will sign off the final draft in "
        f"{calendar.signed_off_on:%B %Y} and Safer MK will adopt the strategy in {calendar.adopted_on:%B %Y}."
    )


def seed() -> list[str]:
    lines = []
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))
    if consultation is None:
        consultation = _create_consultation()
        lines.append(f"Created the demo consultation '{consultation.title}'.")
    else:
        lines.append("The demo consultation already exists.")
    add_demo_timeline(consultation)
    from app.reports.demo_report import seed_priorities

    lines += seed_priorities(consultation)
    officer = find_user_by_email(DEMO_OFFICER[0]) or create_user(*DEMO_OFFICER, Role.OFFICER)
    if find_user_by_email(DEMO_ADMIN[0]) is None:
        create_user(*DEMO_ADMIN, Role.ADMIN)
    lines += seed_resident_responses(consultation, officer)
    from app.reports.demo_last_year import seed_last_year

    lines += seed_last_year(consultation)
    stakeholder = next(s for s in consultation.surveys if s.slug == "stakeholder")
    organisation = find_or_create_organisation("Thames Valley Police", "Police")
    token = issue_demo_link(stakeholder, organisation, consultation.close_at_utc)
    db.session.commit()
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context():
        invite_path = url_for("surveys.open_invite", token=token)
        sign_in_path = url_for("auth.sign_in")
    lines += [
        f"Open the consultation hub: {base}/",
        f"Officer sign in: {base}{sign_in_path}  email {DEMO_OFFICER[0]}  password {DEMO_OFFICER[2]}",
        f"Admin sign in (users, audit log, outbox): {base}{sign_in_path}  email {DEMO_ADMIN[0]}  "
        f"password {DEMO_ADMIN[2]}",
        f"A stakeholder invite for Thames Valley Police: {base}{invite_path}",
    ]
    from app.schools.demo import seed_schools

    lines += seed_schools(consultation)
    return lines


def _create_consultation() -> Consultation:
    calendar = DemoCalendar.from_now(utcnow())
    year = calendar.strategy_year
    consultation = Consultation(
        slug=DEMO_SLUG,
        title=demo_title(calendar),
        summary=demo_summary(calendar),
        open_at_utc=calendar.open_at_utc,
        close_at_utc=calendar.close_at_utc,
        status=ConsultationStatus.PUBLISHED,
    )
    db.session.add(consultation)
    db.session.flush()
    ensure_codebook(consultation)
    for name in ("resident.yaml", "stakeholder.yaml"):
        create_survey(consultation, load_definition((DEFINITIONS / name).read_text(encoding="utf-8"), "yaml"))
    pdf = _summary_pdf(f"Draft Community Safety Strategy {year} - summary for consultation")
    db.session.add(
        ConsultationDocument(
            consultation_id=consultation.id,
            title=f"Draft Community Safety Strategy {year} (summary)",
            filename=f"draft-community-safety-strategy-{year}.pdf",
            content_type="application/pdf",
            size_bytes=len(pdf),
            content=pdf,
        )
    )
    db.session.flush()
    db.session.refresh(consultation)
    return consultation


def _summary_pdf(title: str) -> bytes:
    """A one-page PDF so the demo has a real document to download."""
    text = title.replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
