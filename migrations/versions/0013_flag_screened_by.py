"""Safeguarding flags remember which screen raised them (``screened_by``: ``rules``, ``model`` or ``both``), so the
reviewer and the DSL can be told why an answer the learned screen flagged, with no listed words, was held back.
Existing flags were all raised by the rules and get ``rules``.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("safeguarding_flags") as batch_op:
        batch_op.add_column(sa.Column("screened_by", sa.String(length=16), nullable=False, server_default="rules"))


def downgrade():
    with op.batch_alter_table("safeguarding_flags") as batch_op:
        batch_op.drop_column("screened_by")
