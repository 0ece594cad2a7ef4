"""Codebook themes keep example answers, so themes are found by meaning as well as by phrases (issue 18).

``codebook_themes.examples`` is a JSON list of short answers that belong to the theme; an answer whose meaning is
close to a theme's description or examples gets the theme even when it shares no phrase with it. Consultations stored
before this get the shipped examples (``app/analysis/engine/data/codebook.yaml``) for each theme they still have
under its default key, so their next recompute finds themes the same way a new consultation does; officer-added
themes start with none. Downgrade drops the column (the examples are lost; phrases and codings are untouched).

Revision ID: 0025
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("codebook_themes") as batch:
        batch.add_column(sa.Column("examples", sa.JSON(), nullable=False, server_default="[]"))
    from app.analysis.engine.codebook import load_default_codebook

    themes = sa.table("codebook_themes", sa.column("key", sa.String), sa.column("examples", sa.JSON))
    for theme in load_default_codebook().themes:
        if theme.examples:
            op.execute(themes.update().where(themes.c.key == theme.id).values(examples=list(theme.examples)))


def downgrade():
    with op.batch_alter_table("codebook_themes") as batch:
        batch.drop_column("examples")
