"""The audit log in words an administrator reads: "Organisation: Thames Valley Police", not "Organisation 3".

Events store a record's type and id (and ids in their detail), never names, so the log holds no answers or free text
and a rename never rewrites history. Names are looked up when the page is read, one query per type on the page; a
record removed since shows as removed. Records linked to pupils get no name: the log must not point at a pupil.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.common.pupil_time import is_pupil_linked
from app.extensions import db
from app.models import AuditEvent, Consultation, User

NAME_ATTRIBUTES = ("title", "name", "label", "reference", "filename")
NAMES_BY_KIND = {
    "User": "Staff account",
    "OrganisationContact": "Contact",
    "ConsultationDocument": "Document",
    "ImportBatch": "Import",
    "PopulationProfile": "Population profile",
}


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor: User | None
    record: str | None
    details: list[tuple[str, str]]


def kind_words(class_name: str) -> str:
    """'PopulationProfile' -> 'Population profile'."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", class_name).lower()
    return NAMES_BY_KIND.get(class_name, words[:1].upper() + words[1:])


def _model(class_name: str) -> type[Any] | None:
    found = db.Model.registry._class_registry.get(class_name)  # noqa: SLF001 - the mapper registry has no public lookup
    return found if isinstance(found, type) and hasattr(found, "id") else None


def _id_keys(detail: dict[str, Any]) -> dict[str, str]:
    """Detail keys that hold the id of another record ('organisation_id') and the class they point at."""
    keys = {
        key: "".join(part.title() for part in key.removesuffix("_id").split("_"))
        for key, value in detail.items()
        if key.endswith("_id") and isinstance(value, int)
    }
    return {key: class_name for key, class_name in keys.items() if _model(class_name) is not None}


def _wanted(events: Iterable[AuditEvent]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.object_type and event.object_id is not None:
            wanted[event.object_type].add(event.object_id)
        for key, class_name in _id_keys(event.detail or {}).items():
            wanted[class_name].add(event.detail[key])
    return wanted


def _describe(obj: Any, consultations: dict[int, str]) -> str:
    if isinstance(obj, User):
        return f"{obj.name} ({obj.email})"
    if is_pupil_linked(obj):
        return f"{obj.id}"
    name = next((str(getattr(obj, attribute)) for attribute in NAME_ATTRIBUTES if getattr(obj, attribute, None)), "")
    within = None if isinstance(obj, Consultation) else consultations.get(getattr(obj, "consultation_id", None) or 0)
    return " – ".join(part for part in (name or str(obj.id), within) if part)


def _names(wanted: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    found: dict[str, list[Any]] = {}
    for class_name, ids in wanted.items():
        model = _model(class_name)
        found[class_name] = list(db.session.scalars(select(model).where(model.id.in_(ids)))) if model else []
    consultation_ids = {getattr(obj, "consultation_id", None) for objs in found.values() for obj in objs}
    consultations = dict(
        db.session.execute(
            select(Consultation.id, Consultation.title).where(
                Consultation.id.in_([cid for cid in consultation_ids if cid])
            )
        )
        .tuples()
        .all()
    )
    return {(class_name, obj.id): _describe(obj, consultations) for class_name, objs in found.items() for obj in objs}


def _named(names: dict[tuple[str, int], str], class_name: str, record_id: int) -> str:
    name = names.get((class_name, record_id))
    return f"{kind_words(class_name)}: {name}" if name else f"{kind_words(class_name)} {record_id} (since removed)"


def _details(event: AuditEvent, names: dict[tuple[str, int], str]) -> list[tuple[str, str]]:
    detail, id_keys = event.detail or {}, _id_keys(event.detail or {})
    shown = []
    for key, value in sorted(detail.items()):
        if value is None or value == [] or value == "":
            continue
        if key in id_keys:
            shown.append((key.removesuffix("_id").replace("_", " "), _named(names, id_keys[key], value)))
        else:
            shown.append((key.replace("_", " "), str(value)))
    return shown


def readable(rows: list[tuple[AuditEvent, User | None]]) -> list[AuditRow]:
    names = _names(_wanted(event for event, _ in rows))
    return [
        AuditRow(
            event,
            actor,
            _named(names, event.object_type, event.object_id)
            if event.object_type and event.object_id is not None
            else None,
            _details(event, names),
        )
        for event, actor in rows
    ]
