"""Connect: people's encrypted user tokens and what Kairos set on their Slack.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_connections",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("token_encrypted", sa.Text(), nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("connected_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("snoozing", sa.Boolean(), nullable=False),
        sa.Column("focus_ends_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("snooze_ends_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status_text", sa.Text(), nullable=True),
        sa.Column("status_emoji", sa.String(length=104), nullable=True),
        sa.Column("status_expires_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("saved_status_text", sa.Text(), nullable=True),
        sa.Column("saved_status_emoji", sa.String(length=104), nullable=True),
        sa.Column("saved_status_expires_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_change_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_connections")),
    )
    with op.batch_alter_table("user_connections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_connections_next_change_at"), ["next_change_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("user_connections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_connections_next_change_at"))

    op.drop_table("user_connections")
