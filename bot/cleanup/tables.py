"""Tables for the cleanup summary: where it goes, what was posted, and async answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.focus.tables import SLACK_ID, SLACK_TS
from bot.meetings.model import SERIES_KEY_CHARS


class SummaryChannel(Base):
    """A channel that gets the weekly summary, and when (a weekday and time in a zone)."""

    __tablename__ = "summary_channels"

    channel_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    minute: Mapped[int] = mapped_column(Integer)  # minutes after local midnight
    tz: Mapped[str] = mapped_column(String(64))
    set_by: Mapped[str] = mapped_column(SLACK_ID)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SummaryPost(Base):
    """A scheduled weekly summary: claimed once per channel and week, then posted.

    The unique (channel, week) row is what makes the post go out once, whichever replica
    or restart gets there first; the message metadata carries the id, so a post that
    reached Slack before a crash is found again rather than posted twice.
    """

    __tablename__ = "summary_posts"
    __table_args__ = (UniqueConstraint("channel_id", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(SLACK_ID)
    # The team's local date the summary was due on.
    week: Mapped[date] = mapped_column(Date)
    edition: Mapped[str] = mapped_column(String(16))  # "weekly" or "quarterly"
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The last attempt to post; another one waits until this is stale.
    attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    # The week's meeting hours, kept for the quarterly trend (meetings are forgotten).
    meeting_hours: Mapped[float | None] = mapped_column()
    # And its attendee-hours, for the chart of the last weeks (None before 0015).
    attendee_hours: Mapped[float | None] = mapped_column()


class AsyncQuestion(Base):
    """The async question, asked of one attendee about one occurrence, and the answer."""

    __tablename__ = "async_questions"
    __table_args__ = (UniqueConstraint("user_id", "series_key", "meeting_starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(SLACK_ID, index=True)
    series_key: Mapped[str] = mapped_column(String(SERIES_KEY_CHARS), index=True)
    meeting_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    via: Mapped[str] = mapped_column(String(16))  # "digest" or "dm"
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Kept only to show what was asked in the reply; never in the summary with a name.
    title: Mapped[str] = mapped_column(Text, default="")
