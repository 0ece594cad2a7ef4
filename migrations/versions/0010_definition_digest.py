"""Survey versions keep a SHA-256 digest of their definition, so a page view can find the parsed definition in the
process cache without reading and re-serialising the JSON. Existing versions get their digest here.

Revision ID: 0010
Revises: 0009
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_versions") as batch_op:
        batch_op.add_column(sa.Column("definition_digest", sa.String(length=64), nullable=False, server_default=""))
    versions = sa.table("survey_versions", sa.column("id", sa.Integer()), sa.column("definition", sa.JSON()),
                        sa.column("definition_digest", sa.String()))
    connection = op.get_bind()
    for version_id, definition in connection.execute(sa.select(versions.c.id, versions.c.definition)).all():
        digest = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()
        connection.execute(versions.update().where(versions.c.id == version_id).values(definition_digest=digest))


def downgrade():
    with op.batch_alter_table("survey_versions") as batch_op:
        batch_op.drop_column("definition_digest")
