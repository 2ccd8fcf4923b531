"""The workspace's settings, one row per setting, Kairos's DM channel with each person, and
the language a channel chose for Kairos's posts in it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.focus.tables import SLACK_ID


class WorkspaceSetting(Base):
    """One setting: a name and its value as text, and who changed it last.

    Key and value rather than a column per setting: Kairos serves one workspace, settings
    are few and read rarely, and a new one then needs no migration.
    """

    __tablename__ = "workspace_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(SLACK_ID)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DmChannel(Base):
    """Kairos's DM conversation with a person, as conversations.open answered once.

    Slack keeps one DM per pair for good, so the answer never goes stale; kept here rather
    than asked again at every start (and by every replica), since conversations.open is
    rate limited to about 50 calls a minute and a big team's digests are due at once.
    """

    __tablename__ = "dm_channels"

    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    channel_id: Mapped[str] = mapped_column(SLACK_ID)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChannelLanguage(Base):
    """The language Kairos posts in, in one channel, and who set it (an admin or the channel's
    creator). No row: the channel follows the workspace's language (KAIROS_LANGUAGE)."""

    __tablename__ = "channel_languages"

    channel_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    set_by: Mapped[str | None] = mapped_column(SLACK_ID)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
