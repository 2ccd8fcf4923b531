"""Tables for channel norms, who got a channel's norms on joining it, and the questions asked
in channels with a response time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.focus.tables import SLACK_ID, SLACK_TS
from bot.norms.model import MAX_LINE


class ChannelNorms(Base):
    """One channel's norms, and who changed them last (the change is posted in the channel)."""

    __tablename__ = "channel_norms"

    channel_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(MAX_LINE))
    kind: Mapped[str] = mapped_column(String(16))
    # The response time as the model holds it: a kind (None: no response time) and amount.
    response_kind: Mapped[str | None] = mapped_column(String(24))
    response_amount: Mapped[int | None] = mapped_column(Integer)
    urgent_route: Mapped[str | None] = mapped_column(String(16))
    urgent_channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    not_for: Mapped[str | None] = mapped_column(String(MAX_LINE))
    updated_by: Mapped[str | None] = mapped_column(SLACK_ID)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NormsReceived(Base):
    """That a person who joined a channel was sent its norms: they are sent once."""

    __tablename__ = "channel_norms_received"

    channel_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True, index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NormQuestion(Base):
    """A question addressed to someone in a channel with a response time, and whether it was
    answered or its one reminder went out. Never the message's text."""

    __tablename__ = "norm_questions"
    __table_args__ = (
        # A retried event (or a second replica) inserts the same key and is skipped.
        UniqueConstraint("channel_id", "message_ts", "asked_id", name="uq_norm_questions_asked"),
        # A reply by the person asked, in the question's thread, answers it.
        Index("ix_norm_questions_thread", "channel_id", "thread_ts", "asked_id"),
        Index("ix_norm_questions_sweep", "status", "remind_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(SLACK_ID)
    message_ts: Mapped[str] = mapped_column(SLACK_TS)
    # The thread an answer goes in: the question's own ts, or its thread's when it is a reply.
    thread_ts: Mapped[str] = mapped_column(SLACK_TS)
    asker_id: Mapped[str] = mapped_column(SLACK_ID, index=True)
    asked_id: Mapped[str] = mapped_column(SLACK_ID, index=True)
    # When it was posted (its ts); retention ages questions by it.
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The channel's response time when it was asked (the reminder quotes it).
    response_kind: Mapped[str] = mapped_column(String(24))
    response_amount: Mapped[int] = mapped_column(Integer)
    # When an answer was due, counted in the asked person's working time; None until the
    # sweep has counted it (the hot path does not).
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the sweep looks at it next: to count its due time, or to remind.
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # waiting -> reminding (recorded, being sent) -> reminded.
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    # How the reminder went ("dm" or "digest") and its key there: the DM's metadata carries
    # the key (the smallest question id it reminds of), a digest's is the digest id.
    reminded_via: Mapped[str | None] = mapped_column(String(8))
    reminder_key: Mapped[int | None] = mapped_column(Integer)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
