"""The workspace behind the fake Slack: method metadata, tokens, users, channels, messages.

Plain synchronous Python guarded by one re-entrant lock: the HTTP layer (slack_api.FakeSlack)
calls in from the server thread, tests call in from theirs. The Web API methods themselves
live in slack_methods.py; this module holds the data and the helpers they share.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Slack's reference data, copied into the repository (tests/slack_reference/README.md says
# where it comes from and under which licences).
DEFAULT_METHODS_DIR = Path(__file__).resolve().parents[1] / "slack_reference" / "methods"

TokenKind = Literal["bot", "user", "app"]
ChannelKind = Literal["public", "private", "im", "mpim"]

# Slack's own limits that the fake enforces (documented per method / Block Kit reference).
MAX_TEXT = 40_000
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000

# The scope "families" of the conversations.* methods: which member of the family a call
# needs depends on the kind of conversation it touches.
SCOPE_PREFIX: dict[ChannelKind, str] = {
    "public": "channels:",
    "private": "groups:",
    "im": "im:",
    "mpim": "mpim:",
}


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


# --------------------------------------------------------------------------------------------
# Method metadata


@dataclass(frozen=True)
class MethodSpec:
    """What the reference data says about one Web API method."""

    name: str
    bot_scopes: tuple[str, ...]
    user_scopes: tuple[str, ...]
    required: tuple[str, ...]  # without "token", which every method takes
    user_token_only: bool = False
    rate_tier: str = ""


# Used when the reference data is not available (e.g. the repository checked out alone):
# (bot scopes, user scopes, required args) per method, taken from that data.
_FALLBACK: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "apps.connections.open": ((), (), ()),
    "auth.test": ((), (), ()),
    "bots.info": (("users:read",), ("users:read",), ()),
    "chat.delete": (("chat:write",), ("chat:write",), ("ts", "channel")),
    "chat.getPermalink": ((), (), ("channel", "message_ts")),
    "chat.postEphemeral": (("chat:write",), ("chat:write",), ("user", "channel")),
    "chat.postMessage": (("chat:write",), ("chat:write",), ("channel",)),
    "chat.scheduleMessage": (("chat:write",), ("chat:write",), ("channel", "post_at")),
    "chat.update": (("chat:write",), ("chat:write",), ("ts", "channel")),
    "conversations.history": (
        ("groups:history", "im:history", "mpim:history", "channels:history"),
        ("groups:history", "im:history", "mpim:history", "channels:history"),
        ("channel",),
    ),
    "conversations.info": (
        ("groups:read", "im:read", "mpim:read", "channels:read"),
        ("groups:read", "im:read", "mpim:read", "channels:read"),
        ("channel",),
    ),
    "conversations.members": (
        ("groups:read", "im:read", "mpim:read", "channels:read"),
        ("groups:read", "im:read", "mpim:read", "channels:read"),
        ("channel",),
    ),
    "conversations.open": (
        ("channels:manage", "groups:write", "im:write", "mpim:write"),
        ("channels:write", "groups:write", "im:write", "mpim:write"),
        (),
    ),
    "conversations.replies": (
        ("groups:history", "im:history", "mpim:history", "channels:history"),
        ("groups:history", "im:history", "mpim:history", "channels:history"),
        ("channel", "ts"),
    ),
    "dnd.endSnooze": ((), ("dnd:write",), ()),
    "dnd.info": (("dnd:read",), ("dnd:read",), ()),
    "dnd.setSnooze": ((), ("dnd:write",), ("num_minutes",)),
    "files.completeUploadExternal": (("files:write",), ("files:write",), ("files",)),
    "files.getUploadURLExternal": (("files:write",), ("files:write",), ("length", "filename")),
    "files.info": (("files:read",), ("files:read",), ("file",)),
    "oauth.v2.access": ((), (), ()),
    "reactions.add": (("reactions:write",), ("reactions:write",), ("name", "timestamp", "channel")),
    "team.info": (("team:read",), ("team:read",), ()),
    "usergroups.users.list": (("usergroups:read",), ("usergroups:read",), ("usergroup",)),
    "users.info": (("users:read",), ("users:read",), ("user",)),
    "users.list": (("users:read",), ("users:read",), ()),
    "users.lookupByEmail": (("users:read.email",), ("users:read.email",), ("email",)),
    "users.profile.get": (("users.profile:read",), ("users.profile:read",), ()),
    "users.profile.set": ((), ("users.profile:write",), ()),
    "views.open": ((), (), ("view",)),
    "views.publish": ((), (), ("user_id", "view")),
    "views.update": ((), (), ("view",)),
}

# Real methods missing from the reference folder that a bot commonly needs.
_EXTRA: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "conversations.join": (("channels:join",), ("channels:write",), ("channel",)),
    "conversations.list": (("channels:read",), ("channels:read",), ()),
}

# Token-type rules that the method files do not express.
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})  # and they take nothing else
BOT_TOKEN_ONLY = frozenset({"views.publish"})  # its error list has not_allowed_token_type
NO_TOKEN_METHODS = frozenset({"oauth.v2.access"})  # authenticated by client id and secret


def _spec(name: str, entry: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]) -> MethodSpec:
    bot, user, required = entry
    return MethodSpec(name, bot, user, required, user_token_only=bool(user) and not bot)


def load_specs(methods_dir: Path | None) -> dict[str, MethodSpec]:
    """Read methods/*.json; fall back to the built-in table if the folder is missing."""
    specs: dict[str, MethodSpec] = {}
    if methods_dir is not None and methods_dir.is_dir():
        for path in sorted(methods_dir.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            scope = data.get("scope") or {}
            bot, user = tuple(scope.get("bot") or ()), tuple(scope.get("user") or ())
            required = tuple(
                a for a in (data.get("args") or {}).get("required") or () if a != "token"
            )
            specs[path.stem] = MethodSpec(
                name=path.stem,
                bot_scopes=bot,
                user_scopes=user,
                required=required,
                user_token_only=bool(data.get("user_scope_only")) or (bool(user) and not bot),
                rate_tier=str(data.get("rate_limits", "")),
            )
    if not specs:
        specs = {name: _spec(name, entry) for name, entry in _FALLBACK.items()}
    for name, entry in _EXTRA.items():
        specs.setdefault(name, _spec(name, entry))
    return specs


# Which error Slack answers when a required argument is missing (else invalid_arguments).
MISSING_ARG_ERRORS = {
    "channel": "channel_not_found",
    "user": "user_not_found",
    "email": "users_not_found",
    "num_minutes": "missing_duration",
    "file": "file_not_found",
}


# --------------------------------------------------------------------------------------------
# Records


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
# Small helpers shared with slack_methods


def ts_key(ts: str) -> tuple[int, int]:
    """Order Slack timestamps exactly (floats lose the microseconds at this magnitude)."""
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros.ljust(6, "0")[:6] or 0)


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


def tz_details(tz: str, when: float) -> tuple[int, str]:
    """(tz_offset in seconds, tz_label) for an IANA zone at a moment, like users.info."""
    try:
        moment = datetime.fromtimestamp(when, ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return 0, "Coordinated Universal Time"
    offset = moment.utcoffset()
    # Slack spells labels out ("Central European Summer Time"); the abbreviation is enough
    # for a bot, which should use tz or tz_offset anyway.
    return int(offset.total_seconds()) if offset else 0, moment.tzname() or tz


# --------------------------------------------------------------------------------------------
# The workspace


class SlackState:
    """Everything the fake workspace knows. Hold `lock` while reading or changing it."""

    def __init__(
        self,
        *,
        specs: dict[str, MethodSpec],
        team_id: str,
        team_name: str,
        team_domain: str,
        app_id: str,
        bot_id: str,
        bot_user_id: str,
        bot_name: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)  # notified on every recorded call
        self.specs = specs
        self.clock = clock
        self.team_id = team_id
        self.team_name = team_name
        self.team_domain = team_domain
        self.app_id = app_id
        self.bot_id = bot_id
        self.bot_user_id = bot_user_id
        self.bot_name = bot_name
        self.base_url = ""  # "http://127.0.0.1:PORT", set once the server listens
        self.client_id = ""
        self.client_secret = ""
        self.socket_url_factory: Callable[[], str] | None = None

        self.tokens: dict[str, TokenInfo] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, Channel] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.file_contents: dict[str, bytes] = {}
        self.pending_uploads: dict[str, dict[str, Any]] = {}
        self.usergroups: dict[str, list[str]] = {}
        self.views: dict[str, dict[str, Any]] = {}  # view id -> view object
        self.view_owner: dict[str, str | None] = {}  # view id -> user id, when known
        self.view_log: list[tuple[str | None, dict[str, Any]]] = []  # (user id, view), in order
        self.home_views: dict[str, str] = {}  # user id -> view id of the published Home tab
        self.triggers: dict[str, str | None] = {}  # registered trigger id -> user id
        self.used_triggers: set[str] = set()
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.snoozes: dict[str, int] = {}  # user id -> snooze end (unix seconds)
        self.ephemeral: list[dict[str, Any]] = []
        self.scheduled: list[dict[str, Any]] = []
        self.injections: dict[str, list[Injection]] = {}
        self.calls: list[Call] = []
        self.internal_errors: list[str] = []  # tracebacks of bugs in the fake itself
        self.responses: dict[str, list[dict[str, Any]]] = {}  # response_url id -> bodies
        self._last_ts = 0
        self._serial = 0

        self.add_user(bot_user_id, name=bot_name, real_name=bot_name, is_bot=True)
        # Every workspace has Slackbot; it shows up in users.list (with is_bot false!).
        self.add_user("USLACKBOT", name="slackbot", real_name="Slackbot", tz="America/Los_Angeles")

    # ---- identifiers and time

    def now(self) -> float:
        return self.clock()

    def next_ts(self) -> str:
        """A message timestamp: the clock in microseconds, strictly increasing."""
        with self.lock:
            micros = max(int(self.clock() * 1_000_000), self._last_ts + 1)
            self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def new_id(self, prefix: str) -> str:
        with self.lock:
            self._serial += 1
            return f"{prefix}{self._serial:08X}"

    # ---- tokens

    def add_token(
        self, token: str, kind: TokenKind, user_id: str | None, scopes: list[str] | None = None
    ) -> TokenInfo:
        info = TokenInfo(token, kind, user_id, None if scopes is None else frozenset(scopes))
        with self.lock:
            self.tokens[token] = info
        return info

    # ---- users

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str | None = None,
        display_name: str | None = None,
        tz: str = "Europe/Amsterdam",
        email: str | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        deleted: bool = False,
    ) -> dict[str, Any]:
        real = real_name if real_name is not None else name
        display = display_name if display_name is not None else name
        profile: dict[str, Any] = {
            "title": "",
            "phone": "",
            "skype": "",
            "real_name": real,
            "real_name_normalized": real,
            "display_name": display,
            "display_name_normalized": display,
            "fields": None,
            "status_text": "",
            "status_emoji": "",
            "status_emoji_display_info": [],
            "status_expiration": 0,
            "avatar_hash": "g" + hashlib.sha1(user_id.encode()).hexdigest()[:11],
            "first_name": real.split(" ")[0],
            "last_name": " ".join(real.split(" ")[1:]),
            "team": self.team_id,
        }
        for size in (24, 32, 48, 72, 192, 512):
            profile[f"image_{size}"] = f"https://fake.slack-edge.com/avatars/{user_id}_{size}.png"
        if email is not None:
            profile["email"] = email
        if is_bot:
            profile["bot_id"] = self.bot_id if user_id == self.bot_user_id else f"B{user_id[1:]}"
            profile["api_app_id"] = self.app_id if user_id == self.bot_user_id else ""
            profile["always_active"] = False
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": deleted,
            "color": "9f69e7",
            "real_name": real,
            "tz": tz,
            "tz_label": "",
            "tz_offset": 0,
            "profile": profile,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": int(self.clock()),
            "is_email_confirmed": email is not None,
            "who_can_share_contact_card": "EVERYONE",
        }
        with self.lock:
            self.users[user_id] = user
        return self.user_view(user_id, with_email=True)

    def user_view(self, user_id: str, *, with_email: bool) -> dict[str, Any]:
        """The user object as users.info shows it now (time zone offset, expired status)."""
        with self.lock:
            user = self.users[user_id]
            self._expire_status(user)
            view = copy.deepcopy(user)
        view["tz_offset"], view["tz_label"] = tz_details(view["tz"], self.clock())
        if not with_email:
            view["profile"].pop("email", None)
        return view

    def _expire_status(self, user: dict[str, Any]) -> None:
        # Slack clears a status by itself once its expiration time has passed.
        profile = user["profile"]
        expiration = int(profile.get("status_expiration") or 0)
        if expiration and expiration <= self.clock():
            profile.update(status_text="", status_emoji="", status_expiration=0)

    # ---- channels and messages

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        kind: ChannelKind,
        members: list[str],
        creator: str | None = None,
        im_user: str | None = None,
        topic: str = "",
        purpose: str = "",
        is_archived: bool = False,
    ) -> Channel:
        channel = Channel(
            id=channel_id,
            name=name,
            kind=kind,
            members=list(dict.fromkeys(members)),
            created=int(self.clock()),
            creator=creator or (members[0] if members else self.bot_user_id),
            im_user=im_user,
            topic=topic,
            purpose=purpose,
            is_archived=is_archived,
        )
        with self.lock:
            self.channels[channel_id] = channel
        return channel

    def find_channel(self, ref: str) -> Channel | None:
        """A channel by id, or by name with or without '#', as chat.postMessage accepts."""
        with self.lock:
            if ref in self.channels:
                return self.channels[ref]
            name = ref.removeprefix("#")
            return next((c for c in self.channels.values() if c.name == name), None)

    def add_message(self, channel: Channel, message: dict[str, Any]) -> dict[str, Any]:
        """Store a message (and thread bookkeeping on its parent, as Slack keeps it)."""
        with self.lock:
            channel.messages.append(message)
            channel.messages.sort(key=lambda m: ts_key(m["ts"]))
            thread_ts = message.get("thread_ts")
            if thread_ts and thread_ts != message["ts"]:
                parent = channel.find(thread_ts)
                if parent is not None:
                    parent["thread_ts"] = thread_ts
                    parent["reply_count"] = int(parent.get("reply_count", 0)) + 1
                    users = list(parent.get("reply_users", []))
                    author = message.get("user") or message.get("bot_id")
                    if author and author not in users:
                        users.append(author)
                    parent["reply_users"] = users
                    parent["reply_users_count"] = len(users)
                    parent["latest_reply"] = message["ts"]
                    parent.setdefault("is_locked", False)
                    parent.setdefault("subscribed", False)
                    message.setdefault("parent_user_id", parent.get("user", ""))
        return message

    # ---- calls

    def record(self, call: Call) -> None:
        with self.changed:
            self.calls.append(call)
            self.changed.notify_all()

    def take_injection(self, method: str, args: Mapping[str, Any]) -> Injection | None:
        with self.lock:
            queue = self.injections.get(method) or []
            for index, injection in enumerate(queue):
                if injection.applies_to(args):
                    injection.remaining -= 1
                    if injection.remaining <= 0:
                        queue.pop(index)
                    return injection
            return None
