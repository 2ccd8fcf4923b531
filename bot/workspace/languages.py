"""The language Kairos posts in, channel by channel: the one an admin (or the channel's
creator) set with `/kairos language nl|en`, else the workspace's (KAIROS_LANGUAGE).

A post in a channel is read by everyone in it, so it speaks the channel's language rather
than any one reader's; a reply to one person speaks theirs (bot/focus/language.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.i18n.languages import LANGUAGES, Language
from bot.workspace import repo_languages


def stored_channel_language(session: Session, channel_id: str) -> Language | None:
    """The language set for the channel, or None when it follows the workspace's."""
    stored = repo_languages.get(session, channel_id)
    # A value this version no longer speaks reads as unset rather than failing a post.
    return next((language for language in LANGUAGES if language == stored), None)


def channel_language(session: Session, channel_id: str, default: Language) -> Language:
    """The language set for the channel, else `default` (KAIROS_LANGUAGE)."""
    return stored_channel_language(session, channel_id) or default


def set_channel_language(
    session: Session, channel_id: str, language: Language | None, by: str | None, now: datetime
) -> None:
    """Set the channel's language; None makes it follow the workspace's language again."""
    if language is None:
        repo_languages.clear(session, channel_id)
    else:
        repo_languages.put(session, channel_id, language, by, now)
