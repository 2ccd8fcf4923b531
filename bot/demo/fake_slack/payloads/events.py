"""Events API payloads: the event_callback wrapper and the events inside it (messages,
mentions, Home tab opens, channel and user changes), shaped as Slack sends them."""

from __future__ import annotations

import base64
import html
import json
import re
import uuid
from typing import Any

from bot.clock import unix_seconds
from bot.demo.fake_slack.payloads.common import (
    API_APP_ID,
    BOT_USER_ID,
    TEAM_ID,
    VERIFICATION_TOKEN,
    new_event_id,
    new_ts,
)


def _event_context(event: dict[str, Any], team_id: str, api_app_id: str) -> str:
    # Slack's opaque event_context is "4-" + base64 of a small JSON about the event.
    context = {"et": event.get("type", ""), "tid": team_id, "aid": api_app_id}
    if "channel" in event and isinstance(event["channel"], str):
        context["cid"] = event["channel"]
    encoded = base64.urlsafe_b64encode(json.dumps(context, separators=(",", ":")).encode())
    return "4-" + encoded.decode().rstrip("=")


def event_callback(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    api_app_id: str = API_APP_ID,
    event_time: int | None = None,
    bot_user_id: str = BOT_USER_ID,
) -> dict[str, Any]:
    """The outer "event_callback" wrapper of an event, as POSTed to the request URL."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": event_time if event_time is not None else int(unix_seconds()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": _event_context(event, team_id, api_app_id),
    }


def url_verification(challenge: str) -> dict[str, Any]:
    """What Slack POSTs when the request URL is saved; the app echoes the challenge."""
    return {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}


# Markup in message text: <@U123>, <@U123|name>, <#C123|general>, <!here>, <!subteam^S1>,
# <https://x|label>.
_MARKUP = re.compile(r"<([@#!])?([^>|]+)(?:\|([^>]*))?>")


def rich_text_blocks(text: str) -> list[dict[str, Any]]:
    """The rich_text block Slack's clients attach to a typed message.

    Mentions become user/channel/usergroup/broadcast elements and links link elements; the
    text elements carry the text unescaped (the message's text keeps &lt; &gt; &amp;).
    """
    elements: list[dict[str, Any]] = []

    def add_text(chunk: str) -> None:
        if chunk:
            elements.append({"type": "text", "text": html.unescape(chunk)})

    position = 0
    for match in _MARKUP.finditer(text):
        add_text(text[position : match.start()])
        position = match.end()
        sigil, target, label = match.groups()
        if sigil == "@":
            elements.append({"type": "user", "user_id": target})
        elif sigil == "#":
            elements.append({"type": "channel", "channel_id": target})
        elif sigil == "!" and target.startswith("subteam^"):
            elements.append({"type": "usergroup", "usergroup_id": target.split("^", 1)[1]})
        elif sigil == "!":
            elements.append({"type": "broadcast", "range": target})
        else:
            link: dict[str, Any] = {"type": "link", "url": html.unescape(target)}
            if label:
                link["text"] = html.unescape(label)
            elements.append(link)
    add_text(text[position:])
    block_id = base64.b32encode(uuid.uuid4().bytes).decode()[:5]
    return [
        {
            "type": "rich_text",
            "block_id": block_id,
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


def message_event(
    user: str,
    channel: str,
    text: str,
    *,
    ts: str | None = None,
    thread_ts: str | None = None,
    parent_user_id: str | None = None,
    subtype: str | None = None,
    blocks: list[dict[str, Any]] | None = None,
    bot_id: str | None = None,
    channel_type: str = "channel",
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A "message" event. A person's message (no subtype, no bot_id) gets a client_msg_id
    and, unless blocks are given, the rich_text blocks Slack's clients send; a bot's message
    gets bot_id and app_id instead. channel_type: channel, group, im or mpim."""
    ts = ts or new_ts()
    event: dict[str, Any] = {"type": "message"}
    if subtype:
        event["subtype"] = subtype
    typed_by_person = subtype is None and bot_id is None
    if typed_by_person:
        event["client_msg_id"] = str(uuid.uuid4())
    event.update(text=text, user=user, ts=ts)
    if bot_id is not None:
        event.update(bot_id=bot_id, app_id=API_APP_ID)
    if blocks is not None:
        event["blocks"] = blocks
    elif typed_by_person:
        event["blocks"] = rich_text_blocks(text)
    event["team"] = team_id
    if thread_ts:
        event["thread_ts"] = thread_ts
        if parent_user_id:
            event["parent_user_id"] = parent_user_id
    event.update(channel=channel, event_ts=ts, channel_type=channel_type)
    return event


def message_deleted_event(channel_id: str, deleted_ts: str) -> dict[str, Any]:
    """A `message_deleted` event: what Slack sends when a message is deleted."""
    return {
        "type": "message",
        "subtype": "message_deleted",
        "channel": channel_id,
        "hidden": True,
        "ts": new_ts(),
        "event_ts": new_ts(),
        "deleted_ts": deleted_ts,
        "channel_type": "channel",
    }


def message_changed_event(
    channel_id: str, message: dict[str, Any], previous: dict[str, Any]
) -> dict[str, Any]:
    """A `message_changed` event: the edited message, and the message before the edit."""
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": message,
        "previous_message": previous,
        "channel": channel_id,
        "hidden": True,
        "ts": new_ts(),
        "event_ts": new_ts(),
        "channel_type": "channel",
    }


def file_access_stub(file_id: str) -> dict[str, Any]:
    """A file in a message where Slack sends only its id (Slack Connect and other cases):
    the app is to call files.info for the rest."""
    return {
        "id": file_id,
        "mode": "file_access",
        "file_access": "check_file_info",
        "created": 0,
        "timestamp": 0,
        "user": "",
    }


def user_change_event(user: dict[str, Any]) -> dict[str, Any]:
    """A `user_change` event: the member's whole user object, as users.info shows it."""
    return {
        "type": "user_change",
        "user": user,
        "cache_ts": int(unix_seconds()),
        "event_ts": new_ts(),
    }


def app_mention_event(
    user: str,
    channel: str,
    text: str,
    *,
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """An "app_mention" event (text should contain <@BOT_USER_ID>)."""
    event = message_event(user, channel, text, ts=ts, thread_ts=thread_ts)
    event["type"] = "app_mention"
    del event["channel_type"]  # app_mention events do not carry it
    return event


def app_home_opened_event(
    user: str,
    *,
    channel: str | None = None,
    tab: str = "home",
    view: dict[str, Any] | None = None,
    event_ts: str | None = None,
) -> dict[str, Any]:
    """The app_home_opened event: the user opened the app's Home (or Messages) tab. Slack
    includes the currently published view, if there is one. channel is the user's DM with
    the app (FakeSlack.open_dm(user) gives the fake's id for it)."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": channel or "D" + user[1:].rjust(10, "0")[:10],
        "tab": tab,
    }
    if view is not None:
        event["view"] = view
    event["event_ts"] = event_ts or new_ts()
    return event


def channel_created_event(channel_id: str, name: str, creator: str) -> dict[str, Any]:
    """A `channel_created` event (Slack sends it to apps with channels:read)."""
    return {
        "type": "channel_created",
        "channel": {
            "id": channel_id,
            "is_channel": True,
            "name": name,
            "name_normalized": name,
            "created": int(unix_seconds()),
            "creator": creator,
            "is_shared": False,
            "is_org_shared": False,
        },
        "event_ts": new_ts(),
    }


def member_joined_channel_event(
    user: str, channel: str, *, channel_type: str = "C", inviter: str | None = None
) -> dict[str, Any]:
    """A `member_joined_channel` event (channels:read / groups:read): someone joined a channel
    Kairos is in. channel_type is "C" for public, "G" for private; inviter only when invited."""
    event: dict[str, Any] = {
        "type": "member_joined_channel",
        "user": user,
        "channel": channel,
        "channel_type": channel_type,
        "team": TEAM_ID,
    }
    if inviter is not None:
        event["inviter"] = inviter
    event["event_ts"] = new_ts()
    return event


def app_uninstalled_event() -> dict[str, Any]:
    """`app_uninstalled`: the workspace removed the app (every token of it is dead)."""
    return {"type": "app_uninstalled", "event_ts": new_ts()}


def tokens_revoked_event(
    *, oauth: list[str] | None = None, bot: list[str] | None = None
) -> dict[str, Any]:
    """`tokens_revoked`: the user ids whose user tokens (oauth) and bot tokens (bot) Slack
    revoked, as in Slack's documented example."""
    tokens = {"oauth": list(oauth or []), "bot": list(bot or [])}
    return {"type": "tokens_revoked", "tokens": tokens, "event_ts": new_ts()}


def reaction_added_event(
    user: str, channel: str, message_ts: str, *, item_user: str, reaction: str = "thumbsup"
) -> dict[str, Any]:
    """`reaction_added` (reactions:read): someone reacted to a message, as in Slack's
    documented example."""
    return {
        "type": "reaction_added",
        "user": user,
        "reaction": reaction,
        "item_user": item_user,
        "item": {"type": "message", "channel": channel, "ts": message_ts},
        "event_ts": new_ts(),
    }
