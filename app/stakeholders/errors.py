"""Errors the stakeholder and channel services raise; views turn them into messages."""

from __future__ import annotations

from app.common.errors import DomainError, NotFoundError


class OrganisationExistsError(DomainError):
    """Another organisation already has this name."""


class OrganisationInUseError(DomainError):
    """An organisation that has invites or responses cannot be removed; its history must stay intact."""


class NotStakeholderSurveyError(NotFoundError):
    """Invites are only for stakeholder surveys: any other survey has no invite pages (a 404, like a missing one)."""


class KeyingNotAllowedError(DomainError):
    """Responses cannot be keyed in or imported for this survey now (wrong audience, or outside the window)."""

    def __init__(self, message: str, *, needs_confirmation: bool = False) -> None:
        super().__init__(message)
        self.needs_confirmation = needs_confirmation


class KeyedOrganisationError(DomainError):
    """A keyed-in stakeholder response needs its organisation, which may send only one response per survey."""


class DuplicateImportError(DomainError):
    """The same file has already been imported into this survey."""


class ImportFileError(DomainError):
    """The file cannot be read as a CSV of responses at all (wrong type, encoding, header)."""
