"""Consultation documents: PDFs only, checked by extension, content (the ``%PDF-`` signature) and size."""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import current_app
from sqlalchemy import select
from werkzeug.utils import secure_filename

from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.extensions import db
from app.models import Consultation, ConsultationDocument, User

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"


class DocumentError(DomainError):
    pass


def max_document_bytes() -> int:
    return int(current_app.config.get("DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_limit_text() -> str:
    limit = max_document_bytes()
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def check_pdf(filename: str, content: bytes) -> str:
    """Return a safe filename for an acceptable PDF, or raise ``DocumentError`` saying what is wrong."""
    safe_name = secure_filename(PurePosixPath(filename.replace("\\", "/")).name)
    if not safe_name.lower().endswith(".pdf"):
        raise DocumentError("The selected file must be a PDF")
    if not content:
        raise DocumentError("The selected file is empty")
    if len(content) > max_document_bytes():
        raise DocumentError(f"The selected file must be smaller than {size_limit_text()}")
    if not content.startswith(PDF_SIGNATURE):
        raise DocumentError("The selected file must be a PDF")
    return safe_name


def add_document(
    actor: User, consultation: Consultation, *, title: str, filename: str, content: bytes
) -> ConsultationDocument:
    safe_name = check_pdf(filename, content)
    document = ConsultationDocument(
        consultation_id=consultation.id,
        title=title.strip(),
        filename=safe_name,
        content_type="application/pdf",
        size_bytes=len(content),
        content=content,
    )
    db.session.add(document)
    db.session.flush()
    record_event("document_uploaded", actor, document, consultation_id=consultation.id, size_bytes=len(content))
    return document


def get_document(consultation: Consultation, document_id: int) -> ConsultationDocument:
    document = db.session.scalar(
        select(ConsultationDocument).where(
            ConsultationDocument.id == document_id, ConsultationDocument.consultation_id == consultation.id
        )
    )
    if document is None:
        raise NotFoundError(str(document_id))
    return document


def delete_document(actor: User, document: ConsultationDocument) -> None:
    record_event("document_deleted", actor, document, consultation_id=document.consultation_id)
    db.session.delete(document)
    db.session.flush()
