"""What the last read of a calendar feed left out, for `/kairos calendar` to tell its owner

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 22:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reading", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_column("reading")
