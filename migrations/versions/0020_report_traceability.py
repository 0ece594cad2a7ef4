"""Strategy traceability and the report's officer-written parts (issue 16): the draft strategy's priorities
(``strategy_priorities``, each optionally tied to the survey row that rates it), "You said, we did" actions
(``result_actions``, each optionally under a priority), which priority and action each theme bears on
(``theme_links``), quotes an officer pins to a theme (``pinned_quotes``, one theme per answer so a quote never
repeats across themes) and the executive summary (``report_summaries``). All new tables; existing data is untouched
and downgrade drops them.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _consultation_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["consultation_id"], ["consultations.id"], ondelete="CASCADE", name=f"fk_{table}_consultation_id_consultations"
    )


def upgrade():
    op.create_table(
        "strategy_priorities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("rating_key", sa.String(length=64), nullable=False),
        _consultation_fk("strategy_priorities"),
        sa.PrimaryKeyConstraint("id", name="pk_strategy_priorities"),
    )
    op.create_index("ix_strategy_priorities_consultation_id", "strategy_priorities", ["consultation_id"])
    op.create_table(
        "result_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        _consultation_fk("result_actions"),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["strategy_priorities.id"],
            ondelete="SET NULL",
            name="fk_result_actions_priority_id_strategy_priorities",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_result_actions"),
    )
    op.create_index("ix_result_actions_consultation_id", "result_actions", ["consultation_id"])
    op.create_table(
        "theme_links",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("theme_key", sa.String(length=64), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        _consultation_fk("theme_links"),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["strategy_priorities.id"],
            ondelete="SET NULL",
            name="fk_theme_links_priority_id_strategy_priorities",
        ),
        sa.ForeignKeyConstraint(
            ["action_id"], ["result_actions.id"], ondelete="SET NULL", name="fk_theme_links_action_id_result_actions"
        ),
        sa.PrimaryKeyConstraint("consultation_id", "theme_key", name="pk_theme_links"),
    )
    op.create_table(
        "pinned_quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("theme_key", sa.String(length=64), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("pinned_by_id", sa.Integer(), nullable=True),
        sa.Column("pinned_at_utc", sa.DateTime(timezone=True), nullable=False),
        _consultation_fk("pinned_quotes"),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], ondelete="CASCADE", name="fk_pinned_quotes_answer_id_answers"
        ),
        sa.ForeignKeyConstraint(
            ["pinned_by_id"], ["users.id"], ondelete="SET NULL", name="fk_pinned_quotes_pinned_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pinned_quotes"),
        sa.UniqueConstraint("consultation_id", "answer_id", name="uq_pinned_quotes_consultation_id"),
    )
    op.create_index("ix_pinned_quotes_consultation_id", "pinned_quotes", ["consultation_id"])
    op.create_table(
        "report_summaries",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        _consultation_fk("report_summaries"),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], ondelete="SET NULL", name="fk_report_summaries_updated_by_id_users"
        ),
        sa.PrimaryKeyConstraint("consultation_id", name="pk_report_summaries"),
    )


def downgrade():
    op.drop_table("report_summaries")
    op.drop_index("ix_pinned_quotes_consultation_id", table_name="pinned_quotes")
    op.drop_table("pinned_quotes")
    op.drop_table("theme_links")
    op.drop_index("ix_result_actions_consultation_id", table_name="result_actions")
    op.drop_table("result_actions")
    op.drop_index("ix_strategy_priorities_consultation_id", table_name="strategy_priorities")
    op.drop_table("strategy_priorities")
