"""The workspace behind the fake Slack: tokens, users, channels, messages, calls.

Plain synchronous Python guarded by one re-entrant lock: the HTTP layer (slack_api.FakeSlack)
calls in from the server thread, tests call in from theirs. The Web API methods themselves
live in slack_methods.py and the modules it dispatches to; the value types in
slack_records.py, what the method reference says in slack_specs.py.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypedDict, Unpack
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.clock import unix_seconds
from bot.demo.fake_slack.slack_limits import Limiter
from bot.demo.fake_slack.slack_records import (
    Call,
    Channel,
    ChannelKind,
    Identity,
    Injection,
    TokenInfo,
    TokenKind,
    ts_key,
)
from bot.demo.fake_slack.slack_specs import MethodSpec


class UserFields(TypedDict, total=False):
    """What add_user takes besides the id and name; each has a default."""

    real_name: str | None  # default: the name
    display_name: str | None  # default: the name
    tz: str  # default: Europe/Amsterdam
    locale: str  # default: en-US (users.info shows it only with include_locale)
    email: str | None
    is_admin: bool
    is_owner: bool
    is_bot: bool
    deleted: bool


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


class SlackState:
    """Everything the fake workspace knows. Hold `lock` while reading or changing it."""

    def __init__(
        self,
        *,
        specs: dict[str, MethodSpec],
        identity: Identity,
        clock: Callable[[], float] = unix_seconds,
    ) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)  # notified on every recorded call
        self.specs = specs
        self.clock = clock
        self.identity = identity
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
        self.limiter: Limiter | None = None  # Slack's rate limits, when set_rate_limits is on
        self.calls: list[Call] = []
        self.internal_errors: list[str] = []  # tracebacks of bugs in the fake itself
        self.responses: dict[str, list[dict[str, Any]]] = {}  # response_url id -> bodies
        self._last_ts = 0
        self._serial = 0

        bot_name = identity.bot_name
        self.add_user(identity.bot_user_id, name=bot_name, real_name=bot_name, is_bot=True)
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

    def add_user(self, user_id: str, *, name: str, **fields: Unpack[UserFields]) -> dict[str, Any]:
        """Add a member; returns the user object as users.info shows it (with email)."""
        real_name, display_name = fields.get("real_name"), fields.get("display_name")
        real = real_name if real_name is not None else name
        display = display_name if display_name is not None else name
        email, is_bot = fields.get("email"), fields.get("is_bot", False)
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
            "team": self.identity.team_id,
        }
        for size in (24, 32, 48, 72, 192, 512):
            profile[f"image_{size}"] = f"https://fake.slack-edge.com/avatars/{user_id}_{size}.png"
        if email is not None:
            profile["email"] = email
        if is_bot:
            ours = user_id == self.identity.bot_user_id  # the app's own bot user
            profile["bot_id"] = self.identity.bot_id if ours else f"B{user_id[1:]}"
            profile["api_app_id"] = self.identity.app_id if ours else ""
            profile["always_active"] = False
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": self.identity.team_id,
            "name": name,
            "deleted": fields.get("deleted", False),
            "color": "9f69e7",
            "real_name": real,
            "tz": fields.get("tz", "Europe/Amsterdam"),
            "locale": fields.get("locale", "en-US"),
            "tz_label": "",
            "tz_offset": 0,
            "profile": profile,
            "is_admin": fields.get("is_admin", False),
            "is_owner": fields.get("is_owner", False),
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

    def user_view(
        self, user_id: str, *, with_email: bool, with_locale: bool = False
    ) -> dict[str, Any]:
        """The user object as users.info shows it now (time zone offset, expired status)."""
        with self.lock:
            user = self.users[user_id]
            self._expire_status(user)
            view = copy.deepcopy(user)
        view["tz_offset"], view["tz_label"] = tz_details(view["tz"], self.clock())
        if not with_email:
            view["profile"].pop("email", None)
        if not with_locale:
            view.pop("locale", None)
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
            creator=creator or (members[0] if members else self.identity.bot_user_id),
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
