"""Meeting notes: each series' notes settings, each meeting's one notes prompt, and the
actions of posted notes (their text until retention; never the summary or decisions).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notes_series",
        sa.Column("series_key", sa.String(length=512), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("note_taker", sa.String(length=16), nullable=False),
        sa.Column("fixed_user_id", sa.String(length=32), nullable=True),
        sa.Column("last_taker_id", sa.String(length=32), nullable=True),
        sa.Column("never", sa.Boolean(), nullable=False),
        sa.Column("set_by", sa.String(length=32), nullable=True),
        sa.Column("updated_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("series_key", name=op.f("pk_notes_series")),
    )
    op.create_table(
        "notes_prompts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("due_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("dm_channel_id", sa.String(length=32), nullable=True),
        sa.Column("dm_ts", sa.String(length=32), nullable=True),
        sa.Column("posted_channel_id", sa.String(length=32), nullable=True),
        sa.Column("posted_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_notes_prompts_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes_prompts")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_notes_prompts_meeting_id")),
    )
    op.create_index("ix_notes_prompts_sweep", "notes_prompts", ["state", "due_at"], unique=False)
    op.create_index(op.f("ix_notes_prompts_user_id"), "notes_prompts", ["user_id"], unique=False)
    op.create_index(
        op.f("ix_notes_prompts_created_at"), "notes_prompts", ["created_at"], unique=False
    )
    op.create_table(
        "notes_actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("prompt_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("reminder", sa.String(length=16), nullable=False),
        sa.Column("remind_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reminder_ts", sa.String(length=32), nullable=True),
        sa.Column("shown_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["prompt_id"],
            ["notes_prompts.id"],
            name=op.f("fk_notes_actions_prompt_id_notes_prompts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes_actions")),
    )
    op.create_index(
        "ix_notes_actions_reminder", "notes_actions", ["reminder", "remind_at"], unique=False
    )
    op.create_index(
        op.f("ix_notes_actions_prompt_id"), "notes_actions", ["prompt_id"], unique=False
    )
    op.create_index(op.f("ix_notes_actions_owner_id"), "notes_actions", ["owner_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_notes_actions_owner_id"), table_name="notes_actions")
    op.drop_index(op.f("ix_notes_actions_prompt_id"), table_name="notes_actions")
    op.drop_index("ix_notes_actions_reminder", table_name="notes_actions")
    op.drop_table("notes_actions")
    op.drop_index(op.f("ix_notes_prompts_created_at"), table_name="notes_prompts")
    op.drop_index(op.f("ix_notes_prompts_user_id"), table_name="notes_prompts")
    op.drop_index("ix_notes_prompts_sweep", table_name="notes_prompts")
    op.drop_table("notes_prompts")
    op.drop_table("notes_series")
