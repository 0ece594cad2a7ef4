"""A reviewer reads every pupil comment before it is used, and officers can send any answer to safeguarding.

``consultations.pupil_comment_review`` (on by default): a sent pupil free-text answer the screen did not flag is held
as a level-"none" safeguarding flag until a reviewer releases it, so one queue holds every unreleased pupil comment.
``safeguarding_flags.screen_score`` keeps the learned screen's score, so the queue is ordered by it after the level;
``escalated_to`` records who a reviewer passed a concern to; ``raised_by_id`` and ``raised_reason`` record the officer
and the reason when an officer sent an answer to safeguarding (``screened_by`` "officer"). Flags raised before this
revision have no score and no officer.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultations") as batch_op:
        batch_op.add_column(sa.Column("pupil_comment_review", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    with op.batch_alter_table("safeguarding_flags") as batch_op:
        batch_op.add_column(sa.Column("screen_score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("escalated_to", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("raised_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("raised_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_safeguarding_flags_raised_by_id_users"), "users",
                                    ["raised_by_id"], ["id"])


def downgrade():
    with op.batch_alter_table("safeguarding_flags") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_safeguarding_flags_raised_by_id_users"), type_="foreignkey")
        batch_op.drop_column("raised_reason")
        batch_op.drop_column("raised_by_id")
        batch_op.drop_column("escalated_to")
        batch_op.drop_column("screen_score")
    with op.batch_alter_table("consultations") as batch_op:
        batch_op.drop_column("pupil_comment_review")
