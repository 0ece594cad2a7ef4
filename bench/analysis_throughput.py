"""Throughput of the analysis engine on synthetic consultation answers.

Usage: ``python bench/analysis_throughput.py [--n 100000] [--seed 0] [--coded 500] [--suggest 5000]
[--venv PATH | --build-venv]``. Prints, in one run:

- the load average, the bare sentence encoder's answers/s and the whole per-answer pipeline's (encoder, shipped
  sentiment model, codebook and meaning themes, redaction), each in batches as a recompute runs them, by the wall clock
  and per CPU second, and the pipeline as a share of the encoder (issue 18 asks for at least 70%);
- the recompute of N answers: measured when ``--n`` is 100,000, otherwise estimated from the pipeline's rate, by the
  wall clock and in CPU minutes (the job's own database writes are not included);
- the seconds taken to find emerging themes over all N answers;
- for the recompute job, the learned coder's training time on ``--coded`` answers (coded here by the codebook,
  standing in for officers) and its suggestions per second over ``--suggest`` further answers; ``--coded 0`` skips it;
- the runtime virtualenv's size in MB: of ``--venv PATH``, or of a fresh one built from requirements.txt in a
  temporary folder with ``--build-venv`` (what ``make run`` installs; issue 18 asks for at most 600 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess  # nosec B404 - builds a throwaway virtualenv with this interpreter's own pip
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.analysis.engine import (  # noqa: E402
    Codebook,
    CodedAnswer,
    analyse_answer,
    analyse_answers,
    find_emerging_themes,
    load_default_codebook,
    train_coder,
)
from app.analysis.engine.encoder import shared_encoder  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RECOMPUTE_ANSWERS = 100_000
BATCH = 500  # app.analysis.recompute.BATCH: answers analysed together

OPENERS = ["", "Honestly, ", "To be fair ", "I think ", "As a parent, ", "Living here 10 years, ", "Our group feels "]
TOPICS = [
    "drug dealing near the school is a big problem",
    "kids on motorbikes ripping round the estate at night",
    "the underpass by the shops has no lighting",
    "I don't feel safe walking the redways after dark",
    "we never see police on patrol any more",
    "my car was broken into twice this year",
    "speeding on the main road past the primary school",
    "scam calls targeting older neighbours",
    "the youth club closed and there is nothing to do",
    "the bin collections keep being missed on our street",
    "parking permits cost too much for residents",
    "the swimming pool opening hours are too short",
    "more trees and benches in the park would be lovely",
    "the neighbourhood team have been brilliant",
    "it's not as bad as people say round here",
    "street drinking outside the off licence every afternoon",
]
ENDINGS = [
    "",
    ".",
    " and nobody does anything.",
    " but it has improved lately.",
    " Call me on 07700 900123.",
    " Please sort it out!",
    " It's been like this since lockdown.",
    " email me at resident@example.com",
]
PLACES = ["", " in Bletchley", " near CMK", " on the Lakes Estate", " by Wolverton station", " in Netherfield"]


def synthetic_answers(n: int, seed: int) -> list[str]:
    """Varied answers built from fragments; deterministic for a given seed."""
    rng = random.Random(seed)
    answers = []
    for _ in range(n):
        topics = rng.sample(TOPICS, rng.choice([1, 1, 1, 2]))
        body = " and ".join(topic + rng.choice(PLACES) for topic in topics)
        answers.append(rng.choice(OPENERS) + body + rng.choice(ENDINGS))
    return answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--coded", type=int, default=500)
    parser.add_argument("--suggest", type=int, default=5000)
    parser.add_argument("--encoder-n", type=int, default=2000, help="answers timed through the bare encoder")
    parser.add_argument("--venv", help="measure this virtualenv's size")
    parser.add_argument("--build-venv", action="store_true", help="build a fresh runtime virtualenv and measure it")
    args = parser.parse_args(argv)
    texts = synthetic_answers(args.n, args.seed)
    codebook = load_default_codebook()
    figures: dict[str, object] = {"n": args.n, "cpu_count": os.cpu_count(), "load_average_1min": os.getloadavg()[0]}
    figures |= speed_figures(texts, args.encoder_n, codebook)
    started = time.perf_counter()
    candidates = find_emerging_themes(texts, codebook, seed=args.seed)
    figures |= {
        "emerging_seconds": round(time.perf_counter() - started, 2),
        "emerging_candidates": [f"{c.label} ({c.count})" for c in candidates],
    }
    if args.coded:
        figures |= learned_coder_figures(synthetic_answers(args.coded + args.suggest, args.seed + 1), args, codebook)
    if args.venv or args.build_venv:
        figures |= venv_figures(Path(args.venv) if args.venv else None)
    print(json.dumps(figures, indent=2))
    return 0


def speed_figures(texts: list[str], encoder_n: int, codebook: Codebook) -> dict[str, object]:
    """Bare encoder and whole pipeline on the same kind of answers; the pipeline also runs all N (the recompute).

    Both are timed as a recompute runs them, in batches of ``recompute.BATCH`` answers (``analyse_answers`` encodes a
    batch together), in wall-clock seconds and in this process's CPU seconds: on a shared machine the load average
    (printed) slows the wall clock, while CPU time says what the work costs. The one-at-a-time encoder rate, as a
    saved answer or the safeguarding screen uses it, is printed too.
    """
    encoder = shared_encoder()
    analyse_answer("warm up the lexicon, matcher, encoder and sentiment model", codebook)
    sample = texts[:encoder_n]
    single = _timed(lambda: [encoder.encode_one(text) for text in sample])
    batched = _timed(lambda: [encoder.encode(sample[i : i + BATCH]) for i in range(0, len(sample), BATCH)])
    pipeline = _timed(lambda: [analyse_answers(texts[i : i + BATCH], codebook) for i in range(0, len(texts), BATCH)])
    rates = {
        name: {clock: len(sample if name != "pipeline" else texts) / seconds for clock, seconds in timing.items()}
        for name, timing in (("single", single), ("encoder", batched), ("pipeline", pipeline))
    }
    measured = len(texts) == RECOMPUTE_ANSWERS
    return {
        "encoder_one_at_a_time_answers_per_second": _rounded(rates["single"]),
        "encoder_answers_per_second": _rounded(rates["encoder"]),
        "pipeline_answers_per_second": _rounded(rates["pipeline"]),
        "pipeline_share_of_encoder": {
            clock: round(rates["pipeline"][clock] / rates["encoder"][clock], 3) for clock in ("wall", "cpu")
        },
        "pipeline_seconds": _rounded(pipeline, 2),
        f"recompute_{RECOMPUTE_ANSWERS}_minutes": {
            clock: round((pipeline[clock] if measured else RECOMPUTE_ANSWERS / rates["pipeline"][clock]) / 60, 1)
            for clock in ("wall", "cpu")
        },
        f"recompute_{RECOMPUTE_ANSWERS}_measured": measured,
        "load_average_1min_after": os.getloadavg()[0],
    }


def _timed(work: Callable[[], object]) -> dict[str, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def _rounded(figures: dict[str, float], digits: int = 1) -> dict[str, float]:
    return {clock: round(value, digits) for clock, value in figures.items()}


def venv_figures(venv: Path | None) -> dict[str, object]:
    """Size on disk of a runtime virtualenv; with no path, one built now from requirements.txt (pip's cache helps)."""
    if venv is not None:
        return {"venv": str(venv), "venv_mb": round(_folder_bytes(venv) / 1e6)}
    with tempfile.TemporaryDirectory(prefix="sv-runtime-venv-") as folder:
        target = Path(folder) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(target)], check=True)  # nosec B603
        subprocess.run(
            [str(target / "bin" / "pip"), "install", "-q", "-r", str(ROOT / "requirements.txt")],  # nosec B603
            check=True,
        )
        return {"venv": "fresh from requirements.txt", "venv_mb": round(_folder_bytes(target) / 1e6)}


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def learned_coder_figures(texts: list[str], args: argparse.Namespace, codebook: Codebook) -> dict[str, object]:
    """Train as the recompute job does (coded answers plus uncoded ones for the vocabulary), then suggest."""
    coded_texts, uncoded = texts[: args.coded], texts[args.coded :]
    coded = []
    for text in coded_texts:
        analysis = analyse_answer(text, codebook)
        coded.append(CodedAnswer(text, tuple(m.theme_id for m in analysis.themes), analysis.sentiment))
    started = time.perf_counter()
    coder = train_coder(coded, codebook, uncoded_texts=uncoded, seed=args.seed)
    train_seconds = time.perf_counter() - started
    started = time.perf_counter()
    coder.suggest(uncoded)
    suggest_seconds = time.perf_counter() - started
    fresh = synthetic_answers(1000, args.seed + 2)
    started = time.perf_counter()
    coder.suggest(fresh)
    fresh_seconds = time.perf_counter() - started
    return {
        "coder_coded": len(coded),
        "coder_distinct_uncoded": len(set(uncoded)),
        "coder_train_seconds_incl_encoding_uncoded": round(train_seconds, 2),
        "coder_suggest_answers_per_second_encoded_at_training": round(len(uncoded) / suggest_seconds),
        "coder_suggest_answers_per_second_new_answers": round(len(fresh) / fresh_seconds),
    }


if __name__ == "__main__":
    sys.exit(main())
