"""Failed sign-ins and wrong join codes are counted in shared tables (issue 14, items 5 and 6).

``sign_in_attempts``: failed staff sign-ins per email (its SHA-256) and client address, plus one row per email for
all addresses. Five failures lock that address out of that account for 15 minutes; many failures from anywhere only
slow the account down for a minute at most, so a stranger can no longer lock the owner out by guessing. They replace
``users.failed_sign_ins`` and ``users.locked_until_utc``, which were read and then written (parallel guesses were
lost, so the account never locked on PostgreSQL) and locked the account everywhere.

``join_attempts``: wrong join codes per client address and in total, per fixed window, so the limits hold across
gunicorn workers without Redis (in-process counters were per worker).

Downgrade drops both tables and puts the two user columns back as they were (no lock on anyone).

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_attempts"),
        sa.UniqueConstraint("account_key", "address", name="uq_sign_in_attempts_account_key_address"),
    )
    op.create_index("ix_sign_in_attempts_window_started_at_utc", "sign_in_attempts", ["window_started_at_utc"])
    op.create_table(
        "join_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("window_start_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wrong_guesses", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_join_attempts"),
        sa.UniqueConstraint("address", "window_start_at_utc", name="uq_join_attempts_address_window_start_at_utc"),
    )
    op.create_index("ix_join_attempts_window_start_at_utc", "join_attempts", ["window_start_at_utc"])
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("locked_until_utc")
        batch_op.drop_column("failed_sign_ins")


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_until_utc", sa.DateTime(timezone=True), nullable=True))
    op.drop_index("ix_join_attempts_window_start_at_utc", table_name="join_attempts")
    op.drop_table("join_attempts")
    op.drop_index("ix_sign_in_attempts_window_started_at_utc", table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
