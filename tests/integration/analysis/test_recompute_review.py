"""A recompute that would move the overall sentiment or theme picture by more than 20 points changes nothing until an
officer has seen what it changes; the demo's recompute never flips sentiment wholesale (issue 18)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.analysis.engine.sentiment import LABELS
from app.analysis.recompute_review import SHIFT_LIMIT, current_codings, distribution
from app.demo import DEMO_OFFICER, DEMO_SLUG, seed
from app.extensions import db
from app.jobs.runner import wait_for_local_jobs
from app.models import (
    Answer,
    AnswerCoding,
    AnswerTheme,
    AuditEvent,
    CoderAgreement,
    Consultation,
    Job,
    JobStatus,
    Role,
    User,
)
from app.models.analysis import RecomputeReview
from tests.factories import add_survey, make_consultation, make_user, sign_in, sign_in_with_form
from tests.integration.analysis.test_analysis_pages import COMMENTS, _recompute, _respond
from tests.pages import get, post


def _consultation_with_a_catch_all_theme(client: FlaskClient) -> Consultation:
    consultation = make_consultation()
    survey = add_survey(consultation)
    for comment in COMMENTS:
        _respond(survey, comment)
    sign_in(client, make_user(Role.OFFICER))
    db.session.commit()  # the job writes on its own connection: SQLite would wait on this session's open write
    # "the" is in three of the five answers: the theme's share would jump from 0 to 60%.
    post(client, f"/officers/analysis/{consultation.id}/codebook/new", {"label": "Everything", "phrases": "the"})
    return consultation


def _themed(key: str) -> int:
    return len(db.session.scalars(select(AnswerTheme.id).where(AnswerTheme.theme_key == key)).all())


def test_a_recompute_moving_a_theme_by_60_points_is_held_and_shows_the_officer_what_would_change(
    client: FlaskClient,
) -> None:
    consultation = _consultation_with_a_catch_all_theme(client)
    _recompute(client, consultation.id)
    job = db.session.scalar(select(Job))
    review = db.session.scalars(select(RecomputeReview)).one()
    assert job.status == JobStatus.DONE and job.message.startswith("Not applied: it would move 60 points")
    assert (review.job_id, review.decision, review.largest_shift, review.shifted) == (
        job.id,
        "pending",
        60.0,
        "themes:everything",
    )
    assert _themed("everything") == 0  # nothing stored

    page = get(client, f"/officers/analysis/{consultation.id}/jobs/{job.id}")
    warning = page.soup.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert "Nothing has changed yet" in warning and "by 60 points" in warning
    themes = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in page.soup.select("#review-themes tbody tr")
    }
    assert themes["Everything"] == ["0.0%", "60.0%", "+60.0"]
    examples = [row.select("td")[0].get_text(strip=True) for row in page.soup.select("#review-examples tbody tr")]
    assert len(examples) == 3 and "[phone]" in " ".join(examples) and "07700 900123" not in page.text
    assert [b.get_text(strip=True) for b in page.soup.select("#recompute-review button")] == [
        "Apply the recompute",
        "Keep the current coding",
    ]


def test_applying_a_held_recompute_runs_it_confirmed_and_stores_it(client: FlaskClient) -> None:
    consultation = _consultation_with_a_catch_all_theme(client)
    _recompute(client, consultation.id)
    review = db.session.scalars(select(RecomputeReview)).one()
    held_job = f"/officers/analysis/{consultation.id}/jobs/{review.job_id}"
    applied = post(
        client, f"/officers/analysis/{consultation.id}/recompute/reviews/{review.id}/apply", {}, form_url=held_job
    )
    wait_for_local_jobs()
    db.session.rollback()
    confirmed = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
    assert applied.response.location.endswith(f"/jobs/{confirmed.id}")
    assert confirmed.params == {"confirmed": True, "review_id": review.id} and confirmed.status == JobStatus.DONE
    assert _themed("everything") == 3
    assert db.session.get(RecomputeReview, review.id).decision == "applied"
    assert db.session.scalars(select(RecomputeReview)).all() == [db.session.get(RecomputeReview, review.id)]
    assert "analysis_recompute_applied" in db.session.scalars(select(AuditEvent.action)).all()
    assert "confirmed this recompute" in get(client, f"/officers/analysis/{consultation.id}/jobs/{confirmed.id}").text
    again = post(
        client,
        f"/officers/analysis/{consultation.id}/recompute/reviews/{review.id}/apply",
        {},
        form_url=f"/officers/analysis/{consultation.id}",
    )  # the decided review offers no buttons
    assert again.status == 302 and db.session.scalar(select(Job.id).order_by(Job.id.desc())) == confirmed.id


def test_keeping_the_current_coding_changes_nothing_and_is_recorded(client: FlaskClient) -> None:
    consultation = _consultation_with_a_catch_all_theme(client)
    _recompute(client, consultation.id)
    review = db.session.scalars(select(RecomputeReview)).one()
    before = current_codings(consultation)
    kept = post(
        client,
        f"/officers/analysis/{consultation.id}/recompute/reviews/{review.id}/keep",
        {},
        form_url=f"/officers/analysis/{consultation.id}/jobs/{review.job_id}",
    )
    db.session.rollback()
    assert kept.status == 302 and current_codings(consultation) == before and _themed("everything") == 0
    assert db.session.get(RecomputeReview, review.id).decision == "kept"
    page = get(client, f"/officers/analysis/{consultation.id}/jobs/{review.job_id}")
    assert "kept the current coding" in page.soup.select_one("#review-decision").get_text()
    assert not page.soup.select("#recompute-review button")
    other = make_consultation("another-consultation")
    assert (
        post(
            client,
            f"/officers/analysis/{other.id}/recompute/reviews/{review.id}/keep",
            {},
            form_url=f"/officers/analysis/{consultation.id}",
        ).status
        == 404
    )


def test_a_demo_recompute_never_flips_sentiment_wholesale(client: FlaskClient) -> None:
    seed()
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))
    officer = db.session.scalar(select(User).where(User.email == DEMO_OFFICER[0]))
    sign_in_with_form(client, officer, DEMO_OFFICER[2])
    before = distribution(current_codings(consultation))["sentiment"]

    _recompute(client, consultation.id)
    assert db.session.scalar(select(Job.status)) == JobStatus.DONE
    after = distribution(current_codings(consultation))["sentiment"]
    assert max(abs(after[label] - before[label]) for label in LABELS) <= SHIFT_LIMIT
    stored = db.session.scalars(select(CoderAgreement)).one()
    assert stored.n_holdout == 6 and not stored.learned_sentiment_used and not stored.learned_themes_used
    assert after["negative"] < 80 and after["positive"] >= 5
    sentiment = {
        text: label
        for text, label in db.session.execute(
            select(Answer.value, AnswerCoding.sentiment).join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        )
    }
    assert sentiment[next(t for t in sentiment if t.startswith("I moved here from Northampton"))] == "positive"
