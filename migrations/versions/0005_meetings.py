"""Meetings: people's calendar feeds (addresses encrypted) and the meetings seen in them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("url_encrypted", sa.Text(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("body_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("synced_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_poll_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("problem_told_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("meetings_found", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_feeds")),
    )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_feeds_next_poll_at"), ["next_poll_at"], unique=False
        )

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("series_key", sa.String(length=512), nullable=False),
        sa.Column("slot", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("starts_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("organizer_email", sa.String(length=320), nullable=True),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("is_recurring", sa.Boolean(), nullable=False),
        sa.Column("is_private", sa.Boolean(), nullable=False),
        sa.Column("has_agenda", sa.Boolean(), nullable=False),
        sa.Column("agenda_reason", sa.String(length=32), nullable=False),
        sa.Column("exemption", sa.String(length=160), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("flags", sa.Text(), nullable=False),
        sa.Column("updated_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("series_key", "slot", name=op.f("uq_meetings_series_key")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "meeting_sightings",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_sightings_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["calendar_feeds.user_id"],
            name=op.f("fk_meeting_sightings_user_id_calendar_feeds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "user_id", name=op.f("pk_meeting_sightings")),
    )
    with op.batch_alter_table("meeting_sightings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_sightings_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("meeting_sightings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_sightings_user_id"))

    op.drop_table("meeting_sightings")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_starts_at"))

    op.drop_table("meetings")
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feeds_next_poll_at"))

    op.drop_table("calendar_feeds")
