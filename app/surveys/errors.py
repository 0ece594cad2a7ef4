"""Errors the survey services raise; views turn them into pages and messages."""

from app.common.errors import DomainError, NotFoundError


class SurveyNotOpenError(DomainError):
    """The consultation is not accepting answers (not yet open, or closed)."""

    def __init__(self, phase: str) -> None:
        super().__init__(phase)
        self.phase = phase


class IncompleteResponseError(DomainError):
    def __init__(self, question_ids: list[str]) -> None:
        super().__init__(", ".join(question_ids))
        self.question_ids = question_ids


class InviteInvalidError(NotFoundError):
    """An invite token that is unknown, expired or for a closed consultation; all look the same to the holder."""


class DraftNotFoundError(NotFoundError):
    pass


class ResponseSentError(DomainError):
    """The response has been sent, and only an invited organisation may change a sent response (until close)."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference
