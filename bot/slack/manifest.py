"""The Slack app manifest: every scope, event, command and interactivity setting Kairos needs.

Kept next to the code that needs each entry; a test checks it against Slack's schema and that
every subscribed event and command has a listener.
"""

from __future__ import annotations

from typing import Any

from bot.connect.service import REQUIRED_SCOPES, redirect_uri_for
from bot.ids import Command, Shortcut

# Bot scopes, each with the reason it is needed.
BOT_SCOPES: dict[str, str] = {
    "commands": "slash commands",
    "chat:write": "DMs, ephemeral replies and thread replies",
    "im:write": "open a DM with a person",
    "channels:history": "see messages in public channels Kairos is in",
    "groups:history": "see messages in private channels Kairos was invited to",
    "im:history": "see messages sent to Kairos in its DM",
    "mpim:history": "see messages in group DMs Kairos was added to",
    "users:read": "a person's time zone (users.info) and profile changes",
    "usergroups:read": "who a user-group mention reaches",
    "users:read.email": "find meeting organizers' Slack accounts by email",
    "files:read": "read calendar invites (.ics files) shared where Kairos is",
    "files:write": "send a person their data (/kairos my-data) as a file in their DM",
    "channels:read": "who an @here or @channel reaches; list public channels to join",
    "channels:join": "join every public channel, when an admin turns that on",
    "groups:read": "who an @here or @channel reaches in a private channel",
    "im:read": "conversation membership in DMs",
    "mpim:read": "who an @here reaches in a group DM",
    "reactions:read": "a reaction by the person a question asked counts as their answer",
}

# Events Kairos subscribes to; each has a listener in bot/slack/listeners/.
BOT_EVENTS: tuple[str, ...] = (
    "app_home_opened",
    "app_uninstalled",
    "channel_created",
    "member_joined_channel",
    "member_left_channel",
    "message.channels",
    "message.groups",
    "message.im",
    "message.mpim",
    "reaction_added",
    "tokens_revoked",
    "user_change",
)

SLASH_COMMANDS: dict[Command, tuple[str, str]] = {
    Command.FOCUS: (
        "Focus hours: hold mentions while you focus",
        "[now 90m | mon-fri 9:00-11:00 | off | away until mon | back | holidays nl | language nl "
        "| help]",
    ),
    Command.KAIROS: (
        "Kairos settings and help",
        "[help | calendar | summary here|preview|post|off | focus-day | channels | norms [edit] "
        "| async | language | my-data | forget-me]",
    ),
}

# Shortcuts ("global": the lightning menu; "message": a message's "More actions" menu).
# Slack lists them only for apps with the `commands` scope.
SHORTCUTS: dict[Shortcut, tuple[str, str, str]] = {
    Shortcut.START_FOCUS: (
        "global",
        "Start focus",
        "Focus now for a while: mentions of you wait for your digest.",
    ),
    Shortcut.READ_AFTER_FOCUS: (
        "message",
        "Read after focus",
        "Put this message in your next digest, to read when you are done.",
    ),
}

EVENTS_PATH = "/slack/events"


def build_manifest(*, socket_mode: bool, base_url: str | None = None) -> dict[str, Any]:
    """The manifest for Socket Mode, or for HTTP with Slack calling base_url."""
    if not socket_mode and not base_url:
        raise ValueError("HTTP mode needs the public base URL Slack will call")
    request_url = None if socket_mode else f"{str(base_url).rstrip('/')}{EVENTS_PATH}"

    def with_url(entry: dict[str, Any]) -> dict[str, Any]:
        return entry if request_url is None else {**entry, "url": request_url}

    commands = [
        with_url(
            {
                "command": str(command),
                "description": description,
                "usage_hint": hint,
                "should_escape": False,
            }
        )
        for command, (description, hint) in SLASH_COMMANDS.items()
    ]
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if request_url is not None:
        events["request_url"] = request_url
        interactivity["request_url"] = request_url
    oauth_config: dict[str, Any] = {
        "scopes": {"bot": sorted(BOT_SCOPES), "user": list(REQUIRED_SCOPES)}
    }
    if base_url:
        # Connect's OAuth redirect; in Socket Mode, set it once the public URL is known.
        oauth_config["redirect_urls"] = [redirect_uri_for(base_url)]
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": "Kairos",
            "description": "Async-first work: focus hours, agendas, fewer meetings.",
            "long_description": (
                "Kairos protects focus time. While you focus, mentions of you wait and arrive "
                "afterwards in one digest; senders are told, and have an explicit urgent path. "
                "Kairos nudges organizers of meetings without an agenda (no agenda, no "
                "attendee) and posts a weekly meeting-cleanup summary that helps a team cut, "
                "shorten and move meetings to async."
            ),
            "background_color": "#2c2d30",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "Kairos", "always_online": True},
            "slash_commands": commands,
            "shortcuts": [
                {"name": name, "type": kind, "callback_id": str(callback), "description": text}
                for callback, (kind, name, text) in SHORTCUTS.items()
            ],
        },
        "oauth_config": oauth_config,
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }
