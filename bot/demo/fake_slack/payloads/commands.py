"""Slash command payloads: the fields Slack sends for `/command text`, and their form body."""

from __future__ import annotations

from typing import Required, TypedDict, Unpack
from urllib.parse import urlencode

from bot.demo.fake_slack.payloads.common import (
    API_APP_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    VERIFICATION_TOKEN,
    new_trigger_id,
)


class CommandFields(TypedDict, total=False):
    """Who typed a command where, and where its answers go; the rest has defaults."""

    user_id: Required[str]
    channel_id: Required[str]
    response_url: Required[str]
    trigger_id: str | None  # default: a new one
    user_name: str | None  # default: the user id in lower case
    channel_name: str  # default: general
    team_id: str
    team_domain: str
    api_app_id: str


def slash_command(command: str, text: str, **fields: Unpack[CommandFields]) -> dict[str, str]:
    """The fields of a slash command invocation, in the order Slack sends them (this dict
    is also the payload of a Socket Mode slash_commands envelope)."""
    user_id = fields["user_id"]
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": fields.get("team_id", TEAM_ID),
        "team_domain": fields.get("team_domain", TEAM_DOMAIN),
        "channel_id": fields["channel_id"],
        "channel_name": fields.get("channel_name", "general"),
        "user_id": user_id,
        "user_name": fields.get("user_name") or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": fields.get("api_app_id", API_APP_ID),
        "is_enterprise_install": "false",
        "response_url": fields["response_url"],
        "trigger_id": fields.get("trigger_id") or new_trigger_id(),
    }


def slash_command_form(command: str, text: str, **fields: Unpack[CommandFields]) -> str:
    """The application/x-www-form-urlencoded body Slack POSTs for a slash command."""
    return urlencode(slash_command(command, text, **fields))
