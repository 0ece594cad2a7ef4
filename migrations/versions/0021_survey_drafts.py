"""Placeholder reserved for parallel work (filled in by the issue that needs it, or deleted if unused).

Revision ID: 0021
Revises: 0020
"""

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
