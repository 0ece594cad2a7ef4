"""Drafted survey changes: kept apart from the version respondents answer until an officer publishes them.

A survey is live once its consultation is published or anyone has answered it. From then on every builder change
is saved to the survey's one draft (shared by all officers); respondents go on answering the current version, and
nothing about it changes until an officer previews the draft and confirms it on the publish page. Publishing makes
a new version if the current one has any response (sent or in progress), so each response keeps the questions it
answered; otherwise the current version is rewritten. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.builder.changes import SurveyChanges, describe_changes
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.extensions import db
from app.models import ConsultationStatus, Response, ResponseStatus, Survey, SurveyDraft, SurveyVersion, User
from app.models.consultations import definition_digest
from app.models.types import utcnow
from app.surveys.definitions_service import add_version, count_responses, definition_of, replace_definition
from app.surveys.engine import SurveyDefinition, definition_to_dict, parse_definition


class DraftOutdatedError(DomainError):
    """The draft is not the one the officer confirmed, or another version went live since it was started."""


@dataclass(frozen=True)
class ResponseCounts:
    """Responses to one version: sent ones are what reports count; in-progress ones are people part-way through."""

    sent: int
    in_progress: int


@dataclass(frozen=True)
class PublishSummary:
    draft: SurveyDraft
    definition: SurveyDefinition
    changes: SurveyChanges
    current: SurveyVersion
    counts: ResponseCounts
    stamp: str
    """The draft's content digest, sent back with the confirmation so only what was shown is published."""

    @property
    def new_version_number(self) -> int:
        return self.current.number + 1 if self.counts.sent or self.counts.in_progress else self.current.number


@dataclass(frozen=True)
class PublishResult:
    version: SurveyVersion
    new_version: bool
    changes: SurveyChanges


def is_live(survey: Survey) -> bool:
    """Whether respondents can reach the survey or have answered it, so a change must wait to be published."""
    if survey.consultation.status != ConsultationStatus.DRAFT:
        return True
    return bool(
        db.session.scalar(
            select(func.count(Response.id))
            .join(SurveyVersion, Response.survey_version_id == SurveyVersion.id)
            .where(SurveyVersion.survey_id == survey.id)
        )
    )


def lock(survey: Survey) -> None:
    """Take the survey's row lock until commit, so two officers' changes to one survey are made one after the other
    (each reads the draft the other saved) and a publish never interleaves with an edit. On PostgreSQL this is the
    lock; SQLite ignores FOR UPDATE but already serialises writing requests at BEGIN (`app.common.database`)."""
    db.session.execute(select(Survey.id).where(Survey.id == survey.id).with_for_update())
    db.session.expire(survey, ["versions"])


def find_draft(survey: Survey) -> SurveyDraft | None:
    """The draft as stored now (read afresh, so a change made since this request first read it is seen)."""
    return db.session.scalar(
        select(SurveyDraft).where(SurveyDraft.survey_id == survey.id).execution_options(populate_existing=True)
    )


def surveys_with_drafts(surveys: list[Survey]) -> set[int]:
    """Which of `surveys` have unpublished changes, for the list of a consultation's surveys."""
    ids = [survey.id for survey in surveys]
    return set(db.session.scalars(select(SurveyDraft.survey_id).where(SurveyDraft.survey_id.in_(ids))))


def get_draft(survey: Survey) -> SurveyDraft:
    draft = find_draft(survey)
    if draft is None:
        raise NotFoundError(f"draft of survey {survey.id}")
    return draft


def draft_definition(draft: SurveyDraft) -> SurveyDefinition:
    return parse_definition(draft.definition)


def save_draft(survey: Survey, definition: SurveyDefinition, actor: User) -> SurveyDraft:
    """Keep a validated definition as the survey's draft, starting one from the current version if needed."""
    draft = find_draft(survey) or SurveyDraft(survey_id=survey.id, base_version_id=survey.current_version.id)
    draft.definition = definition_to_dict(definition)
    draft.updated_at_utc = utcnow()
    draft.updated_by_id = actor.id
    db.session.add(draft)
    db.session.flush()
    return draft


def discard_draft(survey: Survey, actor: User) -> None:
    lock(survey)
    draft = get_draft(survey)
    record_event("survey_draft_discarded", actor, survey, version=survey.current_version.number)
    db.session.delete(draft)
    db.session.flush()


def response_counts(version: SurveyVersion) -> ResponseCounts:
    rows = dict(
        db.session.execute(
            select(Response.status, func.count(Response.id))
            .where(Response.survey_version_id == version.id)
            .group_by(Response.status)
        )
        .tuples()
        .all()
    )
    return ResponseCounts(rows.get(ResponseStatus.SUBMITTED, 0), rows.get(ResponseStatus.IN_PROGRESS, 0))


def publish_summary(survey: Survey) -> PublishSummary:
    draft = get_draft(survey)
    definition = draft_definition(draft)
    current = survey.current_version
    return PublishSummary(
        draft,
        definition,
        describe_changes(definition_of(current), definition),
        current,
        response_counts(current),
        definition_digest(draft.definition),
    )


def publish_draft(survey: Survey, stamp: str, actor: User) -> PublishResult:
    """Make the draft the version new respondents answer; raise DraftOutdatedError and change nothing if the draft
    is not the one confirmed (`stamp`) or another version went live after it was started."""
    lock(survey)
    summary = publish_summary(survey)
    if stamp != summary.stamp:
        raise DraftOutdatedError("The draft changed after you opened this page. Check the changes again.")
    if summary.draft.base_version_id != summary.current.id:
        raise DraftOutdatedError(
            f"Version {summary.current.number} went live after this draft was started, so "
            "publishing the draft would undo it. Discard the draft and make the changes again."
        )
    version, new_version = install(survey, summary.definition)
    record_event(
        "survey_draft_published",
        actor,
        survey,
        version=version.number,
        new_version=new_version,
        added=len(summary.changes.added),
        removed=len(summary.changes.removed),
        changed=len(summary.changes.changed) + len(summary.changes.other),
    )
    db.session.delete(summary.draft)
    db.session.flush()
    return PublishResult(version, new_version, summary.changes)


def install(survey: Survey, definition: SurveyDefinition) -> tuple[SurveyVersion, bool]:
    """Make `definition` the current version: rewritten in place while nobody has answered it, else a new one."""
    version = survey.current_version
    # On PostgreSQL a new response takes a key-share lock on its version row, so this waits for (and then counts)
    # any respondent starting at the same moment instead of rewriting questions under their answers.
    db.session.execute(select(SurveyVersion.id).where(SurveyVersion.id == version.id).with_for_update())
    answered = count_responses(version) > 0
    if answered:
        version = add_version(survey, definition)
        db.session.refresh(survey)
    else:
        replace_definition(version, definition)
    survey.title = definition.title
    return version, answered
