"""Each consultation's editable codebook, stored as rows and turned into the engine's frozen ``Codebook``.

A consultation starts from the default codebook (``app/analysis/engine/data/codebook.yaml``); officers add, rename,
merge and retire themes and edit their phrases. Every change moves the revision on, so the cached matcher is rebuilt
and a recompute can tell which codings are stale.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select, update

from app.analysis.engine import Codebook, Theme, load_default_codebook
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.extensions import db
from app.models import AnswerTheme, CodebookTheme, Consultation, ConsultationCodebook, User
from app.models.types import utcnow

MAX_PHRASES = 200
MAX_EXAMPLES = 50
MAX_EXAMPLE_LENGTH = 300
DEFAULT_REVISION = 1
"""The revision a stored default codebook starts at, so codings made from the unstored default stay current."""


class CodebookEditError(DomainError):
    pass


def ensure_codebook(consultation: Consultation) -> ConsultationCodebook:
    """Store the default codebook for ``consultation`` unless it has one: when the consultation is created, and before
    an edit. Reading never calls this, so a page view writes nothing."""
    row = db.session.get(ConsultationCodebook, consultation.id)
    if row is not None:
        return row
    row = ConsultationCodebook(consultation_id=consultation.id, revision=DEFAULT_REVISION)
    db.session.add(row)
    db.session.add_all(_default_themes(consultation))
    db.session.flush()
    return row


def _default_themes(consultation: Consultation) -> list[CodebookTheme]:
    return [
        CodebookTheme(
            consultation_id=consultation.id,
            key=theme.id,
            label=theme.label,
            description=theme.description,
            phrases=list(theme.phrases),
            examples=list(theme.examples),
            retired=theme.retired,
            position=position,
        )
        for position, theme in enumerate(load_default_codebook().themes)
    ]


def _stored(consultation: Consultation) -> bool:
    return db.session.get(ConsultationCodebook, consultation.id) is not None


def list_themes(consultation: Consultation) -> list[CodebookTheme]:
    """The consultation's themes; one stored before codebooks were created with consultations shows the default
    themes, unsaved (its first edit stores them)."""
    if not _stored(consultation):
        return sorted(_default_themes(consultation), key=lambda theme: (theme.retired, theme.position))
    return list(
        db.session.scalars(
            select(CodebookTheme)
            .where(CodebookTheme.consultation_id == consultation.id)
            .order_by(CodebookTheme.retired, CodebookTheme.position, CodebookTheme.id)
        )
    )


def get_theme(consultation: Consultation, key: str) -> CodebookTheme:
    """A theme to read; an edit calls ``ensure_codebook`` first, so the theme it changes is a stored one."""
    if not _stored(consultation):
        theme = next((theme for theme in _default_themes(consultation) if theme.key == key), None)
    else:
        theme = db.session.scalar(
            select(CodebookTheme).where(CodebookTheme.consultation_id == consultation.id, CodebookTheme.key == key)
        )
    if theme is None:
        raise NotFoundError(key)
    return theme


def codebook_for(consultation: Consultation) -> tuple[Codebook, int]:
    """The engine codebook and its revision; parsed once per revision.

    The cache key includes when the codebook last changed, not just its revision: a consultation deleted and another
    created with the same id (SQLite reuses the highest id) starts again at revision 1, and must not be given the
    old one's themes by a long-running process."""
    row = db.session.get(ConsultationCodebook, consultation.id)
    if row is None:
        return load_default_codebook(), DEFAULT_REVISION
    return _cached(consultation.id, row.revision, row.updated_at_utc), row.revision


@lru_cache(maxsize=64)
def _cached(consultation_id: int, revision: int, updated_at_utc: datetime) -> Codebook:
    rows = db.session.scalars(
        select(CodebookTheme)
        .where(CodebookTheme.consultation_id == consultation_id)
        .order_by(CodebookTheme.position, CodebookTheme.id)
    )
    return Codebook(
        tuple(
            Theme(row.key, row.label, row.description, tuple(row.phrases), row.retired, tuple(row.examples or ()))
            for row in rows
        )
    )


def labels(consultation: Consultation) -> dict[str, str]:
    return {theme.key: theme.label for theme in list_themes(consultation)}


def add_theme(
    consultation: Consultation,
    label: str,
    phrases: list[str],
    actor: User,
    description: str = "",
    examples: list[str] | None = None,
) -> CodebookTheme:
    ensure_codebook(consultation)
    label = _clean_label(label)
    key = _unique_key(consultation, label)
    theme = CodebookTheme(
        consultation_id=consultation.id,
        key=key,
        label=label,
        description=_clean_description(description),
        phrases=_clean_phrases(phrases),
        examples=_clean_examples(examples or []),
        position=len(list_themes(consultation)),
    )
    db.session.add(theme)
    _changed(consultation, actor, "codebook_theme_added", key=key)
    return theme


def update_theme(
    consultation: Consultation,
    key: str,
    label: str,
    phrases: list[str],
    actor: User,
    description: str | None = None,
    examples: list[str] | None = None,
) -> CodebookTheme:
    """``description`` and ``examples`` left as None keep what the theme has. Every value is checked before any is
    set, so a refused change (a ``CodebookEditError``) leaves the theme as it was."""
    ensure_codebook(consultation)
    theme = get_theme(consultation, key)
    cleaned_label, cleaned_phrases = _clean_label(label), _clean_phrases(phrases)
    cleaned_description = theme.description if description is None else _clean_description(description)
    cleaned_examples = theme.examples if examples is None else _clean_examples(examples)
    theme.label, theme.phrases = cleaned_label, cleaned_phrases
    theme.description, theme.examples = cleaned_description, cleaned_examples
    _changed(consultation, actor, "codebook_theme_updated", key=key)
    return theme


def retire_theme(consultation: Consultation, key: str, actor: User, retired: bool = True) -> CodebookTheme:
    ensure_codebook(consultation)
    theme = get_theme(consultation, key)
    theme.retired = retired
    _changed(consultation, actor, "codebook_theme_retired" if retired else "codebook_theme_restored", key=key)
    return theme


def merge_themes(consultation: Consultation, source_key: str, target_key: str, actor: User) -> CodebookTheme:
    """Fold one theme into another: phrases join the target, codings move across, the source is retired."""
    ensure_codebook(consultation)
    if source_key == target_key:
        raise CodebookEditError("Choose two different themes to merge")
    source, target = get_theme(consultation, source_key), get_theme(consultation, target_key)
    target.phrases = _clean_phrases([*target.phrases, *source.phrases])
    joined = dict.fromkeys([*(target.examples or []), *(source.examples or [])])
    target.examples = _clean_examples(list(joined)[:MAX_EXAMPLES])
    moved = select(AnswerTheme.answer_id).where(
        AnswerTheme.theme_key == target_key, AnswerTheme.consultation_id == consultation.id
    )
    db.session.execute(
        update(AnswerTheme)
        .where(
            AnswerTheme.consultation_id == consultation.id,
            AnswerTheme.theme_key == source_key,
            AnswerTheme.answer_id.not_in(moved),
        )
        .values(theme_key=target_key)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        AnswerTheme.__table__.delete().where(
            AnswerTheme.consultation_id == consultation.id, AnswerTheme.theme_key == source_key
        )
    )
    source.retired = True
    _changed(consultation, actor, "codebook_themes_merged", source=source_key, target=target_key)
    return target


def _changed(consultation: Consultation, actor: User, action: str, **detail: str) -> None:
    row = ensure_codebook(consultation)
    row.revision += 1
    row.updated_at_utc = utcnow()
    record_event(action, actor, consultation, **detail)
    db.session.flush()


def _clean_label(label: str) -> str:
    label = " ".join(label.split())
    if not label:
        raise CodebookEditError("Enter a name for the theme")
    if len(label) > 120:
        raise CodebookEditError("Theme name must be 120 characters or less")
    return label


def _clean_phrases(phrases: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(" ".join(p.split()).lower() for p in phrases if p.strip()))
    if len(cleaned) > MAX_PHRASES:
        raise CodebookEditError(f"A theme can have at most {MAX_PHRASES} phrases")
    if any(len(phrase) > 80 for phrase in cleaned):
        raise CodebookEditError("Each phrase must be 80 characters or less")
    return cleaned


def _clean_description(description: str) -> str:
    description = " ".join(description.split())
    if len(description) > 500:
        raise CodebookEditError("Description must be 500 characters or less")
    return description


def _clean_examples(examples: list[str]) -> list[str]:
    """Examples keep their case and wording (they are read for meaning, not matched), one per line."""
    cleaned = list(dict.fromkeys(" ".join(example.split()) for example in examples if example.strip()))
    if len(cleaned) > MAX_EXAMPLES:
        raise CodebookEditError(f"A theme can have at most {MAX_EXAMPLES} examples")
    if any(len(example) > MAX_EXAMPLE_LENGTH for example in cleaned):
        raise CodebookEditError(f"Each example must be {MAX_EXAMPLE_LENGTH} characters or less")
    return cleaned


def _unique_key(consultation: Consultation, label: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:50] or "theme"
    existing = {theme.key for theme in list_themes(consultation)}
    key, n = base, 2
    while key in existing:
        key, n = f"{base}_{n}", n + 1
    return key
