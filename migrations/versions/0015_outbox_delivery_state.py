"""Outbox messages are queued and delivered by a job with retries (``status``: pending, sent, failed or kept;
``attempts``, ``next_attempt_at_utc``, ``last_error``), and say what they are about (``about``, e.g.
``SafeguardingFlag:12``) so the reviewer queue can show an alert not yet delivered. Existing rows were handed to
SMTP (``sent``) or kept in the outbox only (``kept``).

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.add_column(sa.Column("status", sa.Enum("pending", "sent", "failed", "kept", name="mailstatus",
                                                        native_enum=False, create_constraint=False, length=32),
                                      nullable=False, server_default="kept"))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("next_attempt_at_utc", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("about", sa.String(length=60), nullable=True))
        batch_op.create_index("ix_outbox_messages_about", ["about"], unique=False)
        batch_op.create_index("ix_outbox_messages_status_due", ["status", "next_attempt_at_utc"], unique=False)
    op.execute("UPDATE outbox_messages SET status = 'sent' WHERE sent_at_utc IS NOT NULL")


def downgrade():
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.drop_index("ix_outbox_messages_status_due")
        batch_op.drop_index("ix_outbox_messages_about")
        batch_op.drop_column("about")
        batch_op.drop_column("last_error")
        batch_op.drop_column("next_attempt_at_utc")
        batch_op.drop_column("attempts")
        batch_op.drop_column("status")
