"""Broadcasts stored in their ack and held after it: an @channel in a channel whose members
Kairos has not read lately waits here (minutes) while they are read, page by page.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-18
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_broadcasts",
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("sender_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", "message_ts", name=op.f("pk_pending_broadcasts")),
    )
    op.create_index(
        op.f("ix_pending_broadcasts_sender_id"), "pending_broadcasts", ["sender_id"], unique=False
    )
    op.create_index(
        op.f("ix_pending_broadcasts_next_try_at"),
        "pending_broadcasts",
        ["next_try_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_pending_broadcasts_next_try_at"), table_name="pending_broadcasts")
    op.drop_index(op.f("ix_pending_broadcasts_sender_id"), table_name="pending_broadcasts")
    op.drop_table("pending_broadcasts")
