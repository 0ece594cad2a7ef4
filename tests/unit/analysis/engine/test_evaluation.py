import csv
import json
from pathlib import Path

import pytest

from app.analysis.evaluation import run_evaluate


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def test_zero_shot_prints_one_json_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        ["text", "sentiment", "themes"],
        [
            ["I don't feel safe, drug dealing everywhere", "negative", "drugs"],
            ["The neighbourhood police team are brilliant", "positive", "policing_visibility"],
            ["n/a", "neutral", ""],
        ],
    )
    assert run_evaluate(path, train_size=0, seed=0) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n_train"] == 0 and result["n_test"] == 3
    assert set(result["sentiment"]) == {"accuracy", "macro_f1"}
    assert set(result["themes"]) == {"micro_f1", "macro_f1", "samples_f1"}
    assert result["sentiment"]["accuracy"] == 1.0


def test_missing_columns_give_null_blocks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "a.csv", ["text", "sentiment"], [["I feel safe", "positive"]])
    assert run_evaluate(path, train_size=0, seed=0) == 0
    assert json.loads(capsys.readouterr().out)["themes"] is None


def test_unknown_theme_ids_are_an_error_in_zero_shot_without_sentiment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "a.csv", ["text", "themes"], [["long wait", "timeliness_of_care;drugs"]])
    assert run_evaluate(path, train_size=0, seed=0) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "(timeliness_of_care)" in captured.err and "--train-size" in captured.err


def test_unknown_theme_ids_score_sentiment_alone_in_zero_shot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["The crew were kind and caring", "positive", "staff_manner"], ["Waited five hours", "negative", ""]]
    path = write_csv(tmp_path / "a.csv", ["text", "sentiment", "themes"], rows)
    assert run_evaluate(path, train_size=0, seed=0) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["themes"] is None and result["sentiment"]["accuracy"] == 1.0
    assert result["note"] == "theme ids not in the default codebook (staff_manner), so themes are not scored zero-shot"


def test_split_scores_only_the_rows_it_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["I feel safe here", "positive", "holdout"], ["Nothing to add", "negative", "train"]]
    path = write_csv(tmp_path / "a.csv", ["text", "sentiment", "split"], rows)
    assert run_evaluate(path, train_size=0, seed=0, split="holdout") == 0
    assert json.loads(capsys.readouterr().out)["n_test"] == 1
    assert run_evaluate(path, train_size=0, seed=0, split="other") == 2
    assert "no rows with split other" in capsys.readouterr().err


def test_learned_mode_accepts_any_theme_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [[f"waited {n} hours for the ambulance", "negative", "timeliness"] for n in range(20)]
    rows += [[f"crew {n} were kind and caring", "positive", "staff_manner"] for n in range(20)]
    path = write_csv(tmp_path / "a.csv", ["text", "sentiment", "themes"], rows)
    assert run_evaluate(path, train_size=30, seed=1) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n_train"] == 30 and result["n_test"] == 10
    assert result["themes"]["samples_f1"] > 0.8


def test_bad_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_evaluate(str(tmp_path / "missing.csv"), train_size=0, seed=0) == 2
    path = write_csv(tmp_path / "b.csv", ["comment"], [["hello"]])
    assert run_evaluate(path, train_size=0, seed=0) == 2
    assert "no 'text' column" in capsys.readouterr().err
