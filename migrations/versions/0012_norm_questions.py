"""Questions asked in channels with a response time: who asked whom, when the answer was due
and first came, and the one reminder (never the message's text).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-11
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "norm_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=False),
        sa.Column("asker_id", sa.String(length=32), nullable=False),
        sa.Column("asked_id", sa.String(length=32), nullable=False),
        sa.Column("asked_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("response_kind", sa.String(length=24), nullable=False),
        sa.Column("response_amount", sa.Integer(), nullable=False),
        sa.Column("due_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("remind_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reminded_via", sa.String(length=8), nullable=True),
        sa.Column("reminder_key", sa.Integer(), nullable=True),
        sa.Column("reminded_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_norm_questions")),
        sa.UniqueConstraint("channel_id", "message_ts", "asked_id", name="uq_norm_questions_asked"),
    )
    op.create_index(
        "ix_norm_questions_thread",
        "norm_questions",
        ["channel_id", "thread_ts", "asked_id"],
        unique=False,
    )
    op.create_index(
        "ix_norm_questions_sweep", "norm_questions", ["status", "remind_at"], unique=False
    )
    op.create_index(
        op.f("ix_norm_questions_asker_id"), "norm_questions", ["asker_id"], unique=False
    )
    op.create_index(
        op.f("ix_norm_questions_asked_id"), "norm_questions", ["asked_id"], unique=False
    )
    op.create_index(
        op.f("ix_norm_questions_asked_at"), "norm_questions", ["asked_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_norm_questions_asked_at"), table_name="norm_questions")
    op.drop_index(op.f("ix_norm_questions_asked_id"), table_name="norm_questions")
    op.drop_index(op.f("ix_norm_questions_asker_id"), table_name="norm_questions")
    op.drop_index("ix_norm_questions_sweep", table_name="norm_questions")
    op.drop_index("ix_norm_questions_thread", table_name="norm_questions")
    op.drop_table("norm_questions")
