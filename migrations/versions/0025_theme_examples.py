"""Placeholder reserved for parallel work (filled in by the issue that needs it, or deleted if unused).

Revision ID: 0025
Revises: 0024
"""

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
