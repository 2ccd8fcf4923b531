"""What a Slack message mentions, whether it is marked urgent, and a safe preview (pure).

Slack's `text` arrives escaped: `&`, `<` and `>` typed by people come as `&amp;`, `&lt;`
and `&gt;`, so a raw `<...>` is always markup (`<@U1>`, `<#C1|name>`, `<!here>`,
`<https://x|label>`). Everything here reads that form, and never raises on odd input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.ids import CHANNEL_ID, USER_ID

DEFAULT_URGENT_MARKERS = ("urgent", "dringend", "spoed", ":rotating_light:")
BROADCASTS = ("here", "channel", "everyone")

_USERGROUP_ID = re.compile(r"S[A-Z0-9]{1,20}")

_MARKUP = re.compile(r"<([^<>]*)>")
_ENTITY = re.compile(r"&(amp|lt|gt);")
_UNESCAPED = {"amp": "&", "lt": "<", "gt": ">"}
_URL_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_QUOTE_MARKERS = re.compile(r"^[ \t]*(?:(?:&gt;|>)[ \t]*)+", re.MULTILINE)
# `>>>` quotes everything after it, to the end of the message.
_QUOTE_REST = re.compile(r"^[ \t]*(?:&gt;|>){3}.*", re.MULTILINE | re.DOTALL)
_QUOTED_LINE = re.compile(r"^[ \t]*(?:&gt;|>).*$", re.MULTILINE)
_FENCE = re.compile(r"`{3,}")
_EMOJI_MARKER = re.compile(r":[^:\s]+:")
# A negation right before a marker, with at most one word between ("not that urgent",
# "niet zo dringend"). English, Dutch and German, like the default markers.
_NEGATION = re.compile(
    r"(?:^|[^\w'’])"
    r"(?:not|no|non|never|nothing|(?:is|are|was|were|do|does|did|ai)n['’]?t"
    r"|niet|geen|nicht|kein|keine|keinen)"
    r"(?:\s+\w+)?\s+$"
)
_NEGATION_WINDOW = 60
_SAFE_UNIT = re.compile(
    r"<@[UW][A-Z0-9]{1,20}>|<#[CDG][A-Z0-9]{1,20}>|&(?:amp|lt|gt);|.", re.DOTALL
)
_ELLIPSIS = "…"
_MAX_DEPTH = 32


@dataclass(frozen=True)
class MessageMentions:
    """Who a message reaches by name, by group, or by @here/@channel/@everyone."""

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
    users: set[str] = set()
    groups: set[str] = set()
    broadcasts: set[str] = set()
    for inner in _MARKUP.findall(text if isinstance(text, str) else ""):
        target = inner.partition("|")[0]
        if target.startswith("@") and USER_ID.fullmatch(target[1:]):
            users.add(target[1:])
        elif target.startswith("!subteam^") and _USERGROUP_ID.fullmatch(target[9:]):
            groups.add(target[9:])
        elif target.startswith("!") and (name := _broadcast_name(target[1:])):
            broadcasts.add(name)
    for element in _rich_text_elements(blocks):
        kind = element.get("type")
        if kind == "user" and _matches(USER_ID, element.get("user_id")):
            users.add(element["user_id"])
        elif kind == "usergroup" and _matches(_USERGROUP_ID, element.get("usergroup_id")):
            groups.add(element["usergroup_id"])
        elif kind == "broadcast" and (name := _broadcast_name(element.get("range"))):
            broadcasts.add(name)
    # The widest broadcast wins: @everyone reaches all that @channel does, and more.
    broadcast = next((b for b in reversed(BROADCASTS) if b in broadcasts), None)
    return MessageMentions(frozenset(users), frozenset(groups), broadcast)


def _broadcast_name(name: object) -> str:
    # `<!group>` is the old spelling of @channel in private channels.
    if name == "group":
        return "channel"
    return name if isinstance(name, str) and name in BROADCASTS else ""


def _matches(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _rich_text_elements(blocks: object) -> Iterator[dict[str, Any]]:
    if not isinstance(blocks, list | tuple):
        return
    for block in blocks:
        if isinstance(block, dict) and block.get("type") == "rich_text":
            yield from _walk(block.get("elements"), 0)


def _walk(node: object, depth: int) -> Iterator[dict[str, Any]]:
    # Sections nest in lists in quotes; real messages are a few levels deep. The cap keeps
    # a hostile or broken payload from exhausting the stack.
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, list):
        for child in node:
            yield from _walk(child, depth + 1)
    elif isinstance(node, dict):
        yield node
        yield from _walk(node.get("elements"), depth + 1)


def is_urgent(text: str | None, markers: Sequence[str] = DEFAULT_URGENT_MARKERS) -> bool:
    """Whether the sender marked the message urgent with a marker word or `:emoji:`.

    Only the sender's own plain words count. Not counted: code, quoted lines, anything in
    Slack markup (link addresses and labels, channel and group names), words inside a
    hyphenated compound ("non-urgent", "urgent-ish"), and a negated word ("not urgent",
    "niet dringend"). When in doubt the answer is no: a held sender still has the
    "It's urgent" button, while a wrong yes interrupts someone's focus for nothing.
    """
    plain = _urgent_plain_text(text if isinstance(text, str) else "")
    for raw in markers:
        marker = raw.strip().casefold() if isinstance(raw, str) else ""
        if not marker:
            continue
        if _EMOJI_MARKER.fullmatch(marker):
            if marker in plain:
                return True
            continue
        body = r"\s+".join(re.escape(word) for word in marker.split())
        for found in re.finditer(rf"(?<![\w-]){body}(?![\w]|-\w)", plain):
            before = plain[max(0, found.start() - _NEGATION_WINDOW) : found.start()]
            if not _NEGATION.search(before):
                return True
    return False


def _urgent_plain_text(text: str) -> str:
    text = _CODE.sub(" ", text)
    text = _QUOTE_REST.sub(" ", text)
    text = _QUOTED_LINE.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    return _unescape(text).casefold()


def _unescape(text: str) -> str:
    # One pass, so `&amp;lt;` (someone typing "&lt;") stays "&lt;".
    return _ENTITY.sub(lambda m: _UNESCAPED[m.group(1)], text)


def snippet(text: str | None, limit: int = 200) -> str:
    """A one-line, mrkdwn-safe preview of a message, at most `limit` characters.

    `<@U…>` and `<#C…>` stay (Slack shows the names), broadcasts and groups read `@here`
    and `@devs`, links show their label or address; all other `&`, `<` and `>` are
    escaped. The cut falls between words and never splits a mention or an entity. Applying
    it to its own output changes nothing.
    """
    if limit < 1:
        raise ValueError("a snippet needs room for at least one character")
    raw = text if isinstance(text, str) else ""
    raw = _FENCE.sub(" ", _QUOTE_MARKERS.sub(" ", raw))
    pieces: list[str] = []
    position = 0
    for found in _MARKUP.finditer(raw):
        pieces.append(_safe_text(raw[position : found.start()]))
        pieces.append(_markup_preview(found.group(1)))
        position = found.end()
    pieces.append(_safe_text(raw[position:]))
    flat = " ".join(_FENCE.sub(" ", "".join(pieces)).split())
    units = _SAFE_UNIT.findall(flat)
    # A quote marker left at the very start (say from a link label) would be stripped by a
    # second pass; strip it now so that the preview of a preview is the same preview.
    start = 0
    while start < len(units) and units[start] in ("&gt;", " "):
        start += 1
    return _cut(units[start:], limit)


def _safe_text(text: str) -> str:
    plain = _unescape(text)
    # Control characters (NUL, escape, ...) are not text anyone meant to show.
    cleaned = "".join(" " if unicodedata.category(char) == "Cc" else char for char in plain)
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markup_preview(inner: str) -> str:
    target, bar, label = inner.partition("|")
    label = label if bar else ""
    kept = {"@": USER_ID, "#": CHANNEL_ID}.get(target[:1])
    if kept is not None and kept.fullmatch(target[1:]):
        return f"<{target}>"
    if target.startswith("!"):
        name = target[1:]
        if _broadcast_name(name):
            return f"@{_broadcast_name(name)}"
        if name.startswith("subteam^"):
            return _safe_text(label or "@team")
        # `<!date^…|fallback>` and other specials: their fallback text, if any.
        return _safe_text(label)
    if _URL_SCHEME.match(target):
        return _safe_text(label or target.removeprefix("mailto:"))
    # Not markup after all (unescaped text such as "a <b> c"): show it as it was written.
    return _safe_text(f"<{inner}>")


def _cut(units: list[str], limit: int) -> str:
    if sum(len(unit) for unit in units) <= limit:
        return "".join(units).strip()
    room = limit - len(_ELLIPSIS)
    taken: list[str] = []
    used = 0
    for unit in units:
        if used + len(unit) > room:
            break
        taken.append(unit)
        used += len(unit)
    next_unit = units[len(taken)]
    if next_unit != " " and " " in taken:
        # Drop the word the cut went through; a single giant word is cut where it must be.
        del taken[len(taken) - 1 - taken[::-1].index(" ") :]
    return "".join(taken).rstrip() + _ELLIPSIS
