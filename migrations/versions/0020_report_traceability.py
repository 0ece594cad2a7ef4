"""Placeholder reserved for parallel work (filled in by the issue that needs it, or deleted if unused).

Revision ID: 0020
Revises: 0019
"""

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
