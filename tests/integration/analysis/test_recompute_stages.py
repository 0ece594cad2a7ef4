"""A recompute's bar moves by stage and by answers: it names each step, never goes back, and ends full."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.analysis.recompute import recompute_analysis
from app.analysis.recompute_progress import UNITS
from app.extensions import db
from app.jobs.services import create_job
from app.models import AnswerCoding, Consultation, Role
from tests.factories import make_user
from tests.integration.analysis.test_analysis_pages import _setup


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int | None, str | None]] = []

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.calls.append((done, total, message))


def test_recompute_reports_each_step_and_the_answers_within_it(client: FlaskClient) -> None:
    consultation_id, _ = _setup(client)
    consultation = db.session.get(Consultation, consultation_id)
    job = create_job("recompute_analysis", make_user(Role.OFFICER, "second@example.org"), consultation)
    db.session.commit()
    todo = db.session.scalar(
        select(func.count()).select_from(AnswerCoding).where(AnswerCoding.officer_coded.is_(False))
    )
    recorder = Recorder()
    recompute_analysis(job, recorder)  # type: ignore[arg-type]
    done = [call[0] for call in recorder.calls]
    assert done == sorted(done) and done[-1] == UNITS
    assert {call[1] for call in recorder.calls} == {UNITS}
    messages = [call[2] for call in recorder.calls]
    assert "Step 3 of 4: Recomputing themes and sentiment" in messages
    assert messages[-1] == f"Step 4 of 4: Saving themes and sentiment: {todo} of {todo} answers"
