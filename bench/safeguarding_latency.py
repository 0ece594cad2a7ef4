"""Latency and memory of the safeguarding screen as a pupil's request runs it.

Usage: ``python bench/safeguarding_latency.py [--input CSV] [--rounds 3]``. ``screen()`` runs inside the pupil's
request before the answer is stored, so the figure that matters is one answer's wall time on one core, not
throughput: the process is pinned to one CPU (onnxruntime already runs one intra-op thread). The whole screen and
each part (rules, the two sentence encoders, learned models) are timed per answer ``--rounds`` times; an answer's
figure is the median of its rounds, and p50/p95/p99/max are taken over answers. The first call, which reads and
hash-checks the lexicon, encoder and model files, is reported apart. Long answers cost the encoder most, so the p95
of answers over 60 words is printed separately. ``screen_cpu`` is the same whole-screen call in the calling
thread's CPU time: on a machine whose cores are shared, wall time also counts the time the request waited for its
core, which says more about the neighbours than about the screen; CPU time does not. A fresh subprocess measures what
the screen adds to a web worker's resident memory after ``create_app()``, and whether torch or scikit-learn got
imported there.

By default the texts are the exemplars' holdout rows plus ``bench/data/safeguarding_unseen.csv``; ``--input`` takes
any CSV with a ``text`` column. Blank answers skip the encoder, so they are left out. Prints figures only.

Last run (3 December 2026, the screen retrained on exemplar batch 3, ``--rounds 1``, 1,277 answers, on the shared
2-core machine at load 15, so wall times mostly measure the queue for the core): CPU per answer p50 17.8 ms, p95
25.1 ms, p99 41.3 ms (the learned models 1.0 ms p50 of it); a web worker is 129 MB after ``create_app()`` and 523 MB
after its first screen (+393 MB: both encoders and numpy load then); neither torch nor scikit-learn is imported.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXEMPLARS = ROOT / "app" / "analysis" / "engine" / "data" / "safeguarding_exemplars.csv"
UNSEEN = ROOT / "bench" / "data" / "safeguarding_unseen.csv"
PARTS = ("screen", "screen_cpu", "rules", "minilm", "use", "models")
LONG_WORDS = 60
T = TypeVar("T")
MEMORY_PROBE = """
import json, sys
def rss_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))
from app import create_app
create_app()
after_app = rss_mb()
from app.analysis.engine.safeguarding import screen
screen("someone at school keeps taking my dinner money and i am scared to tell anyone")
after_screen = rss_mb()
print(json.dumps({"rss_after_create_app_mb": round(after_app, 1), "rss_after_first_screen_mb": round(after_screen, 1),
                  "screen_adds_mb": round(after_screen - after_app, 1),
                  "torch_imported": "torch" in sys.modules, "sklearn_imported": "sklearn" in sys.modules}))
"""


def pin_to_one_core() -> int:
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def read_texts(path: Path, split: str | None = None) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return [row["text"] for row in rows if row["text"].strip() and (split is None or row["split"] == split)]


def timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - started) * 1000


def time_answer(text: str) -> dict[str, float]:
    """Milliseconds for the whole screen, then for each part on its own, chained as ``screen_with`` chains them."""
    from app.analysis.engine.encoder import screen_vector, shared_encoder, shared_universal_encoder
    from app.analysis.engine.safeguarding import learned_screen, screen, screen_rules

    started_cpu = time.thread_time()
    _, whole = timed(lambda: screen(text))
    whole_cpu = (time.thread_time() - started_cpu) * 1000
    rules, rules_ms = timed(lambda: screen_rules(text))
    _, minilm_ms = timed(lambda: shared_encoder().encode_one(text))
    _, use_ms = timed(lambda: shared_universal_encoder().encode_one(text))
    vector = screen_vector(text)
    _, models_ms = timed(lambda: learned_screen().assess(vector, rules.flagged))
    return {
        "screen": whole,
        "screen_cpu": whole_cpu,
        "rules": rules_ms,
        "minilm": minilm_ms,
        "use": use_ms,
        "models": models_ms,
    }


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None}
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {"p50": round(p50, 2), "p95": round(p95, 2), "p99": round(p99, 2), "max": round(max(values), 2)}


def latency_figures(texts: list[str], rounds: int) -> dict[str, Any]:
    rounds_ms: list[list[dict[str, float]]] = [[] for _ in texts]
    for _ in range(rounds):
        for index, text in enumerate(texts):
            rounds_ms[index].append(time_answer(text))
    per_answer = {part: [statistics.median(r[part] for r in answer) for answer in rounds_ms] for part in PARTS}
    long = [i for i, text in enumerate(texts) if len(text.split()) > LONG_WORDS]
    return {
        "ms": {part: percentiles(values) for part, values in per_answer.items()},
        "long_answers": len(long),
        "long_p95_ms": {part: percentiles([per_answer[part][i] for i in long])["p95"] for part in PARTS},
    }


def memory_figures() -> dict[str, Any]:
    """A fresh interpreter, so nothing this bench loaded counts towards the worker's memory."""
    probe = subprocess.run([sys.executable, "-c", MEMORY_PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(probe.stdout.strip().splitlines()[-1])


def print_table(figures: dict[str, Any]) -> None:
    print(f"pinned to CPU {figures['cpu']} (one core); onnxruntime intra-op threads: 1")
    print(f"answers: {figures['answers']}  rounds: {figures['rounds']}  mean tokens: {figures['mean_tokens']}")
    print(f"first call (loads and hash-checks lexicon, encoder, models): {figures['first_call_ms']} ms")
    print(f"\n{'ms per answer':<14}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}{f'p95 >{LONG_WORDS}w':>11}")
    for part in PARTS:
        row = figures["ms"][part]
        cells = "".join(f"{str(row[key]):>8}" for key in ("p50", "p95", "p99", "max"))
        print(f"{part:<14}{cells}{str(figures['long_p95_ms'][part]):>11}")
    print(f"answers over {LONG_WORDS} words: {figures['long_answers']}")
    memory = figures["memory"]
    print(
        f"\nweb worker RSS: {memory['rss_after_create_app_mb']} MB after create_app(), "
        f"{memory['rss_after_first_screen_mb']} MB after first screen(): "
        f"+{memory['screen_adds_mb']} MB; torch imported: {memory['torch_imported']}, "
        f"sklearn imported: {memory['sklearn_imported']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", type=Path, help="CSV with a text column (default: holdout exemplars + unseen)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    cpu = pin_to_one_core()
    texts = read_texts(args.input) if args.input else read_texts(EXEMPLARS, "holdout") + read_texts(UNSEEN)
    from app.analysis.engine.encoder import shared_encoder
    from app.analysis.engine.safeguarding import screen

    started = time.perf_counter()
    screen(texts[0])
    first_call_ms = round((time.perf_counter() - started) * 1000, 1)
    tokens = [len(shared_encoder().tokenizer.encode(text).ids) for text in texts]
    figures: dict[str, Any] = {
        "cpu": cpu,
        "answers": len(texts),
        "rounds": args.rounds,
        "mean_tokens": round(statistics.fmean(tokens), 1),
        "first_call_ms": first_call_ms,
        **latency_figures(texts, args.rounds),
        "memory": memory_figures(),
    }
    print_table(figures)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
