"""All mapped classes, re-exported so Alembic sees the whole metadata."""

from app.models.analysis import AnswerCoding, AnswerTheme, CodebookTheme, CoderAgreement, ConsultationCodebook
from app.models.attempts import JoinAttempt, SignInAttempt
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
from app.models.contacts import OrganisationContact
from app.models.imports import ImportBatch
from app.models.jobs import Job, JobStatus
from app.models.mail import OutboxMessage
from app.models.outcomes import ConsultationResults, Milestone
from app.models.reports import AnswerTally, FilterTally, PopulationFigure, PopulationProfile, TalliedResponse
from app.models.responses import Answer, Response, ResponseChannel, ResponseStatus
from app.models.schools import (
    AdultContactRequest,
    ClassSession,
    ClassSessionStatus,
    FlagStatus,
    PupilResponse,
    SafeguardingDecision,
    SafeguardingFlag,
)
from app.models.stakeholders import Invite, Organisation
from app.models.strategy import PinnedQuote, ReportSummary, ResultAction, StrategyPriority, ThemeLink
from app.models.survey_drafts import SurveyDraft
from app.models.users import SCHOOL_ROLES, DslConfirmation, Role, School, User

__all__ = [
    "AnswerCoding",
    "AnswerTheme",
    "CodebookTheme",
    "ConsultationCodebook",
    "Job",
    "JobStatus",
    "Answer",
    "AuditEvent",
    "Consultation",
    "ConsultationDocument",
    "ConsultationPhase",
    "ConsultationStatus",
    "Invite",
    "Organisation",
    "OutboxMessage",
    "Response",
    "ResponseChannel",
    "ResponseStatus",
    "Role",
    "School",
    "Survey",
    "SurveyAudience",
    "SurveyPage",
    "SurveyQuestion",
    "SurveyVersion",
    "User",
]
__all__ += ["ImportBatch", "OrganisationContact"]
__all__ += ["ConsultationResults", "Milestone"]
__all__ += [
    "AdultContactRequest",
    "ClassSession",
    "ClassSessionStatus",
    "FlagStatus",
    "PupilResponse",
    "SafeguardingDecision",
    "SafeguardingFlag",
]
__all__ += ["AnswerTally", "FilterTally", "PopulationFigure", "PopulationProfile", "TalliedResponse"]
__all__ += ["CoderAgreement"]
__all__ += ["DslConfirmation", "SCHOOL_ROLES"]
__all__ += ["JoinAttempt", "SignInAttempt"]
__all__ += ["PinnedQuote", "ReportSummary", "ResultAction", "StrategyPriority", "ThemeLink"]
__all__ += ["SurveyDraft"]
