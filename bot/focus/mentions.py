"""What a Slack message mentions, whether it is marked urgent, and a safe preview (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

DEFAULT_URGENT_MARKERS = ("urgent", "dringend", "spoed", ":rotating_light:")

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_GROUP = re.compile(r"<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>")
_BROADCAST = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_LINK = re.compile(r"<(https?://[^>|]+)(?:\|([^>]*))?>")
_NEGATION = re.compile(r"(?:\bnot\s+|\bno\s+|\bnon-?\s*)$")


@dataclass(frozen=True)
class MessageMentions:
    """Who a message reaches by name, by group, or by @here/@channel."""

    users: frozenset[str]
    usergroups: frozenset[str]
    broadcast: str | None


@dataclass(frozen=True)
class HeldRecipient:
    """Someone whose mention was held, and until when (None: no free time this week)."""

    user_id: str
    until: datetime | None
    reason: str


def extract_mentions(text: str | None, blocks: Sequence[Any] | None) -> MessageMentions:
    """Mentions in the text's markup and in rich_text blocks (Slack sends both)."""
    text = text or ""
    users = set(_USER.findall(text))
    groups = set(_GROUP.findall(text))
    broadcasts = set(_BROADCAST.findall(text))
    for element in _elements(blocks or []):
        kind = element.get("type")
        if kind == "user" and isinstance(element.get("user_id"), str):
            users.add(element["user_id"])
        elif kind == "usergroup" and isinstance(element.get("usergroup_id"), str):
            groups.add(element["usergroup_id"])
        elif kind == "broadcast" and element.get("range") in ("here", "channel", "everyone"):
            broadcasts.add(element["range"])
    # The widest broadcast wins: @channel reaches everyone @here does.
    broadcast = next((b for b in ("everyone", "channel", "here") if b in broadcasts), None)
    return MessageMentions(frozenset(users), frozenset(groups), broadcast)


def _elements(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    # Rich text nests sections in lists in quotes; walk it all, but never endlessly.
    if depth > 20:
        return
    if isinstance(node, dict):
        yield node
        for child in node.get("elements", []) if isinstance(node.get("elements"), list) else []:
            yield from _elements(child, depth + 1)
    elif isinstance(node, list):
        for child in node:
            yield from _elements(child, depth + 1)


def is_urgent(text: str | None, markers: Sequence[str] = DEFAULT_URGENT_MARKERS) -> bool:
    """Whether the sender marked the message urgent with a marker word or emoji.

    Markers inside code and inside link addresses do not count, nor does a negated word
    ("not urgent", "non-urgent"): a message that says it can wait is not urgent.
    """
    plain = _LINK.sub(lambda m: f" {m.group(2) or ''} ", _CODE.sub(" ", text or "")).lower()
    for marker in (m.strip().lower() for m in markers if m.strip()):
        if marker.startswith(":") and marker.endswith(":"):
            if marker in plain:
                return True
            continue
        for found in re.finditer(rf"(?<!\w){re.escape(marker)}(?!\w)", plain):
            if not _NEGATION.search(plain[: found.start()]):
                return True
    return False


def snippet(text: str | None, limit: int = 200) -> str:
    """A one-line, markup-safe preview: readable links and groups, user mentions kept.

    User mentions stay as `<@U…>` (Slack shows the name); everything else that could break
    mrkdwn is escaped, and the cut never splits a mention.
    """
    value = _CODE.sub(" … ", text or "")
    value = _LINK.sub(lambda m: m.group(2) or m.group(1), value)
    value = _GROUP.sub(lambda m: _label(m.group(0)) or "@group", value)
    value = _BROADCAST.sub(lambda m: "@" + m.group(1), value)
    pieces = _USER.split(value)  # text, user id, text, user id, ...
    out: list[str] = []
    length = 0
    for index, piece in enumerate(pieces):
        if index % 2:
            part = f"<@{piece}>"
        else:
            words = " ".join(piece.replace(">", " ").split())
            part = words.replace("&", "&amp;").replace("<", "&lt;")
            part = (" " if piece[:1].isspace() and out else "") + part
            part += " " if piece[-1:].isspace() and index < len(pieces) - 1 else ""
        if length + len(part) > limit:
            if not index % 2:
                room = limit - length - 1
                out.append(part[:room].rsplit(" ", 1)[0] if " " in part[:room] else part[:room])
            out.append("…")
            break
        out.append(part)
        length += len(part)
    return "".join(out).strip()


def _label(markup: str) -> str | None:
    _, _, label = markup.rstrip(">").partition("|")
    return label or None
