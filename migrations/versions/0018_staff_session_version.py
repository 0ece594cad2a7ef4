"""Signing out now ends every copy of a staff session (issue 14.1); this release ends every session issued before it.

``users.session_version`` (since 0001) is in every staff session cookie and checked on each request; sign-out,
password reset, deactivation and role change raise it, which refuses every cookie carrying the old value. Before this
release sign-out did not raise it, so a copy of a cookie from a session that was signed out could still be used for up
to 8 hours, and development instances signed cookies with a key published in the code. Raising every user's version
once on upgrade ends all those sessions: staff simply sign in again. No column changes, so downgrade has nothing to
undo (the ended sessions stay ended, which is harmless).

Revision ID: 0018
Revises: 0017
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE users SET session_version = session_version + 1")


def downgrade():
    pass
