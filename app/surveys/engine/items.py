"""The stored shape of an answer: one row per selected option, grid row, ranked choice or typed value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerItem:
    question_id: str
    item: str | None
    value: str
    position: int | None = None


Answers = Mapping[str, tuple[AnswerItem, ...]]
