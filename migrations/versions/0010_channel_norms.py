"""Channel norms (purpose, kind, response time, urgent route) and who got them on joining.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_norms",
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=150), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("response_kind", sa.String(length=24), nullable=True),
        sa.Column("response_amount", sa.Integer(), nullable=True),
        sa.Column("urgent_route", sa.String(length=16), nullable=True),
        sa.Column("urgent_channel_id", sa.String(length=32), nullable=True),
        sa.Column("not_for", sa.String(length=150), nullable=True),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("updated_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", name=op.f("pk_channel_norms")),
    )
    op.create_table(
        "channel_norms_received",
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("received_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", "user_id", name=op.f("pk_channel_norms_received")),
    )
    op.create_index(
        op.f("ix_channel_norms_received_user_id"),
        "channel_norms_received",
        ["user_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_channel_norms_received_user_id"), table_name="channel_norms_received")
    op.drop_table("channel_norms_received")
    op.drop_table("channel_norms")
