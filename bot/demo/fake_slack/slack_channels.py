"""Conversations as a caller sees them: which ones it may see, the DMs it opens, and
conversations.info's shape of one."""

from __future__ import annotations

import hashlib
from typing import Any

from bot.demo.fake_slack.slack_methods import Ctx
from bot.demo.fake_slack.slack_records import Channel, SlackError


def visible_channel(ctx: Ctx, *, must_be_member: bool, ref: str | None = None) -> Channel:
    """The channel named by ref (default: the channel argument), as the caller may see it.

    Private conversations do not exist for non-members (channel_not_found); public ones do,
    but reading or posting needs membership (not_in_channel).
    """
    if ref is None:
        ref = ctx.text("channel")
    channel = ctx.state.find_channel(ref) if ref else None
    if channel is None:
        raise SlackError("channel_not_found")
    member = ctx.actor in channel.members
    if channel.kind != "public" and not member:
        raise SlackError("channel_not_found")
    if must_be_member and not member:
        raise SlackError("not_in_channel")
    return channel


def open_conversation(ctx: Ctx, users: list[str]) -> tuple[Channel, bool]:
    """The DM or group DM between the caller and users; (channel, newly created)."""
    state = ctx.state
    for user_id in users:
        user = state.users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        if user["deleted"]:
            raise SlackError("user_disabled")
    others = sorted(set(users) - {ctx.actor}) or [ctx.actor]
    if len(others) > 8:
        raise SlackError("too_many_users")
    participants = sorted({*others, ctx.actor})
    # Deterministic ids per participant set, so tests can predict and reuse them.
    digest = hashlib.sha1(",".join(participants).encode()).hexdigest()[:10].upper()
    is_im = len(others) == 1
    channel_id = ("D" if is_im else "G") + digest
    existing = state.channels.get(channel_id)
    if existing is not None:
        return existing, False
    if is_im:
        channel = state.add_channel(
            channel_id, name=others[0], kind="im", members=participants, im_user=others[0]
        )
    else:
        names = "--".join(state.users[u]["name"] for u in participants)
        channel = state.add_channel(
            channel_id, name=f"mpdm-{names}-1", kind="mpim", members=participants
        )
    return channel, True


def channel_object(ctx: Ctx, channel: Channel) -> dict[str, Any]:
    """conversations.info's shape of a conversation."""
    state = ctx.state
    if channel.kind == "im":
        return {
            "id": channel.id,
            "created": channel.created,
            "is_archived": channel.is_archived,
            "is_im": True,
            "is_org_shared": False,
            "context_team_id": state.identity.team_id,
            "updated": channel.created * 1000,
            "user": channel.im_user,
            "is_user_deleted": bool(state.users.get(channel.im_user or "", {}).get("deleted")),
            "priority": 0,
        }
    is_public = channel.kind == "public"
    obj: dict[str, Any] = {
        "id": channel.id,
        "name": channel.name,
        "is_channel": is_public,
        "is_group": channel.kind == "private",
        "is_im": False,
        "is_mpim": channel.kind == "mpim",
        "is_private": not is_public,
        "created": channel.created,
        "is_archived": channel.is_archived,
        "is_general": channel.name == "general",
        "unlinked": 0,
        "name_normalized": channel.name,
        "is_shared": False,
        "is_org_shared": False,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "context_team_id": state.identity.team_id,
        "updated": channel.created * 1000,
        "parent_conversation": None,
        "creator": channel.creator,
        "is_ext_shared": False,
        "shared_team_ids": [state.identity.team_id],
        "pending_connected_team_ids": [],
        "is_member": ctx.actor in channel.members,
        "topic": {"value": channel.topic, "creator": "", "last_set": 0},
        "purpose": {"value": channel.purpose, "creator": "", "last_set": 0},
        "previous_names": [],
    }
    return obj
