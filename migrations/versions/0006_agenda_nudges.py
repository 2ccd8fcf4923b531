"""Agenda nudges, the email-to-Slack-user cache, and meetings' organizer as a Slack user.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agenda_nudges",
        sa.Column("series_key", sa.String(length=512), nullable=False),
        sa.Column("organizer_id", sa.String(length=32), nullable=False),
        sa.Column("meeting_starts_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("dismissed_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("agenda_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("series_key", name=op.f("pk_agenda_nudges")),
    )
    with op.batch_alter_table("agenda_nudges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_nudges_organizer_id"), ["organizer_id"], unique=False
        )

    op.create_table(
        "email_users",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("checked_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_email_users")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organizer_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("organizer_id")

    op.drop_table("email_users")
    with op.batch_alter_table("agenda_nudges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_nudges_organizer_id"))

    op.drop_table("agenda_nudges")
