"""Throughput of the analysis engine on synthetic consultation answers.

Usage: ``python bench/analysis_throughput.py [--n 100000] [--seed 0]``. Prints answers/s for the per-answer pipeline
(sentiment + codebook themes + redaction) and the seconds taken to find emerging themes over all N answers.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.analysis.engine import analyse_answer, find_emerging_themes, load_default_codebook  # noqa: E402

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
    args = parser.parse_args(argv)
    texts = synthetic_answers(args.n, args.seed)
    codebook = load_default_codebook()
    analyse_answer("warm up the lexicon and matcher", codebook)
    started = time.perf_counter()
    for text in texts:
        analyse_answer(text, codebook)
    pipeline_seconds = time.perf_counter() - started
    started = time.perf_counter()
    candidates = find_emerging_themes(texts, codebook, seed=args.seed)
    emerging_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "n": args.n,
                "pipeline_answers_per_second": round(args.n / pipeline_seconds),
                "pipeline_seconds": round(pipeline_seconds, 2),
                "emerging_seconds": round(emerging_seconds, 2),
                "emerging_candidates": [f"{c.label} ({c.count})" for c in candidates],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
