"""Why a mention was held (focus, off hours, leave, a public holiday), stored when it is held:
`/focus back` deletes or shortens the leave it was held for, so the digest cannot tell it
afterwards.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("held_mentions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_for", sa.String(length=24), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("held_mentions", schema=None) as batch_op:
        batch_op.drop_column("held_for")
