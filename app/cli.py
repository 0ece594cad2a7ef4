"""Flask CLI commands: create staff, load survey definitions, seed the demo consultation."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select

from app.auth.services import UserError, create_user
from app.extensions import db
from app.models import Consultation, Role
from app.surveys.definitions_service import create_survey
from app.surveys.engine import DefinitionError, load_definition


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_officer)
    app.cli.add_command(create_user_command)
    app.cli.add_command(load_survey)
    app.cli.add_command(seed_demo)
    from app.schools.commands import close_expired_sessions_command, purge_safeguarding_command

    app.cli.add_command(close_expired_sessions_command)
    app.cli.add_command(purge_safeguarding_command)
    app.cli.add_command(purge_expired_command)
    from app.reports.commands import tally_responses_command

    app.cli.add_command(tally_responses_command)
    from app.jobs.mail import deliver_pending_mail_command

    app.cli.add_command(deliver_pending_mail_command)
    from app.safeguarding.commands import retrain_safeguarding_command

    app.cli.add_command(retrain_safeguarding_command)
    from app.safeguarding.escalation import escalate_unacknowledged_command

    app.cli.add_command(escalate_unacknowledged_command)


@click.command("create-officer")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_officer(email: str, name: str, password: str) -> None:
    """Create an officer account."""
    _create(email, name, password, Role.OFFICER)


@click.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.password_option()
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Create a staff account with any role (teachers need a school: create them in the admin pages)."""
    _create(email, name, password, Role(role))


def _create(email: str, name: str, password: str, role: Role) -> None:
    try:
        user = create_user(email, name, password, role)
    except UserError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {role.value} {user.email}")


@click.command("load-survey")
@click.argument("consultation_slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_survey(consultation_slug: str, path: Path) -> None:
    """Validate a JSON or YAML survey definition and add it to a consultation."""
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == consultation_slug))
    if consultation is None:
        raise click.ClickException(f"No consultation with slug {consultation_slug!r}")
    try:
        definition = load_definition(path.read_text(encoding="utf-8"), path.suffix.lstrip(".") or None)
    except DefinitionError as error:
        raise click.ClickException(f"{path} is not a valid survey definition:\n{error}") from error
    if any(survey.slug == definition.slug for survey in consultation.surveys):
        raise click.ClickException(f"The consultation already has a survey called {definition.slug!r}")
    survey = create_survey(consultation, definition)
    db.session.commit()
    click.echo(f"Loaded survey {survey.slug!r} ({len(definition.questions)} questions) into {consultation.slug}")


@click.command("seed-demo")
def seed_demo() -> None:
    """Create the Milton Keynes demo consultation, its surveys, an invite and a demo officer (idempotent)."""
    from app.demo import seed

    for line in seed():
        click.echo(line)


@click.command("purge-expired")
def purge_expired_command() -> None:
    """Delete everything past its retention period (safeguarding flags, contacts, old drafts, sent emails, pupils'
    responses) and blank old class sessions' safeguarding lead contacts."""
    from flask import current_app

    from app.admin.retention import RetentionPolicy, purge_expired
    from app.common.database import writing_transactions
    from app.models.types import utcnow

    policy = RetentionPolicy.from_config(current_app.config)
    with writing_transactions():
        db.session.commit()
        report = purge_expired(utcnow(), policy)
        db.session.commit()
    click.echo(
        f"Deleted {report.safeguarding_flags} safeguarding flag(s), {report.contacts} stakeholder contact(s), "
        f"{report.drafts} unsent draft(s) and {report.outbox_messages} sent email(s)"
    )
    click.echo(
        f"Deleted {report.pupil_responses} pupil response(s) of consultations closed over "
        f"{policy.pupil_response_days} days ago; blanked the safeguarding lead on {report.dsl_contacts} class "
        f"session(s) that ended over {policy.dsl_contact_days} days ago"
    )
    if report.safeguarding_open_past_retention:
        click.echo(
            f"{report.safeguarding_open_past_retention} safeguarding flag(s) past retention still await review",
            err=True,
        )
