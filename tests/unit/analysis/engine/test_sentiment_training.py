"""Training the shipped sentiment model: which NHS rows it learns from, and how the NHS side is cross-validated."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from app.analysis.engine.sentiment_meaning import shipped_model
from app.analysis.engine.sentiment_training import _trust_folds, read_labelled, usable_nhs

PHASE1_ROWS = """id,organisation,question,text,criticality,sentiment,category
1,Trust A,Q1,Nothing at all.,3,positive,Nothing to improve
2,Trust A,Q2,The nurse was kind.,3,positive,Attitude Of Staff
3,Trust B,Q1,All the staff are wonderful,0,neutral,Staff: General
4,Trust B,Q1,Waiting queue is long.,-3,negative,Provision of services
5,Trust B,Q1,Lovely team.,3,positive,Staff: General
6,Trust C,Q1,Parking was fine.,0,neutral,Car parking
"""


def test_usable_nhs_drops_only_the_neutral_rows_of_a_trust_without_a_neutral_scale(tmp_path: Path) -> None:
    path = tmp_path / "nhs_feedback_phase1.csv"
    path.write_text(PHASE1_ROWS, encoding="utf-8")
    kept = usable_nhs(read_labelled(path, None))
    assert [(row.group, row.text) for row in kept] == [
        ("Trust A", "Nothing at all."),
        ("Trust A", "The nurse was kind."),
        ("Trust B", "Waiting queue is long."),
        ("Trust B", "Lovely team."),
        ("Trust C", "Parking was fine."),
    ]


def test_nhs_folds_leave_one_trust_out_each() -> None:
    groups = np.array(["Trust A", "Trust B", "Trust A", "Trust C", "Trust B"])
    folds = _trust_folds(groups)
    assert [sorted(set(groups[held])) for _, held in folds] == [["Trust A"], ["Trust B"], ["Trust C"]]
    for train, held in folds:
        assert set(groups[train]).isdisjoint(groups[held]) and len(train) + len(held) == len(groups)


def test_the_shipped_model_was_trained_without_trust_b_praise_labelled_neutral() -> None:
    about = shipped_model().about
    assert about["nhs_rows_dropped"] == 2563 and about["nhs_rows"] == 10305 - 2563
    assert about["nhs_cv"].startswith("leave one trust out")
