"""Schools module: class sessions, the link from pupil responses to their session, safeguarding flags and
adult-contact requests.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade():
    op.create_table(
        "class_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("year_group", sa.String(length=20), nullable=False),
        sa.Column("planned_date", sa.Date(), nullable=False),
        sa.Column("status", _enum("classsessionstatus", "draft", "open", "closed"), nullable=False),
        sa.Column("dsl_name", sa.String(length=120), nullable=True),
        sa.Column("dsl_email", sa.String(length=254), nullable=True),
        sa.Column("dsl_informed", sa.Boolean(), nullable=False),
        sa.Column("parents_notified", sa.Boolean(), nullable=False),
        sa.Column("alternative_ready", sa.Boolean(), nullable=False),
        sa.Column("join_code", sa.String(length=6), nullable=True),
        sa.Column("joined_count", sa.Integer(), nullable=False),
        sa.Column("opened_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name=op.f("fk_class_sessions_school_id_schools")),
        sa.ForeignKeyConstraint(["teacher_id"], ["users.id"], name=op.f("fk_class_sessions_teacher_id_users")),
        sa.ForeignKeyConstraint(["survey_id"], ["surveys.id"], name=op.f("fk_class_sessions_survey_id_surveys")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_sessions")),
        sa.UniqueConstraint("join_code", name=op.f("uq_class_sessions_join_code")),
    )
    op.create_index(op.f("ix_class_sessions_school_id"), "class_sessions", ["school_id"], unique=False)
    op.create_index(op.f("ix_class_sessions_survey_id"), "class_sessions", ["survey_id"], unique=False)

    op.create_table(
        "pupil_responses",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("class_session_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["responses.id"],
                                name=op.f("fk_pupil_responses_response_id_responses"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["class_session_id"], ["class_sessions.id"],
                                name=op.f("fk_pupil_responses_class_session_id_class_sessions")),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_pupil_responses")),
    )
    op.create_index(op.f("ix_pupil_responses_class_session_id"), "pupil_responses", ["class_session_id"],
                    unique=False)

    op.create_table(
        "safeguarding_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_session_id", sa.Integer(), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("item", sa.String(length=80), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("level_rank", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("status", _enum("flagstatus", "open", "closed", "cleared"), nullable=False),
        sa.Column("dsl_notified_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("action_taken", sa.Text(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["class_session_id"], ["class_sessions.id"],
                                name=op.f("fk_safeguarding_flags_class_session_id_class_sessions"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["response_id"], ["responses.id"],
                                name=op.f("fk_safeguarding_flags_response_id_responses"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["question_id"], ["survey_questions.id"],
                                name=op.f("fk_safeguarding_flags_question_id_survey_questions"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["users.id"],
                                name=op.f("fk_safeguarding_flags_reviewed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safeguarding_flags")),
    )
    op.create_index(op.f("ix_safeguarding_flags_class_session_id"), "safeguarding_flags", ["class_session_id"],
                    unique=False)
    op.create_index(op.f("ix_safeguarding_flags_created_at_utc"), "safeguarding_flags", ["created_at_utc"],
                    unique=False)
    op.create_index("ix_safeguarding_flags_status_rank", "safeguarding_flags", ["status", "level_rank"],
                    unique=False)

    op.create_table(
        "adult_contact_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_session_id", sa.Integer(), nullable=True),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("dsl_notified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["class_session_id"], ["class_sessions.id"],
                                name=op.f("fk_adult_contact_requests_class_session_id_class_sessions"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adult_contact_requests")),
    )
    op.create_index(op.f("ix_adult_contact_requests_class_session_id"), "adult_contact_requests",
                    ["class_session_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_adult_contact_requests_class_session_id"), table_name="adult_contact_requests")
    op.drop_table("adult_contact_requests")
    op.drop_index("ix_safeguarding_flags_status_rank", table_name="safeguarding_flags")
    op.drop_index(op.f("ix_safeguarding_flags_created_at_utc"), table_name="safeguarding_flags")
    op.drop_index(op.f("ix_safeguarding_flags_class_session_id"), table_name="safeguarding_flags")
    op.drop_table("safeguarding_flags")
    op.drop_index(op.f("ix_pupil_responses_class_session_id"), table_name="pupil_responses")
    op.drop_table("pupil_responses")
    op.drop_index(op.f("ix_class_sessions_survey_id"), table_name="class_sessions")
    op.drop_index(op.f("ix_class_sessions_school_id"), table_name="class_sessions")
    op.drop_table("class_sessions")
