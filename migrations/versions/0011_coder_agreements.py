"""Analysis: the learned coder's agreement with officers' coding (``coder_agreements``), measured by the recompute job
and stored beside the codebook's agreement on the same answers and whether the coder's themes and sentiment were
used, so the overview page reads a row instead of training the coder on every view.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "coder_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("measured_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("n_coded", sa.Integer(), nullable=False),
        sa.Column("n_train", sa.Integer(), nullable=False),
        sa.Column("n_holdout", sa.Integer(), nullable=False),
        sa.Column("sentiment_accuracy", sa.Float(), nullable=True),
        sa.Column("sentiment_macro_f1", sa.Float(), nullable=True),
        sa.Column("themes_micro_f1", sa.Float(), nullable=True),
        sa.Column("themes_samples_f1", sa.Float(), nullable=True),
        sa.Column("themes_macro_f1", sa.Float(), nullable=True),
        sa.Column("codebook_sentiment_macro_f1", sa.Float(), nullable=True),
        sa.Column("codebook_themes_samples_f1", sa.Float(), nullable=True),
        sa.Column("learned_themes_used", sa.Boolean(), nullable=False),
        sa.Column("learned_sentiment_used", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            ondelete="CASCADE",
            name=op.f("fk_coder_agreements_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            ondelete="SET NULL",
            name=op.f("fk_coder_agreements_job_id_jobs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coder_agreements")),
    )
    op.create_index(op.f("ix_coder_agreements_consultation_id"), "coder_agreements", ["consultation_id"])


def downgrade():
    op.drop_index(op.f("ix_coder_agreements_consultation_id"), table_name="coder_agreements")
    op.drop_table("coder_agreements")
