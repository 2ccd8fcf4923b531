"""Meeting notes: the submitted notes are kept in the database until they are posted, so a
replica that dies between the modal's ack and the post loses nothing (the sweep posts them).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notes_prompts") as batch:
        batch.add_column(sa.Column("draft", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notes_prompts") as batch:
        batch.drop_column("draft")
