"""The weekly summary keeps each week's attendee-hours beside its meeting hours, for the
chart of the last eight weeks (the meetings themselves are forgotten after five).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("summary_posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attendee_hours", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("summary_posts", schema=None) as batch_op:
        batch_op.drop_column("attendee_hours")
