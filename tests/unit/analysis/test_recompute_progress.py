"""The recompute bar moves with each stage and with the answers within it, and never goes back."""

from __future__ import annotations

from app.analysis.recompute_progress import UNITS, StagedProgress


class Recorder:
    def __init__(self) -> None:
        self.done: list[int] = []
        self.messages: list[str] = []

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        assert total in (None, UNITS)
        self.done.append(done)
        self.messages.append(message or "")


def test_the_bar_moves_by_stage_and_by_answers_and_never_goes_back() -> None:
    recorder = Recorder()
    staged = StagedProgress(recorder)
    staged.start("check")
    staged.start("learn")
    staged.start("analyse")
    for done in (250, 500, 1000):
        staged.answers(done, 1000)
    staged.start("save")
    staged.answers(1000, 1000)
    staged.finish("Finished")
    assert recorder.done == [0, 100, 200, 325, 450, 700, 700, 1000, 1000]
    assert recorder.messages[2] == "Step 3 of 4: Recomputing themes and sentiment"
    assert recorder.messages[4] == "Step 3 of 4: Recomputing themes and sentiment: 500 of 1000 answers"


def test_skipped_stages_are_passed_over_and_no_answers_fills_the_stage() -> None:
    recorder = Recorder()
    staged = StagedProgress(recorder)
    staged.start("analyse")
    staged.answers(0, 0)
    assert recorder.done == [200, 700]
