"""``flask tally-responses``: bring the dashboards' running totals up to date, or rebuild them from the answers."""

from __future__ import annotations

import click
from sqlalchemy import select

from app.common.database import writing_transactions
from app.extensions import db
from app.models import Consultation
from app.reports import tallies


@click.command("tally-responses")
@click.option("--consultation", "consultation_id", type=int, help="Only this consultation (its id).")
@click.option("--rebuild", is_flag=True, help="Start the totals again from the stored answers.")
def tally_responses_command(consultation_id: int | None, rebuild: bool) -> None:
    """Fold every sent response not yet in the totals (run once after deploying on a large database, so the first
    dashboard view is fast); with --rebuild, recount from the answers, e.g. after correcting data by hand."""
    query = select(Consultation.id).order_by(Consultation.id)
    if consultation_id is not None:
        query = query.where(Consultation.id == consultation_id)
    ids = list(db.session.scalars(query))
    if not ids:
        raise click.ClickException("No such consultation")
    if rebuild:
        with writing_transactions():
            counted = sum(tallies.rebuild(cid) for cid in ids)
            db.session.commit()
        click.echo(f"Rebuilt the totals of {len(ids)} consultation(s) from {counted} sent response(s)")
        return
    counted = tallies.catch_up(ids, at_least=1)
    click.echo(f"Added {counted} sent response(s) to the totals of {len(ids)} consultation(s)")
