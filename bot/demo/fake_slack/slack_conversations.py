"""The fake's chat.*, conversations.* and reactions.* methods (registered on import)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.demo.fake_slack.slack_channels import channel_object, open_conversation, visible_channel
from bot.demo.fake_slack.slack_messages import message_content, new_message, shown
from bot.demo.fake_slack.slack_methods import Ctx, handles, limit_arg, split_users, ts_arg
from bot.demo.fake_slack.slack_records import (
    Channel,
    SlackError,
    id_at_or_after,
    newer,
    older,
    paginate,
    ts_key,
)

# Slack lets an app schedule messages up to 120 days ahead.
MAX_SCHEDULE_SECONDS = 120 * 24 * 3600


def _post_target(ctx: Ctx) -> Channel:
    ref = ctx.text("channel")
    # A user id as the channel posts to the app's DM with that user (the Messages tab).
    if ref[:1] in ("U", "W") and ref in ctx.state.users:
        return open_conversation(ctx, [ref])[0]
    # chat:write.public lets an app post in public channels it has not joined; it has to be
    # granted explicitly, so a bot that forgets to join fails here as it would on Slack.
    channel = visible_channel(ctx, must_be_member=not ctx.granted("chat:write.public"))
    if channel.is_archived:
        raise SlackError("is_archived")
    return channel


def _own_message(ctx: Ctx, message: dict[str, Any], error: str) -> None:
    if ctx.is_bot:
        mine = message.get("bot_id") == ctx.state.identity.bot_id
    else:
        mine = message.get("user") == ctx.actor and "bot_id" not in message
    if not mine:
        raise SlackError(error)


@handles("chat.postMessage")
def post_message(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    channel = _post_target(ctx)
    content = message_content(ctx)
    message = new_message(ctx, content, state.next_ts())
    thread_ts = ctx.text("thread_ts")
    if thread_ts:
        parent = channel.find(thread_ts)
        if parent is not None and parent.get("thread_ts", parent["ts"]) != parent["ts"]:
            # A reply to a reply lands in the same thread, under the thread's parent.
            thread_ts = parent["thread_ts"]
        message["thread_ts"] = thread_ts
        if ctx.flag("reply_broadcast"):
            message["subtype"] = "thread_broadcast"
    state.add_message(channel, message)
    return {
        "channel": channel.id,
        "ts": message["ts"],
        "message": shown(message, with_metadata=True),
    }


@handles("chat.postEphemeral")
def post_ephemeral(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    channel = _post_target(ctx)
    user = ctx.text("user")
    if user not in state.users:
        raise SlackError("user_not_found")
    if user not in channel.members:
        raise SlackError("user_not_in_channel")
    content = message_content(ctx)
    ts = state.next_ts()
    message = new_message(ctx, content, ts)
    # Kept apart from the history: only `user` sees it, and it vanishes on reload.
    state.ephemeral.append(
        {
            "channel": channel.id,
            "user": user,
            "thread_ts": ctx.text("thread_ts") or None,
            "message": message,
        }
    )
    return {"message_ts": ts}


def _existing_message(ctx: Ctx, ts_name: str) -> tuple[Channel, dict[str, Any]]:
    """The conversation the call names, and its message at the timestamp argument ts_name."""
    channel = visible_channel(ctx, must_be_member=False)
    message = channel.find(ctx.text(ts_name))
    if message is None:
        raise SlackError("message_not_found")
    return channel, message


@handles("chat.update")
def update_message(ctx: Ctx) -> dict[str, Any]:
    channel, message = _existing_message(ctx, "ts")
    _own_message(ctx, message, "cant_update_message")
    content = message_content(ctx)
    # Slack replaces what the call sends and keeps the rest (an empty list removes blocks).
    message["text"] = content["text"]
    for key in ("blocks", "attachments", "metadata"):
        if key in ctx.args and ctx.args[key] not in (None, ""):
            if content.get(key):
                message[key] = content[key]
            else:
                message.pop(key, None)
    message["edited"] = {"user": ctx.actor, "ts": ctx.state.next_ts()}
    out = shown(message, with_metadata=True)
    return {"channel": channel.id, "ts": message["ts"], "text": message["text"], "message": out}


@handles("chat.delete")
def delete_message(ctx: Ctx) -> dict[str, Any]:
    channel, message = _existing_message(ctx, "ts")
    ts = message["ts"]
    admin = not ctx.is_bot and ctx.state.users.get(ctx.actor, {}).get("is_admin", False)
    if not admin:
        _own_message(ctx, message, "cant_delete_message")
    if message.get("reply_count"):
        # A deleted thread parent stays as a tombstone so the replies keep their thread.
        for key in ("blocks", "attachments", "metadata", "bot_id", "app_id", "bot_profile"):
            message.pop(key, None)
        message.update(
            subtype="tombstone", text="This message was deleted.", user="USLACKBOT", hidden=True
        )
    else:
        channel.messages.remove(message)
    return {"channel": channel.id, "ts": ts}


@handles("chat.getPermalink")
def get_permalink(ctx: Ctx) -> dict[str, Any]:
    channel, message = _existing_message(ctx, "message_ts")
    ts = message["ts"]
    domain = ctx.state.identity.team_domain
    link = f"https://{domain}.slack.com/archives/{channel.id}/p{ts.replace('.', '')}"
    thread_ts = message.get("thread_ts")
    if thread_ts and thread_ts != ts:
        link += f"?thread_ts={thread_ts}&cid={channel.id}"
    return {"channel": channel.id, "permalink": link}


@handles("chat.scheduleMessage")
def schedule_message(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    channel = _post_target(ctx)
    post_at = ctx.int_arg("post_at", 0, error="invalid_time")
    now = int(state.now())
    if post_at <= now:
        raise SlackError("time_in_past")
    if post_at > now + MAX_SCHEDULE_SECONDS:
        raise SlackError("time_too_far")
    content = message_content(ctx)
    message = new_message(ctx, content, "")
    message.pop("ts")
    message["type"] = "delayed_message"
    scheduled_id = state.new_id("Q")
    state.scheduled.append(
        {
            "id": scheduled_id,
            "channel_id": channel.id,
            "post_at": post_at,
            "date_created": now,
            "thread_ts": ctx.text("thread_ts") or None,
            "message": message,
        }
    )
    return {
        "channel": channel.id,
        "scheduled_message_id": scheduled_id,
        "post_at": post_at,
        "message": shown(message, with_metadata=True),
    }


def _is_top_level(message: dict[str, Any]) -> bool:
    thread_ts = message.get("thread_ts")
    return (
        not thread_ts or thread_ts == message["ts"] or message.get("subtype") == "thread_broadcast"
    )


def _window(ctx: Ctx, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Messages between oldest and latest (exclusive unless inclusive=true)."""
    latest = ts_arg(ctx, "latest", "invalid_ts_latest")
    oldest = ts_arg(ctx, "oldest", "invalid_ts_oldest")
    inclusive = ctx.flag("inclusive")

    def inside(message: dict[str, Any]) -> bool:
        key = ts_key(message["ts"])
        if oldest and (key < ts_key(oldest) or (key == ts_key(oldest) and not inclusive)):
            return False
        return not (latest and (key > ts_key(latest) or (key == ts_key(latest) and not inclusive)))

    return [m for m in messages if inside(m)]


def _page_of_messages(
    ctx: Ctx,
    messages: list[dict[str, Any]],
    *,
    limit: int,
    after: Callable[[str, str], bool],
    **extra: Any,
) -> dict[str, Any]:
    """One page of a listing as history and replies answer it; extra fields come before
    response_metadata, where Slack puts them."""
    page, next_cursor = paginate(
        messages,
        [m["ts"] for m in messages],
        kind="next_ts",
        limit=limit,
        cursor=ctx.text("cursor"),
        after=after,
    )
    with_metadata = ctx.flag("include_all_metadata")
    return {
        "messages": [shown(m, with_metadata=with_metadata) for m in page],
        "has_more": bool(next_cursor),
        **extra,
        "response_metadata": {"next_cursor": next_cursor},
    }


@handles("conversations.history")
def history(ctx: Ctx) -> dict[str, Any]:
    channel = visible_channel(ctx, must_be_member=True)
    limit = limit_arg(ctx, 100, 999)
    messages = _window(ctx, [m for m in channel.messages if _is_top_level(m)])
    messages.reverse()  # newest first, as Slack lists history
    return _page_of_messages(
        ctx,
        messages,
        limit=limit,
        after=older,
        pin_count=0,
        channel_actions_ts=None,
        channel_actions_count=0,
    )


@handles("conversations.replies")
def replies(ctx: Ctx) -> dict[str, Any]:
    channel = visible_channel(ctx, must_be_member=True)
    message = channel.find(ctx.text("ts"))
    if message is None:
        raise SlackError("thread_not_found")
    # Any message of the thread names the whole thread.
    root_ts = message.get("thread_ts") or message["ts"]
    root = channel.find(root_ts) or message
    thread = [root] + [
        m for m in channel.messages if m.get("thread_ts") == root_ts and m["ts"] != root_ts
    ]
    thread = [root, *_window(ctx, thread[1:])]
    return _page_of_messages(ctx, thread, limit=limit_arg(ctx, 1000, 1000), after=newer)


@handles("conversations.members")
def members(ctx: Ctx) -> dict[str, Any]:
    channel = visible_channel(ctx, must_be_member=False)
    limit = limit_arg(ctx, 100, 1000)
    ids = sorted(channel.members)
    page, next_cursor = paginate(
        ids, ids, kind="user", limit=limit, cursor=ctx.text("cursor"), after=id_at_or_after
    )
    return {"members": page, "response_metadata": {"next_cursor": next_cursor}}


@handles("conversations.info")
def info(ctx: Ctx) -> dict[str, Any]:
    channel = visible_channel(ctx, must_be_member=False)
    obj = channel_object(ctx, channel)
    if ctx.flag("include_num_members"):
        obj["num_members"] = len(channel.members)
    if ctx.flag("include_locale"):
        obj["locale"] = "en-US"
    return {"channel": obj}


@handles("conversations.open")
def open_(ctx: Ctx) -> dict[str, Any]:
    if ctx.text("channel"):
        channel = visible_channel(ctx, must_be_member=False)
        created = False
    else:
        users = split_users(ctx.args.get("users"))
        if not users:
            raise SlackError("users_list_not_supplied")
        channel, created = open_conversation(ctx, users)
    body: dict[str, Any] = {}
    if not created:
        body.update(no_op=True, already_open=True)
    if ctx.flag("return_im") and channel.kind == "im":
        body["channel"] = {**channel_object(ctx, channel), "is_open": True, "latest": None}
    else:
        body["channel"] = {"id": channel.id}
    return body


@handles("conversations.join")
def join(ctx: Ctx) -> dict[str, Any]:
    channel = visible_channel(ctx, must_be_member=False)
    if channel.kind != "public":
        raise SlackError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise SlackError("is_archived")
    body: dict[str, Any] = {}
    if ctx.actor in channel.members:
        body.update(warning="already_in_channel")
        body["response_metadata"] = {"warnings": ["already_in_channel"]}
    else:
        channel.members.append(ctx.actor)
    return {"channel": channel_object(ctx, channel), **body}


@handles("conversations.list")
def list_(ctx: Ctx) -> dict[str, Any]:
    # The fake lists public channels only (Kairos asks for nothing else), and says so.
    types = {t.strip() for t in (ctx.text("types") or "public_channel").split(",") if t.strip()}
    if types - {"public_channel", "private_channel", "mpim", "im"}:
        raise SlackError("invalid_types")
    if types != {"public_channel"}:
        raise SlackError("not_implemented_in_fake")
    limit = limit_arg(ctx, 100, 1000)
    with ctx.state.lock:
        found = sorted(
            (c for c in ctx.state.channels.values() if c.kind == "public"), key=lambda c: c.id
        )
    if ctx.flag("exclude_archived"):
        found = [c for c in found if not c.is_archived]
    ids = [c.id for c in found]
    page, next_cursor = paginate(
        found, ids, kind="channel", limit=limit, cursor=ctx.text("cursor"), after=id_at_or_after
    )
    return {
        "channels": [channel_object(ctx, c) for c in page],
        "response_metadata": {"next_cursor": next_cursor},
    }


@handles("reactions.add")
def add_reaction(ctx: Ctx) -> dict[str, Any]:
    channel = visible_channel(ctx, must_be_member=False)
    name = ctx.text("name")
    # Names go without colons; skin tones are "thumbsup::skin-tone-2".
    if not re.fullmatch(r"[a-z0-9_+'\-]+(::skin-tone-[2-6])?", name):
        raise SlackError("invalid_name")
    message = channel.find(ctx.text("timestamp"))
    if message is None:
        raise SlackError("message_not_found")
    reactions: list[dict[str, Any]] = message.setdefault("reactions", [])
    reaction = next((r for r in reactions if r["name"] == name), None)
    if reaction is None:
        reaction = {"name": name, "users": [], "count": 0}
        reactions.append(reaction)
    if ctx.actor in reaction["users"]:
        raise SlackError("already_reacted")
    reaction["users"].append(ctx.actor)
    reaction["count"] += 1
    return {}
