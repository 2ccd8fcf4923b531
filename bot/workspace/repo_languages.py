"""Reading and writing the language each channel chose for Kairos's posts in it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.workspace.tables import ChannelLanguage


def get(session: Session, channel_id: str) -> str | None:
    """The language stored for the channel ("nl", "en"), or None when it has none."""
    row = session.get(ChannelLanguage, channel_id)
    return row.language if row is not None else None


def put(session: Session, channel_id: str, language: str, by: str | None, now: datetime) -> None:
    """Set the channel's language (insert or update)."""
    row = session.get(ChannelLanguage, channel_id)
    if row is None:
        session.add(
            ChannelLanguage(channel_id=channel_id, language=language, set_by=by, set_at=now)
        )
        return
    row.language, row.set_by, row.set_at = language, by, now


def clear(session: Session, channel_id: str) -> bool:
    """Remove the channel's language (it follows the workspace's again); whether it had one."""
    row = session.get(ChannelLanguage, channel_id)
    if row is None:
        return False
    session.delete(row)
    return True


def forget(session: Session, user_id: str) -> None:
    """Take the person's id off the languages they set: the channels keep their language."""
    session.execute(
        update(ChannelLanguage).where(ChannelLanguage.set_by == user_id).values(set_by=None)
    )
