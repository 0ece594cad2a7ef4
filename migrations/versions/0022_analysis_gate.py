"""The learned coder's gate and the officer's confirmation of a large recompute (issue 18).

``coder_agreements`` keeps the paired bootstrap interval of the learned coder's gain over the codebook (sentiment
macro-F1 and themes samples-F1), so the officer sees how sure the choice was. ``recompute_reviews`` holds a recompute
that would have moved the overall sentiment or theme distribution by more than 20 points: the distributions before
and after, examples of answers that changed, and the officer's decision. Downgrade drops both (the answers' coding is
untouched: a recompute under review changed nothing).

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

GAIN_COLUMNS = ("sentiment_gain", "sentiment_gain_low", "sentiment_gain_high",
                "themes_gain", "themes_gain_low", "themes_gain_high")


def upgrade():
    with op.batch_alter_table("coder_agreements") as batch:
        for name in GAIN_COLUMNS:
            batch.add_column(sa.Column(name, sa.Float(), nullable=True))
    op.create_table(
        "recompute_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("n_answers", sa.Integer(), nullable=False),
        sa.Column("largest_shift", sa.Float(), nullable=False),
        sa.Column("shifted", sa.String(length=120), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("examples", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name="fk_recompute_reviews_consultation_id_consultations", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name="fk_recompute_reviews_job_id_jobs", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name="fk_recompute_reviews_decided_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_recompute_reviews"),
        sa.UniqueConstraint("job_id", name="uq_recompute_reviews_job_id"),
    )
    op.create_index("ix_recompute_reviews_consultation_id", "recompute_reviews", ["consultation_id"])


def downgrade():
    op.drop_index("ix_recompute_reviews_consultation_id", table_name="recompute_reviews")
    op.drop_table("recompute_reviews")
    with op.batch_alter_table("coder_agreements") as batch:
        for name in reversed(GAIN_COLUMNS):
            batch.drop_column(name)
