"""Analysis and background jobs: per-consultation codebooks and themes, answer codings with their themes, and jobs.

Revision ID: 0006
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "codebooks",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_codebooks_consultation_id_consultations")),
        sa.PrimaryKeyConstraint("consultation_id", name=op.f("pk_codebooks")),
    )
    op.create_table(
        "codebook_themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("phrases", sa.JSON(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_codebook_themes_consultation_id_consultations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codebook_themes")),
        sa.UniqueConstraint("consultation_id", "key", name=op.f("uq_codebook_themes_consultation_id")),
    )
    op.create_index(op.f("ix_codebook_themes_consultation_id"), "codebook_themes", ["consultation_id"])
    op.create_table(
        "answer_codings",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=False),
        sa.Column("polarity", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("redacted_text", sa.Text(), nullable=False),
        sa.Column("officer_coded", sa.Boolean(), nullable=False),
        sa.Column("coded_by_id", sa.Integer(), nullable=True),
        sa.Column("coded_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("codebook_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answers.id"], ondelete="CASCADE",
                                name=op.f("fk_answer_codings_answer_id_answers")),
        sa.ForeignKeyConstraint(["coded_by_id"], ["users.id"], name=op.f("fk_answer_codings_coded_by_id_users")),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_answer_codings_consultation_id_consultations")),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_answer_codings")),
    )
    op.create_index("ix_answer_codings_consultation_sentiment", "answer_codings", ["consultation_id", "sentiment"])
    op.create_table(
        "answer_themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("theme_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answers.id"], ondelete="CASCADE",
                                name=op.f("fk_answer_themes_answer_id_answers")),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_answer_themes_consultation_id_consultations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_themes")),
        sa.UniqueConstraint("answer_id", "theme_key", name=op.f("uq_answer_themes_answer_id")),
    )
    op.create_index("ix_answer_themes_consultation_theme", "answer_themes", ["consultation_id", "theme_key"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.Enum("queued", "running", "done", "failed", name="jobstatus", native_enum=False,
                                    length=32), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(length=300), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("result_path", sa.String(length=300), nullable=True),
        sa.Column("result_filename", sa.String(length=200), nullable=True),
        sa.Column("result_content_type", sa.String(length=100), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_jobs_consultation_id_consultations")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_jobs_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_consultation_id"), "jobs", ["consultation_id"])


def downgrade():
    op.drop_index(op.f("ix_jobs_consultation_id"), table_name="jobs")
    op.drop_table("jobs")
    op.drop_index("ix_answer_themes_consultation_theme", table_name="answer_themes")
    op.drop_table("answer_themes")
    op.drop_index("ix_answer_codings_consultation_sentiment", table_name="answer_codings")
    op.drop_table("answer_codings")
    op.drop_index(op.f("ix_codebook_themes_consultation_id"), table_name="codebook_themes")
    op.drop_table("codebook_themes")
    op.drop_table("codebooks")
