"""Placeholder reserved for parallel work (filled in by the issue that needs it, or deleted if unused).

Revision ID: 0022
Revises: 0021
"""

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
