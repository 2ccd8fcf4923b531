"""Tables for meetings: people's calendar feeds and the meetings seen in them.

Descriptions are not stored: only the agenda verdict and its reason, and the flags the
weekly summary needs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.focus.tables import SLACK_ID
from bot.meetings.model import SERIES_KEY_CHARS


class CalendarFeed(Base):
    """One person's private calendar address (encrypted) and how its last fetch went."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    # Fernet ciphertext: the address is a credential. host is kept apart for messages.
    url_encrypted: Mapped[str] = mapped_column(Text)
    host: Mapped[str] = mapped_column(String(255))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_poll_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The last problem, and when the person was told of a lasting one (401/403/404/410).
    problem: Mapped[str | None] = mapped_column(Text)
    problem_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    meetings_found: Mapped[int] = mapped_column(Integer, default=0)
    # What the last read left out (model.FeedReading as JSON); None when it read everything.
    reading: Mapped[str | None] = mapped_column(Text)


class Meeting(Base):
    """One meeting (an occurrence), however many feeds it appears in."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("series_key", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    series_key: Mapped[str] = mapped_column(String(SERIES_KEY_CHARS))
    # The occurrence's place in its series (RECURRENCE-ID, or the start of a single event).
    slot: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    organizer_email: Mapped[str | None] = mapped_column(String(320))
    # The organizer's Slack user, found by email (None: not in this workspace, or unknown).
    organizer_id: Mapped[str | None] = mapped_column(SLACK_ID)
    people: Mapped[int] = mapped_column(Integer)
    is_recurring: Mapped[bool] = mapped_column(Boolean)
    is_private: Mapped[bool] = mapped_column(Boolean)
    has_agenda: Mapped[bool] = mapped_column(Boolean)
    agenda_reason: Mapped[str] = mapped_column(String(32))
    # Why no nudge is due ("private", "too_few_people", "title:lunch"), or None.
    exemption: Mapped[str | None] = mapped_column(String(160))
    minutes: Mapped[int] = mapped_column(Integer)
    # The summary's flags that are set, comma-separated (see model.MeetingFlags.names).
    flags: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MeetingSighting(Base):
    """A meeting appears in a person's feed; removing the feed removes what only it saw."""

    __tablename__ = "meeting_sightings"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("calendar_feeds.user_id", ondelete="CASCADE"), primary_key=True, index=True
    )


class EmailUser(Base):
    """users.lookupByEmail, remembered: an address and the Slack user it belongs to."""

    __tablename__ = "email_users"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(SLACK_ID)  # None: nobody here has it
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AgendaNudge(Base):
    """The agenda nudge for one series (or one single meeting) and what its organizer did."""

    __tablename__ = "agenda_nudges"

    series_key: Mapped[str] = mapped_column(String(SERIES_KEY_CHARS), primary_key=True)
    organizer_id: Mapped[str] = mapped_column(SLACK_ID, index=True)
    # The occurrence the nudge was about (the next one without an agenda, when sent).
    meeting_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Not needed": no more nudges for this series.
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An agenda the organizer gave Kairos (a feed is read-only), shown to attendees.
    agenda: Mapped[str | None] = mapped_column(Text)
    agenda_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where the DM is, to update it after a button.
    channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    message_ts: Mapped[str | None] = mapped_column(String(32))


class MeetingAttendee(Base):
    """An attendee of a meeting who is a Slack user (found by email)."""

    __tablename__ = "meeting_attendees"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True, index=True)


class AgendaNotice(Base):
    """An attendee was shown a series' missing (or Kairos-kept) agenda in a digest."""

    __tablename__ = "agenda_notices"

    series_key: Mapped[str] = mapped_column(String(SERIES_KEY_CHARS), primary_key=True)
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    noticed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # "Ask for an agenda": counted for the organizer, who never learns who asked.
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
