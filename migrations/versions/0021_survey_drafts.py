"""Survey changes are drafted, previewed and published (issue 17 item 8).

``survey_drafts``: at most one unpublished definition per survey, with the version it was started from and who
changed it last. Downgrade drops the table (unpublished drafts are lost; published versions are untouched).

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("base_version_id", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["survey_id"], ["surveys.id"], name="fk_survey_drafts_survey_id_surveys"),
        sa.ForeignKeyConstraint(["base_version_id"], ["survey_versions.id"],
                                name="fk_survey_drafts_base_version_id_survey_versions"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name="fk_survey_drafts_updated_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_survey_drafts"),
        sa.UniqueConstraint("survey_id", name="uq_survey_drafts_survey_id"),
    )


def downgrade():
    op.drop_table("survey_drafts")
