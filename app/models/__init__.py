"""All mapped classes, re-exported so Alembic sees the whole metadata."""

from app.models.audit import AuditEvent
from app.models.consultations import (
    Consultation,
    ConsultationDocument,
    ConsultationPhase,
    ConsultationStatus,
    Survey,
    SurveyAudience,
    SurveyPage,
    SurveyQuestion,
    SurveyVersion,
)
from app.models.mail import OutboxMessage
from app.models.responses import Answer, Response, ResponseChannel, ResponseStatus
from app.models.stakeholders import Invite, Organisation
from app.models.users import Role, School, User

__all__ = [
    "Answer", "AuditEvent", "Consultation", "ConsultationDocument", "ConsultationPhase", "ConsultationStatus",
    "Invite", "Organisation", "OutboxMessage", "Response", "ResponseChannel", "ResponseStatus", "Role", "School", "Survey",
    "SurveyAudience", "SurveyPage", "SurveyQuestion", "SurveyVersion", "User",
]
