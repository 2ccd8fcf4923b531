"""The fake Slack's value types (tokens, calls, conversations, scripted answers), its error,
and the small pure helpers every part of it shares: timestamps, cursors, boolean arguments."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

TokenKind = Literal["bot", "user", "app"]
ChannelKind = Literal["public", "private", "im", "mpim"]


class SlackError(Exception):
    """An application error: HTTP 200 with {"ok": false, "error": ..., **extra}."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"ok": False, "error": self.error, **self.extra}


def invalid_arguments(*messages: str) -> SlackError:
    """Slack's generic argument error, with its explanation in response_metadata.messages."""
    return SlackError("invalid_arguments", response_metadata={"messages": list(messages)})


@dataclass(frozen=True)
class Identity:
    """Who the fake workspace and its one installed app are."""

    team_id: str = "T0001"
    team_name: str = "Kairos Test"
    team_domain: str = "fake"
    app_id: str = "A0001"
    bot_user_id: str = "UBOT"
    bot_id: str = "BBOT"
    bot_name: str = "kairos"


@dataclass(frozen=True)
class TokenInfo:
    """A token the fake accepts. scopes=None grants every scope (the default bot token)."""

    token: str
    kind: TokenKind
    user_id: str | None
    scopes: frozenset[str] | None = None


@dataclass(frozen=True)
class Call:
    """One Web API request as the fake saw it, and what it answered."""

    method: str
    args: dict[str, Any]  # form, query and JSON fields; JSON-encoded fields decoded
    token: str | None
    status: int
    response: dict[str, Any]
    http_method: str = "POST"
    # The caller's address and port: one TCP connection per port, so reuse shows here.
    peer: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        error = self.response.get("error")
        return error if isinstance(error, str) else None


@dataclass
class Channel:
    """A conversation. messages holds top-level messages and replies, oldest first."""

    id: str
    name: str
    kind: ChannelKind
    members: list[str]
    created: int
    creator: str
    im_user: str | None = None
    is_archived: bool = False
    topic: str = ""
    purpose: str = ""
    messages: list[dict[str, Any]] = field(default_factory=list)

    def find(self, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.messages if m["ts"] == ts), None)


@dataclass
class Reply:
    """What the HTTP layer sends back for one API call."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Injection:
    """A scripted answer for the next calls of a method (fail_next, rate_limit_next...)."""

    kind: Literal["error", "ratelimit", "http", "delay"]
    remaining: int
    error: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    retry_after: int = 1
    status: int = 500
    seconds: float = 0.0
    # Only calls whose arguments include these (fail_next(..., only={"channel": "D1"})):
    # one person's or one channel's failure while the same method works for everyone else.
    only: dict[str, str] = field(default_factory=dict)

    def applies_to(self, args: Mapping[str, Any]) -> bool:
        """Whether a call with these arguments gets this answer."""
        return all(str(args.get(key)) == value for key, value in self.only.items())


# --------------------------------------------------------------------------------------------
# Timestamps, cursors, arguments


def ts_key(ts: str) -> tuple[int, int]:
    """Order Slack timestamps exactly (floats lose the microseconds at this magnitude)."""
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros.ljust(6, "0")[:6] or 0)


def newer(a: str, b: str) -> bool:
    return ts_key(a) >= ts_key(b)


def older(a: str, b: str) -> bool:
    return ts_key(a) <= ts_key(b)


def id_at_or_after(a: str, b: str) -> bool:
    return a >= b


def encode_cursor(kind: str, key: str) -> str:
    # Slack's cursors are opaque base64 like "dXNlcjpVMEc5V0ZYTlo=" == "user:U0G9WFXNZ".
    return base64.b64encode(f"{kind}:{key}".encode()).decode()


def decode_cursor(kind: str, cursor: str) -> str:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise SlackError("invalid_cursor") from None
    prefix, sep, key = text.partition(":")
    if prefix != kind or not sep or not key:
        raise SlackError("invalid_cursor")
    return key


def paginate(
    items: list[Any],
    keys: list[str],
    *,
    kind: str,
    limit: int,
    cursor: str,
    after: Callable[[str, str], bool],
) -> tuple[list[Any], str]:
    """One page of items plus the next cursor ("" on the last page).

    The cursor names the first item of the next page, so items added or removed between
    pages do not shift later pages; after(key, cursor_key) says whether key comes at or
    after the cursor in the listing order.
    """
    start = 0
    if cursor:
        wanted = decode_cursor(kind, cursor)
        start = next((i for i, key in enumerate(keys) if after(key, wanted)), len(items))
    end = start + limit if limit > 0 else len(items)
    page = items[start:end]
    next_cursor = encode_cursor(kind, keys[end]) if end < len(items) else ""
    return page, next_cursor


def truthy(value: Any) -> bool:
    """Slack's boolean arguments arrive as JSON booleans or form strings like "true"/"1"."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)
