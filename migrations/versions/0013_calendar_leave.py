"""Calendar leave: out-of-office events of a person's own feed as leave periods, each with
its event's key and title, and whether the person chose to ignore it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leave_periods", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("title", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("ignored_at", bot.db.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("leave_periods", schema=None) as batch_op:
        batch_op.drop_column("ignored_at")
        batch_op.drop_column("title")
        batch_op.drop_column("event_key")
