"""What Slack's method reference says about each Web API method the fake answers: the scopes
it needs, the arguments it requires, the tokens it takes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bot.demo.fake_slack.slack_records import ChannelKind

# Slack's reference data, copied into the repository (reference/README.md says
# where it comes from and under which licences).
DEFAULT_METHODS_DIR = Path(__file__).resolve().parent / "reference" / "methods"

# The scope "families" of the conversations.* methods: which member of the family a call
# needs depends on the kind of conversation it touches.
SCOPE_PREFIX: dict[ChannelKind, str] = {
    "public": "channels:",
    "private": "groups:",
    "im": "im:",
    "mpim": "mpim:",
}


@dataclass(frozen=True)
class MethodSpec:
    """What the reference data says about one Web API method."""

    name: str
    bot_scopes: tuple[str, ...]
    user_scopes: tuple[str, ...]
    required: tuple[str, ...]  # without "token", which every method takes
    user_token_only: bool = False
    rate_tier: str = ""


_HISTORY = ("groups:history", "im:history", "mpim:history", "channels:history")
_READ = ("groups:read", "im:read", "mpim:read", "channels:read")

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
    "conversations.history": (_HISTORY, _HISTORY, ("channel",)),
    "conversations.info": (_READ, _READ, ("channel",)),
    "conversations.members": (_READ, _READ, ("channel",)),
    "conversations.open": (
        ("channels:manage", "groups:write", "im:write", "mpim:write"),
        ("channels:write", "groups:write", "im:write", "mpim:write"),
        (),
    ),
    "conversations.replies": (_HISTORY, _HISTORY, ("channel", "ts")),
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
    # Any token may revoke itself; no scope is needed.
    "auth.revoke": ((), (), ()),
    "conversations.join": (("channels:join",), ("channels:write",), ("channel",)),
    "conversations.list": (("channels:read",), ("channels:read",), ()),
    # The scope of the family member each listed type needs; none is checked up front.
    "users.conversations": (_READ, _READ, ()),
}

# Token-type rules that the method files do not express.
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})  # and they take nothing else
BOT_TOKEN_ONLY = frozenset({"views.publish"})  # its error list has not_allowed_token_type
NO_TOKEN_METHODS = frozenset({"oauth.v2.access"})  # authenticated by client id and secret

# Which error Slack answers when a required argument is missing (else invalid_arguments).
MISSING_ARG_ERRORS = {
    "channel": "channel_not_found",
    "user": "user_not_found",
    "email": "users_not_found",
    "num_minutes": "missing_duration",
    "file": "file_not_found",
}


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
