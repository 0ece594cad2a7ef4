"""`flask seed-demo` gives the demo consultation sample resident responses, imported and analysed as a real import
is, with 30 comments coded by the demo officer, so the officer's pages have something to show; seeding again adds
nothing."""

from __future__ import annotations

import yaml
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.analysis.recompute import MIN_CODED_FOR_LEARNING
from app.common.filters import LONDON
from app.demo import DEMO_ADMIN, DEMO_OFFICER, DEMO_SLUG, seed
from app.demo_responses import DATA
from app.extensions import db
from app.models import (
    Answer,
    AnswerCoding,
    AnswerTheme,
    AuditEvent,
    Consultation,
    ImportBatch,
    Response,
    ResponseChannel,
    ResponseStatus,
    Survey,
    SurveyQuestion,
    SurveyVersion,
    User,
)
from app.models.types import utcnow
from tests.factories import sign_in_with_form
from tests.pages import get

SAMPLE = yaml.safe_load(DATA.read_text(encoding="utf-8"))
COMMENTS = [item for items in SAMPLE["comments"].values() for item in items]
CODED = {item["text"]: item["coded"] for item in COMMENTS if "coded" in item}


def _sent_resident_responses() -> list[Response]:
    return list(
        db.session.scalars(
            select(Response)
            .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
            .join(Survey, Survey.id == SurveyVersion.survey_id)
            .join(Consultation, Consultation.id == Survey.consultation_id)
            .where(
                Consultation.slug == DEMO_SLUG, Survey.slug == "resident", Response.status == ResponseStatus.SUBMITTED
            )
            .order_by(Response.id)
        )
    )


def _answers_to(question_key: str) -> list[str]:
    return list(
        db.session.scalars(
            select(Answer.value)
            .join(SurveyQuestion, SurveyQuestion.id == Answer.question_id)
            .where(SurveyQuestion.key == question_key)
            .order_by(Answer.id)
        )
    )


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Response, Answer, AnswerCoding, AnswerTheme, ImportBatch, AuditEvent, User)
    }


def test_seed_imports_sample_responses_with_analysed_comments_and_officer_coding(clean_db: None) -> None:
    lines = seed()
    added = f"Added {SAMPLE['count']} sample responses to the resident survey; the demo officer has coded 30 of their"
    assert f"{added} comments." in lines

    responses = _sent_resident_responses()
    assert len(responses) == SAMPLE["count"] == 120
    assert {response.channel for response in responses} == {ResponseChannel.IMPORT}
    assert len(set(_answers_to("ward"))) >= 15 and len(set(_answers_to("feel_safe"))) >= 6
    texts = [*_answers_to("places_avoided"), *_answers_to("missing_priorities"), *_answers_to("other_comments")]
    assert sorted(texts) == sorted(item["text"] for item in COMMENTS)

    codings = {
        text: coding
        for text, coding in db.session.execute(
            select(Answer.value, AnswerCoding).join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        ).all()
    }
    assert set(codings) == set(texts)
    themed = db.session.scalar(select(func.count(func.distinct(AnswerTheme.answer_id))))
    assert themed >= 70
    redacted = [coding.redacted_text for coding in codings.values()]
    assert sum("[email]" in text for text in redacted) == 2 and sum("[phone]" in text for text in redacted) == 2
    assert not any("@example." in text or "07700 900461" in text for text in redacted)

    officer = db.session.scalar(select(User).where(User.email == DEMO_OFFICER[0]))
    coded = {text: coding for text, coding in codings.items() if coding.officer_coded}
    assert len(coded) == len(CODED) == 30 >= MIN_CODED_FOR_LEARNING
    for text, coding in coded.items():
        themes = db.session.execute(
            select(AnswerTheme.theme_key, AnswerTheme.source).where(AnswerTheme.answer_id == coding.answer_id)
        ).all()
        assert sorted(key for key, _ in themes) == sorted(CODED[text]["themes"])
        assert {source for _, source in themes} == {"officer"}
        assert (coding.sentiment, coding.coded_by_id) == (CODED[text]["sentiment"], officer.id)
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == officer.id)).all()
    assert actions.count("responses_imported") == 1 and actions.count("answer_recoded") == 30


def test_seeding_again_adds_nothing(clean_db: None) -> None:
    seed()
    before = _counts()
    lines = seed()
    assert _counts() == before
    assert "The resident survey already has the demo's sample responses." in lines
    assert not any(line.startswith("Added") for line in lines)
    assert len(_sent_resident_responses()) == 120


def test_demo_officer_sees_themes_with_counts_quotes_and_a_recompute_to_run(client: FlaskClient) -> None:
    seed()
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))
    officer = db.session.scalar(select(User).where(User.email == DEMO_OFFICER[0]))
    sign_in_with_form(client, officer, DEMO_OFFICER[2])

    page = get(client, f"/officers/analysis/{consultation.id}")
    assert page.status == 200
    shown = {row["data-theme"]: int(row.select_one("td").get_text()) for row in page.soup.select("tr[data-theme]")}
    stored = dict(
        db.session.execute(
            select(AnswerTheme.theme_key, func.count(AnswerTheme.id)).group_by(AnswerTheme.theme_key)
        ).all()
    )
    assert shown == stored and len(shown) >= 15 and min(shown.values()) >= 1
    assert len(page.soup.select("blockquote")) >= 30
    assert "30 of 93 answers coded by officers" in page.soup.select_one("#coding-progress").get_text()
    assert "Recompute to train the learned coder" in page.soup.select_one("#coder-agreement").get_text()

    drugs = get(client, f"/officers/analysis/{consultation.id}/answers?theme=drugs")
    assert "[email]" in drugs.text and "k.osei.mk@example.com" not in drugs.text
    emerging = get(client, f"/officers/analysis/{consultation.id}/emerging")
    assert "Dogs" in emerging.text
    dashboard = get(client, f"/officers/reports/{consultation.id}")
    assert dashboard.soup.select_one("#total-sent").get_text(strip=True) == "120"


def test_the_demo_consultation_agrees_with_itself(clean_db: None) -> None:
    seed()
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))
    now = utcnow()
    assert consultation.phase(now).value == "open"
    closes = consultation.close_at_utc.astimezone(LONDON)
    assert (closes.hour, closes.minute) == (23, 59) and consultation.open_at_utc.astimezone(LONDON).hour == 9
    steps = {milestone.label: milestone.due_on for milestone in consultation.milestones}
    assert [m.due_on for m in consultation.milestones] == sorted(steps.values())
    assert steps["Consultation on the draft strategy closes"] == closes.date()
    signed_off = steps["Risk Board signs off the final draft"]
    adopted = steps["Safer MK adopts the Community Safety Strategy"]
    assert consultation.title == f"Community Safety Strategy {adopted.year} – have your say"
    assert f"Community Safety Strategy for {adopted.year} and beyond" in consultation.summary
    assert (
        f"Risk Board will sign off the final draft in {signed_off:%B %Y} and Safer MK will adopt the strategy in "
        f"{adopted:%B %Y}."
    ) in consultation.summary
    assert [document.title for document in consultation.documents] == [
        f"Draft Community Safety Strategy {adopted.year} (summary)"
    ]
    texts = [consultation.title, consultation.summary, *(d.filename for d in consultation.documents)]
    assert not any(str(year) in text for text in texts for year in range(2000, adopted.year))


def test_seed_demo_prints_a_working_sign_in_for_the_admin(client: FlaskClient) -> None:
    lines = seed()
    assert any(
        line.endswith(f"email {DEMO_ADMIN[0]}  password {DEMO_ADMIN[2]}") and line.startswith("Admin sign in")
        for line in lines
    )
    admin = db.session.scalar(select(User).where(User.email == DEMO_ADMIN[0]))
    sign_in_with_form(client, admin, DEMO_ADMIN[2])
    assert get(client, "/admin/audit").status == 200
