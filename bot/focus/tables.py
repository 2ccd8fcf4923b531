"""Tables for focus hours: people's schedules and leave, held mentions, digests, urgent uses."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base, UTCDateTime

SLACK_ID = String(32)
SLACK_TS = String(32)


class Person(Base):
    """Someone who set focus hours or working hours with Kairos."""

    __tablename__ = "people"

    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    # The IANA zone from the Slack profile (users.info `tz`), refreshed on user_change.
    tz: Mapped[str] = mapped_column(String(64))
    # Weekly schedules as "start-end,start-end" in minutes from Monday 00:00 local time.
    focus_blocks: Mapped[str] = mapped_column(Text, default="")
    working_hours: Mapped[str] = mapped_column(Text, default="")
    session_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    released_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the sweep must look at this person next (held mentions due); None: nothing to do.
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Whose public holidays are days off: "NL", "DE-BY" (holidays.py); None: none.
    holiday_region: Mapped[str | None] = mapped_column(String(16))
    # The locale on the Slack profile (users.info with include_locale: "nl-NL"), refreshed
    # on user_change; None: Slack has not said. Kairos speaks its language if it can.
    slack_locale: Mapped[str | None] = mapped_column(String(16))
    # The language the person chose over their Slack locale ("nl", "en"); None: follow Slack.
    language: Mapped[str | None] = mapped_column(String(8))
    # Loaded when asked for (state_of); the hot path reads leave in its own joined query.
    leave: Mapped[list[LeavePeriod]] = relationship(
        order_by="LeavePeriod.starts_on", cascade="all, delete-orphan"
    )


class LeavePeriod(Base):
    """Whole days someone is away, in their own zone, first and last day inclusive."""

    __tablename__ = "leave_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("people.user_id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # When the last day ends in the person's zone as it was then: the hot path reads only
    # leave not long over (a day of margin for a changed zone), and retention ages by it.
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # Where it came from: "command" (`/focus away`) or "calendar" (an out-of-office event
    # in the person's own feed, which each sync replaces: bot/focus/calendar_leave.py).
    source: Mapped[str] = mapped_column(String(16), default="command")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Calendar leave only: the event's key (bot/meetings/absence.py), its title, and when
    # the person chose to ignore it (it then counts for nothing, and syncs keep it so).
    event_key: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    ignored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Digest(Base):
    """One DM delivering held mentions; recorded before it is sent, marked after."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recipient_id: Mapped[str] = mapped_column(SLACK_ID, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dm_channel: Mapped[str | None] = mapped_column(SLACK_ID)
    dm_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    item_count: Mapped[int] = mapped_column(Integer)


class HeldMention(Base):
    """A mention of someone who was focusing or off hours when it arrived."""

    __tablename__ = "held_mentions"
    __table_args__ = (
        UniqueConstraint(
            "recipient_id", "channel_id", "message_ts", name="uq_held_mentions_message"
        ),
        Index("ix_held_mentions_recipient_status", "recipient_id", "status"),
        Index("ix_held_mentions_message", "channel_id", "message_ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recipient_id: Mapped[str] = mapped_column(SLACK_ID)
    sender_id: Mapped[str] = mapped_column(SLACK_ID)
    channel_id: Mapped[str] = mapped_column(SLACK_ID)
    message_ts: Mapped[str] = mapped_column(SLACK_TS)
    thread_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    # The message text, kept only until delivery (then only links and counts remain).
    text: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    # Filled in when the digest is sent, so App Home can list a large digest in full.
    permalink: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Why it was held (model.FOCUSING, OFF_HOURS, absence.LEAVE, HOLIDAY): `/focus back` may
    # delete the leave it was held for. None on mentions held before this was stored.
    held_for: Mapped[str | None] = mapped_column(String(24))
    # held -> delivering -> delivered; or urgent (released early), dropped, seen.
    status: Mapped[str] = mapped_column(String(16), default="held")
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("digests.id"))


class UrgentUse(Base):
    """A sender used the urgent path for a recipient (the weekly summary counts these)."""

    __tablename__ = "urgent_uses"
    __table_args__ = (
        UniqueConstraint(
            "sender_id", "recipient_id", "channel_id", "message_ts", name="uq_urgent_uses_message"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(SLACK_ID, index=True)
    recipient_id: Mapped[str] = mapped_column(SLACK_ID, index=True)
    channel_id: Mapped[str] = mapped_column(SLACK_ID)
    message_ts: Mapped[str] = mapped_column(SLACK_TS)
    via: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class PendingBroadcast(Base):
    """An @channel, @here or @everyone stored in its ack, for holding once the channel's
    members are read after it (bot/focus/broadcasts.py); deleted when it is held."""

    __tablename__ = "pending_broadcasts"

    channel_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    message_ts: Mapped[str] = mapped_column(SLACK_TS, primary_key=True)
    thread_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    sender_id: Mapped[str] = mapped_column(SLACK_ID, index=True)
    # Kept only until it is held (minutes): the held mentions then carry it.
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Failed tries so far, and when the sweep may try next (after a grace period first, so
    # that it does not race the expansion that runs right after the ack).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
