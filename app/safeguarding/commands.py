"""``flask retrain-safeguarding``: retrain the learned screen with this partnership's reviewed cases.

Never run automatically. A changed screen changes which children's words reach a DSL, so the command writes the new
screen to a file, prints how the shipped screen and the new one score on the shipped evaluation rows (the exemplars'
held-back fifth, which neither was trained on), and tells the operator how to switch to it. Switching is a
deliberate configuration change (``SAFEGUARDING_MODEL`` and its SHA-256), owned by whoever signs off the DPIA.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from app.analysis.engine.safeguarding import learned_screen, screen_with
from app.analysis.safeguarding_evaluation import read_labelled, score
from app.safeguarding.services import list_reviewed_cases

if TYPE_CHECKING:
    from app.analysis.engine.safeguarding_model import LearnedScreen

# Training (numpy, scikit-learn) is imported by the command when it runs: registering it must not load them into
# every process that creates the app.

HEADLINE = ("recall_flagged", "recall_urgent", "false_positive_rate", "category_accuracy", "share_flagged")


def _figures(model: LearnedScreen) -> dict[str, object]:
    from app.analysis.engine.safeguarding_training import EXEMPLARS_PATH

    rows = read_labelled(str(EXEMPLARS_PATH), split="holdout")
    figures = score(rows, lambda text: screen_with(model, text))
    return {name: figures.get(name) for name in ("n", *HEADLINE)}


@click.command("retrain-safeguarding")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the retrained screen (for example instance/safeguarding_model.npz)",
)
@click.option("--recall-target", type=float, default=0.98, show_default=True)
def retrain_safeguarding_command(output: Path, recall_target: float) -> None:
    """Retrain the safeguarding screen on the exemplars plus reviewers' decisions; report before and after."""
    from app.analysis.engine.safeguarding_training import Exemplar
    from app.analysis.safeguarding_fit import cross_validation_figures, fit_screen, write_screen

    cases = [Exemplar(case.text, case.level, case.category) for case in list_reviewed_cases()]
    if not cases:
        raise click.ClickException("No reviewed cases are stored yet, so there is nothing new to learn from.")
    click.echo(f"Retraining on the shipped exemplars plus {len(cases)} reviewed case(s)…")
    model, cv = fit_screen(extra=cases, recall_target=recall_target)
    digest = write_screen(model, output)
    report = {
        "reviewed_cases": len(cases),
        "before": _figures(learned_screen()),
        "after": _figures(model),
        "cross_validation": cross_validation_figures(cv),
        "output": str(output),
        "sha256": digest,
    }
    click.echo(json.dumps(report, indent=2))
    click.echo(
        f"To use it, set SAFEGUARDING_MODEL={output} and SAFEGUARDING_MODEL_SHA256={digest}, then restart "
        "the app. Nothing changes until you do."
    )
