"""Command line for the analysis engine: ``python -m app.analysis evaluate|evaluate-safeguarding``."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app.analysis")
    sub = parser.add_subparsers(dest="command", required=True)
    evaluate = sub.add_parser("evaluate", help="score sentiment and themes against a labelled CSV")
    evaluate.add_argument("--input", required=True)
    evaluate.add_argument("--train-size", type=int, default=0)
    evaluate.add_argument("--seed", type=int, default=0)
    safeguarding = sub.add_parser("evaluate-safeguarding", help="score the safeguarding screen against a labelled CSV")
    safeguarding.add_argument("--input", required=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "evaluate":
        from app.analysis.evaluation import run_evaluate

        return run_evaluate(args.input, train_size=args.train_size, seed=args.seed)
    from app.analysis.safeguarding_evaluation import run_evaluate_safeguarding

    return run_evaluate_safeguarding(args.input)


if __name__ == "__main__":
    sys.exit(main())
