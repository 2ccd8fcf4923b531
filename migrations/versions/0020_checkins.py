"""Async check-ins: a meeting made async asks its people in rounds, in a channel's thread;
who is asked, each round's posts and counts, and each person's ask (answers are kept only
until posted, a blocker until the wrap-up).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _at(name: str, *, nullable: bool = True) -> sa.Column[Any]:
    # Every instant is a UTC column (bot/db/base.py: UTCDateTime).
    return sa.Column(name, bot.db.base.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("organizer_id", sa.String(length=32), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("series_key", sa.String(length=512), nullable=True),
        sa.Column("question_set", sa.String(length=16), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("weekdays", sa.String(length=16), nullable=False),
        sa.Column("local_time", sa.String(length=5), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("first_week", sa.Date(), nullable=True),
        sa.Column("due_working_minutes", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _at("created_at", nullable=False),
        _at("updated_at", nullable=False),
        _at("stopped_at"),
        _at("planned_until"),
        _at("asked_to_cancel_at"),
        sa.Column("hours_given_back", sa.Float(), nullable=True),
        _at("given_back_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
    )
    op.create_index(op.f("ix_checkins_organizer_id"), "checkins", ["organizer_id"], unique=False)
    op.create_index(op.f("ix_checkins_series_key"), "checkins", ["series_key"], unique=False)
    op.create_index(op.f("ix_checkins_status"), "checkins", ["status"], unique=False)

    op.create_table(
        "checkin_people",
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            name=op.f("fk_checkin_people_checkin_id_checkins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checkin_id", "user_id", name=op.f("pk_checkin_people")),
    )
    op.create_index(op.f("ix_checkin_people_user_id"), "checkin_people", ["user_id"], unique=False)

    op.create_table(
        "checkin_rounds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        _at("opens_at", nullable=False),
        _at("remind_at", nullable=False),
        _at("due_at", nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        _at("claimed_at"),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        _at("opened_at"),
        sa.Column("wrap_ts", sa.String(length=32), nullable=True),
        _at("wrapped_at"),
        sa.Column("asked_count", sa.Integer(), nullable=True),
        sa.Column("answered_count", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            name=op.f("fk_checkin_rounds_checkin_id_checkins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_rounds")),
        sa.UniqueConstraint("checkin_id", "opens_at", name="uq_checkin_rounds_opens"),
    )
    op.create_index(
        "ix_checkin_rounds_sweep", "checkin_rounds", ["state", "opens_at"], unique=False
    )
    op.create_index(op.f("ix_checkin_rounds_due_at"), "checkin_rounds", ["due_at"], unique=False)

    op.create_table(
        "checkin_asks",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        _at("ask_at", nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        _at("claimed_at"),
        sa.Column("dm_channel", sa.String(length=32), nullable=True),
        sa.Column("dm_ts", sa.String(length=32), nullable=True),
        _at("asked_at"),
        _at("reminded_at"),
        sa.Column("reminder_ts", sa.String(length=32), nullable=True),
        _at("answered_at"),
        sa.Column("answers", sa.Text(), nullable=True),
        sa.Column("answer_ts", sa.String(length=32), nullable=True),
        sa.Column("blocker", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["checkin_rounds.id"],
            name=op.f("fk_checkin_asks_round_id_checkin_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "user_id", name=op.f("pk_checkin_asks")),
    )
    op.create_index("ix_checkin_asks_sweep", "checkin_asks", ["state", "ask_at"], unique=False)
    op.create_index(op.f("ix_checkin_asks_user_id"), "checkin_asks", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_checkin_asks_user_id"), table_name="checkin_asks")
    op.drop_index("ix_checkin_asks_sweep", table_name="checkin_asks")
    op.drop_table("checkin_asks")
    op.drop_index(op.f("ix_checkin_rounds_due_at"), table_name="checkin_rounds")
    op.drop_index("ix_checkin_rounds_sweep", table_name="checkin_rounds")
    op.drop_table("checkin_rounds")
    op.drop_index(op.f("ix_checkin_people_user_id"), table_name="checkin_people")
    op.drop_table("checkin_people")
    op.drop_index(op.f("ix_checkins_status"), table_name="checkins")
    op.drop_index(op.f("ix_checkins_series_key"), table_name="checkins")
    op.drop_index(op.f("ix_checkins_organizer_id"), table_name="checkins")
    op.drop_table("checkins")
