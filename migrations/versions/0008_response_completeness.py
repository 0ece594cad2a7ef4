"""Responses remember whether every required question is answered, worked out when a page is saved, so that
sending a response is one conditional update.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("responses") as batch_op:
        batch_op.add_column(sa.Column("is_complete", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("responses") as batch_op:
        batch_op.drop_column("is_complete")
