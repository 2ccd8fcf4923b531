"""Tables for channel norms, and who got a channel's norms on joining it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.focus.tables import SLACK_ID
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
