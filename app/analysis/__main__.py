"""Command line for the analysis engine: ``python -m app.analysis <command>``; ``--help`` lists the commands."""

from __future__ import annotations

import argparse
import sys

from app.analysis.engine.safeguarding_model import SHIPPED_MODEL_PATH
from app.analysis.engine.sentiment_meaning import SHIPPED_MODEL_PATH as SENTIMENT_MODEL_PATH


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app.analysis")
    sub = parser.add_subparsers(dest="command", required=True)
    evaluate = sub.add_parser("evaluate", help="score sentiment and themes against a labelled CSV")
    evaluate.add_argument("--input", required=True)
    evaluate.add_argument("--train-size", type=int, default=0)
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--split", help="score only rows whose split column has this value (e.g. holdout)")
    safeguarding = sub.add_parser("evaluate-safeguarding", help="score the safeguarding screen against a labelled CSV")
    safeguarding.add_argument("--input", required=True)
    safeguarding.add_argument("--split", help="score only rows whose split column has this value (e.g. holdout)")
    safeguarding.add_argument("--rules-only", action="store_true", help="score the rules without the learned screen")
    meaning = sub.add_parser("tune-theme-meaning", help="choose when meaning adds a theme, by cross-validation")
    meaning.add_argument("--input", required=True)
    sentiment = sub.add_parser("train-sentiment", help="fit the shipped sentiment model on the team's training file")
    sentiment.add_argument("--output", default=str(SENTIMENT_MODEL_PATH))
    sentiment.add_argument("--nhs", help="path of nhs_feedback_phase1.csv (default: ../shared/data)")
    train = sub.add_parser("train-safeguarding", help="fit the learned safeguarding screen on the exemplars")
    train.add_argument("--output", default=str(SHIPPED_MODEL_PATH))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "evaluate":
        from app.analysis.evaluation import run_evaluate

        return run_evaluate(args.input, train_size=args.train_size, seed=args.seed, split=args.split)
    if args.command == "train-sentiment":
        from app.analysis.sentiment_fit import run_train_sentiment

        return run_train_sentiment(args.output, args.nhs)
    if args.command == "tune-theme-meaning":
        from app.analysis.theme_meaning_fit import run_tune_theme_meaning

        return run_tune_theme_meaning(args.input)
    if args.command == "train-safeguarding":
        from app.analysis.safeguarding_fit import run_train_safeguarding

        return run_train_safeguarding(args.output)
    from app.analysis.safeguarding_evaluation import run_evaluate_safeguarding

    return run_evaluate_safeguarding(args.input, split=args.split, rules_only=args.rules_only)


if __name__ == "__main__":
    sys.exit(main())
