"""Safeguarding: a reviewer's decision on each flag (``safeguarding_decisions``), the pupil's words with the level and
area the screen gave and the ones the reviewer judged, so a partnership can retrain the screen on its own reviewed
cases. The text is purged with the flags under the safeguarding retention period.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "safeguarding_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("screened_level", sa.String(length=16), nullable=False),
        sa.Column("screened_category", sa.String(length=40), nullable=True),
        sa.Column("reviewed_level", sa.String(length=16), nullable=False),
        sa.Column("reviewed_category", sa.String(length=40), nullable=True),
        sa.Column("decided_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "reviewed_level IN ('none', 'watch', 'concern', 'urgent')",
            name=op.f("ck_safeguarding_decisions_reviewed_level"),
        ),
        sa.ForeignKeyConstraint(
            ["flag_id"],
            ["safeguarding_flags.id"],
            ondelete="SET NULL",
            name=op.f("fk_safeguarding_decisions_flag_id_safeguarding_flags"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safeguarding_decisions")),
    )
    op.create_index(op.f("ix_safeguarding_decisions_flag_id"), "safeguarding_decisions", ["flag_id"])
    op.create_index(op.f("ix_safeguarding_decisions_decided_at_utc"), "safeguarding_decisions", ["decided_at_utc"])


def downgrade():
    op.drop_index(op.f("ix_safeguarding_decisions_decided_at_utc"), table_name="safeguarding_decisions")
    op.drop_index(op.f("ix_safeguarding_decisions_flag_id"), table_name="safeguarding_decisions")
    op.drop_table("safeguarding_decisions")
