"""Focus hours: people, held mentions, digests, urgent uses.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("recipient_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("dm_channel", sa.String(length=32), nullable=True),
        sa.Column("dm_ts", sa.String(length=32), nullable=True),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digests")),
    )
    with op.batch_alter_table("digests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_digests_recipient_id"), ["recipient_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("focus_blocks", sa.Text(), nullable=False),
        sa.Column("working_hours", sa.Text(), nullable=False),
        sa.Column("session_starts_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("session_ends_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("released_until", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_check_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_people_next_check_at"), ["next_check_at"], unique=False
        )

    op.create_table(
        "urgent_uses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sender_id", sa.String(length=32), nullable=False),
        sa.Column("recipient_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urgent_uses")),
        sa.UniqueConstraint(
            "sender_id", "recipient_id", "channel_id", "message_ts", name="uq_urgent_uses_message"
        ),
    )
    with op.batch_alter_table("urgent_uses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_urgent_uses_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_urgent_uses_recipient_id"), ["recipient_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_urgent_uses_sender_id"), ["sender_id"], unique=False)

    op.create_table(
        "held_mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("recipient_id", sa.String(length=32), nullable=False),
        sa.Column("sender_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("permalink", sa.Text(), nullable=True),
        sa.Column("sent_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("held_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("digest_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["digest_id"], ["digests.id"], name=op.f("fk_held_mentions_digest_id_digests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_mentions")),
        sa.UniqueConstraint(
            "recipient_id", "channel_id", "message_ts", name="uq_held_mentions_message"
        ),
    )
    with op.batch_alter_table("held_mentions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_held_mentions_message", ["channel_id", "message_ts"], unique=False
        )
        batch_op.create_index(
            "ix_held_mentions_recipient_status", ["recipient_id", "status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("held_mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_held_mentions_recipient_status")
        batch_op.drop_index("ix_held_mentions_message")

    op.drop_table("held_mentions")
    with op.batch_alter_table("urgent_uses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_urgent_uses_sender_id"))
        batch_op.drop_index(batch_op.f("ix_urgent_uses_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_urgent_uses_at"))

    op.drop_table("urgent_uses")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_next_check_at"))

    op.drop_table("people")
    with op.batch_alter_table("digests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digests_recipient_id"))

    op.drop_table("digests")
