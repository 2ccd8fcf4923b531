"""Tables for meeting notes: each series' notes settings, each meeting's notes prompt, and
the actions of posted notes.

The notes' summary and decisions are not stored: they are in the channel's message, and
Done rebuilds only the actions' part of it. An action's text is kept, as the owner's digest
and reminder show it, until retention deletes the action.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.focus.tables import SLACK_ID, SLACK_TS
from bot.meetings.model import SERIES_KEY_CHARS


class NotesSeries(Base):
    """A series' notes settings: where notes go, who takes them, and "never"."""

    __tablename__ = "notes_series"

    series_key: Mapped[str] = mapped_column(String(SERIES_KEY_CHARS), primary_key=True)
    # Asked the first time notes are posted, then offered again (None: not asked yet).
    channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    note_taker: Mapped[str] = mapped_column(String(16), default="organizer")
    fixed_user_id: Mapped[str | None] = mapped_column(SLACK_ID)
    # Who was asked last: a rotation goes on after them, across restarts.
    last_taker_id: Mapped[str | None] = mapped_column(SLACK_ID)
    never: Mapped[bool] = mapped_column(Boolean, default=False)
    set_by: Mapped[str | None] = mapped_column(SLACK_ID)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NotesPrompt(Base):
    """The one notes prompt of a meeting: to whom, how far it got, where the notes went."""

    __tablename__ = "notes_prompts"
    __table_args__ = (Index("ix_notes_prompts_sweep", "state", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Unique: a second sweep (or replica) recording the same meeting is skipped. The prompt
    # and its posted actions outlive the meeting's row (retention, a removed feed).
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), unique=True
    )
    # None once forget-me took the note-taker away from notes that stay in the channel.
    user_id: Mapped[str | None] = mapped_column(SLACK_ID, index=True)
    # due -> sending (claimed) -> sent (in the DM) -> posted | skipped.
    state: Mapped[str] = mapped_column(String(16), default="due")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    dm_channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    dm_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    posted_channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    posted_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    # The submitted notes (JSON, model.notes_json) from the claim until Slack has them: a
    # crash between the modal's ack and the post loses nothing. Cleared once posted.
    draft: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotesAction(Base):
    """One action of posted notes: what, whose, by when, its reminder, and when it was done."""

    __tablename__ = "notes_actions"
    __table_args__ = (Index("ix_notes_actions_reminder", "reminder", "remind_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    prompt_id: Mapped[int] = mapped_column(
        ForeignKey("notes_prompts.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[str] = mapped_column(SLACK_ID, index=True)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    # waiting -> sending (claimed) -> sent; not_needed when done first, or with no due date.
    reminder: Mapped[str] = mapped_column(String(16), default="waiting")
    # When the reminder goes, counted in the owner's working hours (None: not yet counted).
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    # In the owner's digest once: the digest (or DM) that carried it.
    shown_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[str | None] = mapped_column(SLACK_ID)
