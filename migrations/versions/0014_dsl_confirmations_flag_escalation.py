"""Safeguarding leads confirm their address once (``dsl_confirmations``; the new ``dsl`` role needs no DDL, roles are
stored as plain strings), and urgent flags record who acknowledged them and when they were escalated to the
partnership's safeguarding lead (``acknowledged_at_utc``, ``acknowledged_by_id``, ``escalated_at_utc``).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "dsl_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"], ondelete="SET NULL",
                                name=op.f("fk_dsl_confirmations_requested_by_id_users")),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], ondelete="CASCADE",
                                name=op.f("fk_dsl_confirmations_school_id_schools")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL",
                                name=op.f("fk_dsl_confirmations_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsl_confirmations")),
        sa.UniqueConstraint("school_id", "email", name="uq_dsl_confirmations_school_id_email"),
    )
    with op.batch_alter_table("safeguarding_flags") as batch_op:
        batch_op.add_column(sa.Column("acknowledged_at_utc", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("escalated_at_utc", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_safeguarding_flags_acknowledged_by_id_users"), "users",
                                    ["acknowledged_by_id"], ["id"])


def downgrade():
    with op.batch_alter_table("safeguarding_flags") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_safeguarding_flags_acknowledged_by_id_users"), type_="foreignkey")
        batch_op.drop_column("escalated_at_utc")
        batch_op.drop_column("acknowledged_by_id")
        batch_op.drop_column("acknowledged_at_utc")
    op.drop_table("dsl_confirmations")
