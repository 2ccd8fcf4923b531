"""Away: leave periods per person, and whose public holidays are their days off.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holiday_region", sa.String(length=16), nullable=True))
    op.create_table(
        "leave_periods",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("ends_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["people.user_id"],
            name=op.f("fk_leave_periods_user_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave_periods")),
    )
    op.create_index(op.f("ix_leave_periods_user_id"), "leave_periods", ["user_id"], unique=False)
    op.create_index(op.f("ix_leave_periods_ends_at"), "leave_periods", ["ends_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_leave_periods_ends_at"), table_name="leave_periods")
    op.drop_index(op.f("ix_leave_periods_user_id"), table_name="leave_periods")
    op.drop_table("leave_periods")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("holiday_region")
