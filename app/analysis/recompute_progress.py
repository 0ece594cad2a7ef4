"""A recompute's progress that moves by stage and by answers, so the officer's bar never sits at 0% while the
learned coder is checked and trained, nor starts again from 0% for each pass over the answers.

The job's ``progress`` counts thousandths of the whole recompute: each stage owns a share of the bar (by how long it
usually takes), a stage that is skipped (no learned coder to check) is passed over, and within a stage the bar moves
with the answers done. The message names the step ("Step 2 of 4: …"), which the page reads out as it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

UNITS = 1000


class ProgressWriter(Protocol):
    def update(self, done: int, total: int | None = None, message: str | None = None) -> None: ...


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    share: float


STAGES = (
    Stage("check", "Checking the learned coder against officers' coding", 0.10),
    Stage("learn", "Learning from officers' coding", 0.10),
    Stage("analyse", "Recomputing themes and sentiment", 0.50),
    Stage("save", "Saving themes and sentiment", 0.30),
)


class StagedProgress:
    """Wraps the job runner's ``Progress``; ``start`` a stage, then report ``answers`` done within it."""

    def __init__(self, progress: ProgressWriter, stages: tuple[Stage, ...] = STAGES) -> None:
        self.progress = progress
        self.stages = stages
        self.index = -1

    def _offset(self, index: int) -> float:
        return sum(stage.share for stage in self.stages[:index]) / sum(stage.share for stage in self.stages)

    def _step(self) -> str:
        return f"Step {self.index + 1} of {len(self.stages)}: {self.stages[self.index].label}"

    def start(self, key: str) -> None:
        self.index = next(index for index, stage in enumerate(self.stages) if stage.key == key)
        self.progress.update(round(UNITS * self._offset(self.index)), UNITS, self._step())

    def answers(self, done: int, total: int) -> None:
        start, end = self._offset(self.index), self._offset(self.index + 1)
        fraction = start + (end - start) * (done / total if total else 1.0)
        self.progress.update(round(UNITS * fraction), UNITS, f"{self._step()}: {done} of {total} answers")

    def finish(self, message: str) -> None:
        self.progress.update(UNITS, UNITS, message)
