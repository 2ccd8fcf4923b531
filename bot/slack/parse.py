"""Turning Slack message events into typed values (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.focus.holding import IncomingMessage

__all__ = [
    "DeletedMessage",
    "EditedMessage",
    "IncomingMessage",
    "MessageChange",
    "parse_message_event",
]

# Subtypes that are people (or apps) saying something: examined for mentions.
SPOKEN_SUBTYPES = frozenset({None, "thread_broadcast", "file_share", "me_message", "bot_message"})


@dataclass(frozen=True)
class EditedMessage:
    """A message's text was changed."""

    channel_id: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]


@dataclass(frozen=True)
class DeletedMessage:
    """A message was deleted."""

    channel_id: str
    ts: str


MessageChange = IncomingMessage | EditedMessage | DeletedMessage


def parse_message_event(event: dict[str, Any]) -> MessageChange | None:  # noqa: PLR0911
    """What a message event means for held mentions; None for the many that mean nothing."""
    subtype = event.get("subtype")
    channel = event.get("channel")
    if not isinstance(channel, str):
        return None
    if subtype == "message_changed":
        new = event.get("message") or {}
        if not isinstance(new.get("ts"), str):
            return None
        return EditedMessage(channel, new["ts"], str(new.get("text") or ""), _blocks(new))
    if subtype == "message_deleted":
        deleted = event.get("deleted_ts")
        return DeletedMessage(channel, deleted) if isinstance(deleted, str) else None
    if subtype not in SPOKEN_SUBTYPES:
        return None
    sender = event.get("user") or event.get("bot_id")
    ts = event.get("ts")
    if not isinstance(sender, str) or not isinstance(ts, str):
        return None
    thread_ts = event.get("thread_ts")
    return IncomingMessage(
        channel_id=channel,
        ts=ts,
        thread_ts=thread_ts if isinstance(thread_ts, str) and thread_ts != ts else None,
        sender_id=sender,
        text=str(event.get("text") or ""),
        blocks=_blocks(event),
        from_person=isinstance(event.get("user"), str) and not event.get("bot_id"),
        calendar_files=_calendar_files(event),
    )


def _calendar_files(event: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The .ics files shared with a message: (id, url_private_download)."""
    files = event.get("files")
    found: list[tuple[str, str]] = []
    for item in files if isinstance(files, list) else []:
        if not isinstance(item, dict):
            continue
        name = str(item.get("name") or "").lower()
        is_calendar = (
            name.endswith(".ics")
            or item.get("filetype") == "ics"
            or str(item.get("mimetype") or "").startswith("text/calendar")
        )
        url = item.get("url_private_download") or item.get("url_private")
        if is_calendar and isinstance(item.get("id"), str) and isinstance(url, str):
            found.append((item["id"], url))
    return tuple(found)


def _blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = message.get("blocks")
    return [b for b in blocks if isinstance(b, dict)] if isinstance(blocks, list) else []
