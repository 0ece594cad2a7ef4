"""Reports: running totals of sent closed answers (``answer_tallies``) and the responses already folded into them
(``tallied_responses``), so a dashboard reads a few hundred rows instead of grouping millions of answers.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tallied_responses",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("fold", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            ondelete="CASCADE",
            name=op.f("fk_tallied_responses_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            ondelete="CASCADE",
            name=op.f("fk_tallied_responses_response_id_responses"),
        ),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_tallied_responses")),
    )
    op.create_index("ix_tallied_responses_consultation_fold", "tallied_responses", ["consultation_id", "fold"])
    op.create_table(
        "answer_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=80), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            ondelete="CASCADE",
            name=op.f("fk_answer_tallies_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            ondelete="CASCADE",
            name=op.f("fk_answer_tallies_question_id_survey_questions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_tallies")),
    )
    op.create_index(op.f("ix_answer_tallies_consultation_id"), "answer_tallies", ["consultation_id"])


def downgrade():
    op.drop_index(op.f("ix_answer_tallies_consultation_id"), table_name="answer_tallies")
    op.drop_table("answer_tallies")
    op.drop_index("ix_tallied_responses_consultation_fold", table_name="tallied_responses")
    op.drop_table("tallied_responses")
