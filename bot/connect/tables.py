"""The table of connected people: their encrypted user token and what Kairos set on Slack."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.focus.tables import SLACK_ID

# Slack's custom emoji names are at most 100 characters, plus the colons.
EMOJI = String(104)


class UserConnection(Base):
    """A person who connected their Slack account, so Kairos can pause their notifications.

    No foreign key to `people`: someone may connect before setting any focus hours.
    """

    __tablename__ = "user_connections"

    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    # Fernet ciphertext (see crypto.py); the token itself is never stored.
    token_encrypted: Mapped[str] = mapped_column(Text)
    # The user scopes Slack granted, comma-separated as Slack lists them.
    scopes: Mapped[str] = mapped_column(Text)
    connected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Kairos has put the person in focus on Slack (status set; snoozed unless released early).
    snoozing: Mapped[bool] = mapped_column(Boolean, default=False)
    # The end of the focus period Kairos acted on: a different end means the schedule changed.
    focus_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the snooze Kairos set runs out; None once it ended early (an urgent mention).
    snooze_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The status Kairos set, to tell at the end whether the person changed it since.
    status_text: Mapped[str | None] = mapped_column(Text)
    status_emoji: Mapped[str | None] = mapped_column(EMOJI)
    status_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The person's own status before focus; saved_status_text is None when none is saved
    # ("" is a saved empty status). Written before Kairos changes anything on Slack.
    saved_status_text: Mapped[str | None] = mapped_column(Text)
    saved_status_emoji: Mapped[str | None] = mapped_column(EMOJI)
    saved_status_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the sweep looks at this person next: their next focus start or end (bounded).
    next_change_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
