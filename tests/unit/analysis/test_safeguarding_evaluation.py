"""The evaluate-safeguarding command: figures on a small CSV and clear failures on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.analysis.safeguarding_evaluation import run_evaluate_safeguarding


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(
    capsys: pytest.CaptureFixture[str], path: str, split: str | None = None, rules_only: bool = True
) -> tuple[int, dict[str, object], str]:
    code = run_evaluate_safeguarding(path, split=split, rules_only=rules_only)
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else {}), captured.err


def test_reports_figures_with_category(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_text = (
        "text,level,category\n"
        "i want to kill myself tonight,urgent,self_harm\n"
        "my dad hits me,concern,abuse_neglect\n"
        "people sell weed in the park,watch,criminal_exploitation\n"
        "this survey is killing me,none,none\n"
        "more youth clubs please,none,none\n"
    )
    code, figures, _ = _run(capsys, _write(tmp_path / "labelled.csv", csv_text))
    assert code == 0
    assert figures == {
        "screen": "rules",
        "n": 5,
        "recall_flagged": 1.0,
        "recall_urgent": 1.0,
        "false_positive_rate": 0.0,
        "level_accuracy": 1.0,
        "category_accuracy": 1.0,
        "recall_by_category": {"abuse_neglect": 1.0, "self_harm": 1.0},
        "flagged_by_level": {"none": 0.0, "watch": 0.0, "concern": 1.0, "urgent": 1.0},
        "share_flagged": 0.4,
        "urgent_vs_concern": {
            "urgent": {"none": 0, "watch": 0, "concern": 0, "urgent": 1},
            "concern": {"none": 0, "watch": 0, "concern": 1, "urgent": 0},
        },
    }


def test_whole_screen_is_the_default_and_a_split_can_be_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_text = (
        "id,text,level,category,split\n"
        "1,i want to kill myself tonight,urgent,self_harm,holdout\n"
        "2,more youth clubs please,none,none,holdout\n"
        "3,my dad hits me,concern,abuse_neglect,train\n"
    )
    path = _write(tmp_path / "exemplars.csv", csv_text)
    code, figures, _ = _run(capsys, path, split="holdout", rules_only=False)
    assert code == 0
    assert figures["screen"] == "rules+learned"
    assert figures["n"] == 2
    assert figures["recall_by_category"] == {"self_harm": 1.0}
    code, _, err = _run(capsys, _write(tmp_path / "plain.csv", "text,level\nhello,none\n"), split="holdout")
    assert code == 2 and "split" in err


def test_counts_misses_and_false_positives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_text = (
        "text,level\nthe park is nice,urgent\nmy dad hits me,concern\ni keep a knife in my bag,none\nmore buses,none\n"
    )
    code, figures, _ = _run(capsys, _write(tmp_path / "labelled.csv", csv_text))
    assert code == 0
    assert figures["recall_flagged"] == 0.5
    assert figures["recall_urgent"] == 0.0
    assert figures["false_positive_rate"] == 0.5
    assert figures["level_accuracy"] == 0.5
    assert "category_accuracy" not in figures


def test_missing_file_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, figures, err = _run(capsys, str(tmp_path / "nope.csv"))
    assert code != 0
    assert figures == {}
    assert "not found" in err


def test_missing_column_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, _write(tmp_path / "bad.csv", "text,label\nhello,none\n"))
    assert code != 0
    assert "level" in err


def test_unknown_level_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, _write(tmp_path / "bad.csv", "text,level\nhello,severe\n"))
    assert code != 0
    assert "severe" in err and "line 2" in err
