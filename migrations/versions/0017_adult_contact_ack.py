"""A pupil's "I'd like an adult to talk to me" request can be acknowledged by the school's safeguarding lead (or a
reviewer or admin): ``acknowledged_on`` (the London day, never a time: the request is linked to a pupil, see
``app/common/pupil_time.py``) and ``acknowledged_by_id`` (who). The DSL's list then shows which requests someone has
taken on and which still wait. Existing requests are unacknowledged.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("adult_contact_requests") as batch_op:
        batch_op.add_column(sa.Column("acknowledged_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_adult_contact_requests_acknowledged_by_id_users"), "users",
                                    ["acknowledged_by_id"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("adult_contact_requests") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_adult_contact_requests_acknowledged_by_id_users"),
                                 type_="foreignkey")
        batch_op.drop_column("acknowledged_by_id")
        batch_op.drop_column("acknowledged_on")
