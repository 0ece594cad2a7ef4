"""Reports: closed-answer tallies per group a dashboard filters by (``filter_tallies``: ward, age band and channel
together, or the London day received), and those groups on each folded response (``tallied_responses``), so a
filtered dashboard at 100,000 responses sums a few thousand tally rows instead of grouping a million answers
(issue 16).

The running tallies are a cache of the answers: upgrade empties ``answer_tallies`` and ``tallied_responses`` so the
next dashboard, report or export folds every sent response again, with its groups. Downgrade drops the new table
and columns and empties the tallies the same way.

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

GROUP_COLUMNS = (("ward", sa.String(length=80)), ("age_band", sa.String(length=80)), ("channel", sa.String(length=16)),
                 ("day", sa.Date()))

FILTER_INDEXES = (("question", "question_id"), ("ward", "ward"), ("age_band", "age_band"), ("channel", "channel"),
                  ("day", "day"))


def _empty_tallies() -> None:
    op.execute(sa.text("DELETE FROM answer_tallies"))
    op.execute(sa.text("DELETE FROM tallied_responses"))


def upgrade():
    _empty_tallies()
    with op.batch_alter_table("tallied_responses") as batch:
        for name, type_ in GROUP_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    for column in ("ward", "age_band"):
        op.create_index(f"ix_tallied_responses_consultation_{column}", "tallied_responses", ["consultation_id", column])
    op.create_table(
        "filter_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=80), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        *(sa.Column(name, type_, nullable=True) for name, type_ in GROUP_COLUMNS),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE",
                                name=op.f("fk_filter_tallies_consultation_id_consultations")),
        sa.ForeignKeyConstraint(["question_id"], ["survey_questions.id"], ondelete="CASCADE",
                                name=op.f("fk_filter_tallies_question_id_survey_questions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filter_tallies")),
    )
    for name, column in FILTER_INDEXES:
        op.create_index(f"ix_filter_tallies_consultation_{name}", "filter_tallies", ["consultation_id", column])


def downgrade():
    for name, _ in FILTER_INDEXES:
        op.drop_index(f"ix_filter_tallies_consultation_{name}", table_name="filter_tallies")
    op.drop_table("filter_tallies")
    _empty_tallies()
    for column in ("ward", "age_band"):
        op.drop_index(f"ix_tallied_responses_consultation_{column}", table_name="tallied_responses")
    with op.batch_alter_table("tallied_responses") as batch:
        for name, _ in reversed(GROUP_COLUMNS):
            batch.drop_column(name)
