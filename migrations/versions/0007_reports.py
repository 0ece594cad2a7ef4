"""Reports: the population profile an officer uploads to compare respondents against, and a covering index of
short (closed-question) answers so dashboard counts are an index scan.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "population_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE",
                                name=op.f("fk_population_profiles_consultation_id_consultations")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"],
                                name=op.f("fk_population_profiles_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_population_profiles")),
        sa.UniqueConstraint("consultation_id", name=op.f("uq_population_profiles_consultation_id")),
    )
    op.create_table(
        "population_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=80), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["population_profiles.id"], ondelete="CASCADE",
                                name=op.f("fk_population_figures_profile_id_population_profiles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_population_figures")),
        sa.UniqueConstraint("profile_id", "dimension", "category", name=op.f("uq_population_figures_profile_id")),
    )
    with op.batch_alter_table("population_figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_population_figures_profile_id"), ["profile_id"], unique=False)
    op.create_index("ix_answers_short_values", "answers", ["question_id", "item", "value", "position", "response_id"],
                    unique=False, sqlite_where=sa.text("length(value) <= 100"),
                    postgresql_where=sa.text("length(value) <= 100"))


def downgrade():
    op.drop_index("ix_answers_short_values", table_name="answers")
    with op.batch_alter_table("population_figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_population_figures_profile_id"))
    op.drop_table("population_figures")
    op.drop_table("population_profiles")
