"""Stakeholder organisations and their contacts.

Contacts are personal data kept in their own table; the audit log records only their ids, never names or emails.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.common.audit import record_event
from app.common.errors import NotFoundError
from app.extensions import db
from app.models import Invite, Organisation, OrganisationContact, Response, User
from app.models.types import utcnow
from app.stakeholders.errors import OrganisationExistsError, OrganisationInUseError

SECTORS: tuple[tuple[str, str], ...] = (
    ("police", "Police"),
    ("fire", "Fire and rescue"),
    ("health", "Health"),
    ("probation", "Probation"),
    ("housing", "Housing"),
    ("voluntary_sector", "Voluntary sector"),
    ("parish_council", "Parish council"),
    ("business", "Business"),
    ("education", "Education"),
    ("other", "Other"),
)
SECTOR_LABELS = dict(SECTORS)


def sector_label(value: str) -> str:
    """The label of a sector value; older rows that hold a label (e.g. "Police") are shown as they are."""
    return SECTOR_LABELS.get(value, value or "Not set")


@dataclass(frozen=True)
class OrganisationRow:
    organisation: Organisation
    contact_count: int
    invite_count: int


def list_organisations() -> list[OrganisationRow]:
    contacts = (
        select(OrganisationContact.organisation_id, func.count().label("n"))
        .group_by(OrganisationContact.organisation_id)
        .subquery()
    )
    invites = select(Invite.organisation_id, func.count().label("n")).group_by(Invite.organisation_id).subquery()
    rows = db.session.execute(
        select(Organisation, func.coalesce(contacts.c.n, 0), func.coalesce(invites.c.n, 0))
        .outerjoin(contacts, contacts.c.organisation_id == Organisation.id)
        .outerjoin(invites, invites.c.organisation_id == Organisation.id)
        .order_by(func.lower(Organisation.name), Organisation.id)
    ).all()
    return [
        OrganisationRow(organisation, contact_count, invite_count) for organisation, contact_count, invite_count in rows
    ]


def get_organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFoundError(f"organisation {organisation_id}")
    return organisation


def list_contacts(organisation: Organisation) -> list[OrganisationContact]:
    return list(
        db.session.scalars(
            select(OrganisationContact)
            .where(OrganisationContact.organisation_id == organisation.id)
            .order_by(OrganisationContact.id)
        )
    )


def get_contact(organisation: Organisation, contact_id: int) -> OrganisationContact:
    contact = db.session.get(OrganisationContact, contact_id)
    if contact is None or contact.organisation_id != organisation.id:
        raise NotFoundError(f"contact {contact_id}")
    return contact


def _name_taken(name: str, except_id: int | None = None) -> bool:
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    return db.session.scalar(query) is not None


def _flush_unique() -> None:
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise OrganisationExistsError("An organisation with this name already exists") from error


def create_organisation(actor: User, name: str, sector: str) -> Organisation:
    name = name.strip()
    if _name_taken(name):
        raise OrganisationExistsError("An organisation with this name already exists")
    organisation = Organisation(name=name, sector=sector)
    db.session.add(organisation)
    _flush_unique()
    record_event("organisation_created", actor, organisation, sector=sector)
    return organisation


def update_organisation(actor: User, organisation: Organisation, name: str, sector: str) -> Organisation:
    name = name.strip()
    if _name_taken(name, organisation.id):
        raise OrganisationExistsError("An organisation with this name already exists")
    organisation.name, organisation.sector = name, sector
    _flush_unique()
    record_event("organisation_updated", actor, organisation, sector=sector)
    return organisation


def remove_organisation(actor: User, organisation: Organisation) -> None:
    """Remove an organisation and its contacts; one that was invited or responded keeps its history instead."""
    used = db.session.scalar(
        select(func.count(Invite.id)).where(Invite.organisation_id == organisation.id)
    ) or db.session.scalar(select(func.count(Response.id)).where(Response.organisation_id == organisation.id))
    if used:
        raise OrganisationInUseError("This organisation has been invited to a survey, so it cannot be removed")
    for contact in list_contacts(organisation):
        db.session.delete(contact)
    record_event("organisation_removed", actor, organisation)
    db.session.delete(organisation)
    db.session.flush()


def add_contact(actor: User, organisation: Organisation, name: str, email: str, role: str) -> OrganisationContact:
    contact = OrganisationContact(
        organisation_id=organisation.id, name=name.strip(), email=email.strip().lower(), role=role.strip()
    )
    db.session.add(contact)
    db.session.flush()
    record_event("contact_added", actor, contact, organisation_id=organisation.id)
    return contact


def update_contact(actor: User, contact: OrganisationContact, name: str, email: str, role: str) -> None:
    contact.name, contact.email, contact.role = name.strip(), email.strip().lower(), role.strip()
    contact.updated_at_utc = utcnow()
    db.session.flush()
    record_event("contact_updated", actor, contact, organisation_id=contact.organisation_id)


def remove_contact(actor: User, contact: OrganisationContact) -> None:
    record_event("contact_removed", actor, contact, organisation_id=contact.organisation_id)
    db.session.delete(contact)
    db.session.flush()
