"""The fake's workspace-level methods: auth, users, profiles, DND, views, files, OAuth, Socket
Mode's apps.connections.open (registered on import)."""

from __future__ import annotations

import json
import mimetypes
from typing import Any
from urllib.parse import quote

from tests.fakes.slack_methods import (
    Ctx,
    block_problems,
    handles,
    id_at_or_after,
    limit_arg,
    new_message,
    split_users,
    visible_channel,
)
from tests.fakes.slack_state import (
    MAX_VIEW_BLOCKS,
    SlackError,
    SlackState,
    invalid_arguments,
    paginate,
)

# users.profile.set changes these fields and ignores others, as Slack does.
PROFILE_FIELDS = frozenset(
    {
        "status_text",
        "status_emoji",
        "status_expiration",
        "display_name",
        "real_name",
        "first_name",
        "last_name",
        "title",
        "phone",
        "pronouns",
        "skype",
        "start_date",
        "fields",
    }
)
MAX_STATUS_TEXT = 100


@handles("auth.test")
def auth_test(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    user = state.users.get(ctx.actor)
    body: dict[str, Any] = {
        "url": f"https://{state.team_domain}.slack.com/",
        "team": state.team_name,
        "user": user["name"] if user else "",
        "team_id": state.team_id,
        "user_id": ctx.actor,
    }
    if ctx.is_bot:
        body["bot_id"] = state.bot_id
    body["is_enterprise_install"] = False
    return body


@handles("team.info")
def team_info(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    if ctx.text("team") not in ("", state.team_id):
        raise SlackError("team_not_found")
    icon = {f"image_{n}": f"https://fake.slack-edge.com/team_{n}.png" for n in (34, 44, 68, 88)}
    return {
        "team": {
            "id": state.team_id,
            "name": state.team_name,
            "url": f"https://{state.team_domain}.slack.com/",
            "domain": state.team_domain,
            "email_domain": "",
            "icon": {**icon, "image_default": True},
            "avatar_base_url": "https://ca.slack-edge.com/",
            "is_verified": False,
        }
    }


@handles("bots.info")
def bots_info(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    if ctx.text("bot", state.bot_id) != state.bot_id:
        raise SlackError("bot_not_found")
    return {
        "bot": {
            "id": state.bot_id,
            "deleted": False,
            "name": state.bot_name,
            "updated": 1700000000,
            "app_id": state.app_id,
            "user_id": state.bot_user_id,
            "icons": {
                "image_36": "https://fake.slack-edge.com/bot_36.png",
                "image_48": "https://fake.slack-edge.com/bot_48.png",
                "image_72": "https://fake.slack-edge.com/bot_72.png",
            },
        }
    }


# ---- users


def _user(ctx: Ctx, user_id: str) -> dict[str, Any]:
    if user_id not in ctx.state.users:
        raise SlackError("user_not_found")
    # Slack leaves profile.email out unless the token has users:read.email.
    return ctx.state.user_view(user_id, with_email=ctx.may("users:read.email"))


@handles("users.info")
def users_info(ctx: Ctx) -> dict[str, Any]:
    user = _user(ctx, ctx.text("user"))
    if ctx.flag("include_locale"):
        user["locale"] = "en-US"
    return {"user": user}


@handles("users.list")
def users_list(ctx: Ctx) -> dict[str, Any]:
    ids = sorted(ctx.state.users)
    page, next_cursor = paginate(
        ids,
        ids,
        kind="user",
        limit=limit_arg(ctx, 0, 1000),
        cursor=ctx.text("cursor"),
        after=id_at_or_after,
    )
    return {
        "members": [_user(ctx, user_id) for user_id in page],
        "cache_ts": int(ctx.state.now()),
        "response_metadata": {"next_cursor": next_cursor},
    }


@handles("users.lookupByEmail")
def lookup_by_email(ctx: Ctx) -> dict[str, Any]:
    wanted = ctx.text("email").strip().lower()
    for user_id, user in ctx.state.users.items():
        email = str(user["profile"].get("email", "")).lower()
        if email == wanted and not user["deleted"]:
            return {"user": _user(ctx, user_id)}
    raise SlackError("users_not_found")


@handles("usergroups.users.list")
def usergroup_users(ctx: Ctx) -> dict[str, Any]:
    users = ctx.state.usergroups.get(ctx.text("usergroup"))
    if users is None:
        raise SlackError("no_such_subteam")
    return {"users": list(users)}


@handles("users.profile.get")
def profile_get(ctx: Ctx) -> dict[str, Any]:
    profile: dict[str, Any] = _user(ctx, ctx.text("user") or ctx.actor)["profile"]
    return {"profile": profile}


def _profile_changes(ctx: Ctx) -> dict[str, Any]:
    raw = ctx.args.get("profile")
    if raw not in (None, ""):
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except json.JSONDecodeError:
                raise SlackError("invalid_profile") from None
        if not isinstance(raw, dict):
            raise SlackError("invalid_profile")
        return raw
    if ctx.text("name"):
        return {ctx.text("name"): ctx.args.get("value", "")}
    raise SlackError("invalid_profile")


@handles("users.profile.set")
def profile_set(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    target = ctx.text("user") or ctx.actor
    if target not in state.users:
        raise SlackError("user_not_found")
    if target != ctx.actor:
        # Only admins may change someone else's profile, and only owners an admin's.
        actor = state.users.get(ctx.actor, {})
        if not (actor.get("is_admin") or actor.get("is_owner")):
            raise SlackError("not_admin")
        user = state.users[target]
        if (user["is_admin"] or user["is_owner"]) and not actor.get("is_owner"):
            raise SlackError("cannot_update_admin_user")
    changes = {k: v for k, v in _profile_changes(ctx).items() if k in PROFILE_FIELDS}
    if len(str(changes.get("status_text", ""))) > MAX_STATUS_TEXT:
        raise SlackError("too_long")
    if "status_expiration" in changes:
        try:
            changes["status_expiration"] = int(changes["status_expiration"] or 0)
        except (TypeError, ValueError):
            raise SlackError("invalid_profile") from None
    user = state.users[target]
    profile = user["profile"]
    profile.update(changes)
    for key in ("real_name", "display_name"):
        if key in changes:
            profile[f"{key}_normalized"] = changes[key]
    if "real_name" in changes:
        user["real_name"] = changes["real_name"]
    user["updated"] = int(state.now())
    return {"profile": _user(ctx, target)["profile"], "username": user["name"]}


# ---- Do Not Disturb


def dnd_status(state: SlackState, user_id: str) -> dict[str, Any]:
    """dnd.info's body. The fake models snoozes only: no scheduled DND hours, for which
    Slack answers dnd_enabled false and next_dnd_*_ts 1."""
    now = int(state.now())
    end = state.snoozes.get(user_id)
    if end is not None and end <= now:
        del state.snoozes[user_id]  # the snooze ran out
        end = None
    body: dict[str, Any] = {
        "dnd_enabled": False,
        "next_dnd_start_ts": 1,
        "next_dnd_end_ts": 1,
        "snooze_enabled": end is not None,
    }
    if end is not None:
        body.update(snooze_endtime=end, snooze_remaining=end - now, snooze_is_indefinite=False)
    return body


@handles("dnd.info")
def dnd_info(ctx: Ctx) -> dict[str, Any]:
    user_id = ctx.text("user") or ctx.actor
    if user_id not in ctx.state.users:
        raise SlackError("user_not_found")
    return dnd_status(ctx.state, user_id)


@handles("dnd.setSnooze")
def set_snooze(ctx: Ctx) -> dict[str, Any]:
    minutes = ctx.int_arg("num_minutes", 0, error="invalid_arguments")
    if minutes <= 0:
        raise SlackError("missing_duration")
    now = int(ctx.state.now())
    end = now + minutes * 60
    ctx.state.snoozes[ctx.actor] = end
    return {
        "snooze_enabled": True,
        "snooze_endtime": end,
        "snooze_remaining": end - now,
        "snooze_is_indefinite": False,
    }


@handles("dnd.endSnooze")
def end_snooze(ctx: Ctx) -> dict[str, Any]:
    if not dnd_status(ctx.state, ctx.actor)["snooze_enabled"]:
        raise SlackError("snooze_not_active")
    del ctx.state.snoozes[ctx.actor]
    return dnd_status(ctx.state, ctx.actor)


# ---- views


def _checked_view(ctx: Ctx) -> dict[str, Any]:
    view = ctx.args.get("view")
    if not isinstance(view, dict):
        raise invalid_arguments("[ERROR] failed to match all allowed schemas [json-pointer:/view]")
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        problems.append("[ERROR] must be one of modal, home [json-pointer:/view/type]")
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        problems.append("[ERROR] missing required field: blocks [json-pointer:/view/blocks]")
    else:
        problems += block_problems(blocks, limit=MAX_VIEW_BLOCKS, pointer="/view/blocks")
    if kind == "modal":
        for key, needed in (("title", True), ("submit", False), ("close", False)):
            obj = view.get(key)
            if obj is None:
                if needed:
                    problems.append(f"[ERROR] missing required field: {key} [json-pointer:/view]")
                continue
            text = obj.get("text") if isinstance(obj, dict) else None
            if not isinstance(text, str) or not 0 < len(text) <= 24:
                problems.append(
                    f"[ERROR] must be less than 25 characters [json-pointer:/view/{key}/text]"
                )
        has_inputs = isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        )
        if has_inputs and view.get("submit") is None:
            problems.append(
                "[ERROR] must provide submit when using input blocks [json-pointer:/view]"
            )
    if len(str(view.get("private_metadata", ""))) > 3000:
        problems.append(
            "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"
        )
    if len(str(view.get("callback_id", ""))) > 255:
        problems.append("[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]")
    if problems:
        raise invalid_arguments(*problems)
    return view


def _store_view(
    ctx: Ctx, view: dict[str, Any], *, user_id: str | None, view_id: str | None = None
) -> dict[str, Any]:
    state = ctx.state
    external_id = str(view.get("external_id", ""))
    if external_id:
        for other in state.views.values():
            if other["external_id"] == external_id and other["id"] != view_id:
                raise SlackError("duplicate_external_id")
    vid = view_id or state.new_id("V")
    previous = state.views.get(vid, {})
    stored: dict[str, Any] = {
        "id": vid,
        "team_id": state.team_id,
        "type": view["type"],
        "title": view.get("title"),
        "close": view.get("close"),
        "submit": view.get("submit"),
        "blocks": view["blocks"],
        "private_metadata": str(view.get("private_metadata", "")),
        "callback_id": str(view.get("callback_id", "")),
        "external_id": external_id,
        "state": {"values": {}},
        "hash": f"{int(state.now())}.{state.new_id('')[-8:].lower()}",
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "root_view_id": previous.get("root_view_id", vid),
        "previous_view_id": None,
        "app_id": state.app_id,
        "app_installed_team_id": state.team_id,
        "bot_id": state.bot_id,
    }
    state.views[vid] = stored
    state.view_owner[vid] = user_id
    state.view_log.append((user_id, stored))
    return dict(stored)


def _check_hash(ctx: Ctx, view_id: str) -> None:
    sent = ctx.text("hash")
    if sent and sent != ctx.state.views[view_id]["hash"]:
        raise SlackError("hash_conflict")


@handles("views.open")
def views_open(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    trigger = ctx.text("trigger_id") or ctx.text("interactivity_pointer")
    if not trigger:
        raise invalid_arguments("[ERROR] missing required field: trigger_id")
    # A trigger id opens one view; Slack refuses it the second time.
    if trigger in state.used_triggers:
        raise SlackError("exchanged_trigger_id")
    view = _checked_view(ctx)
    if view["type"] != "modal":
        raise invalid_arguments("[ERROR] must be modal [json-pointer:/view/type]")
    state.used_triggers.add(trigger)
    return {"view": _store_view(ctx, view, user_id=state.triggers.get(trigger))}


@handles("views.publish")
def views_publish(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    user_id = ctx.text("user_id")
    view = _checked_view(ctx)
    if view["type"] != "home":
        raise invalid_arguments("[ERROR] must be home [json-pointer:/view/type]")
    current = state.home_views.get(user_id)
    if current is not None:
        _check_hash(ctx, current)
    stored = _store_view(ctx, view, user_id=user_id, view_id=current)
    state.home_views[user_id] = stored["id"]
    return {"view": stored}


@handles("views.update")
def views_update(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    view_id = ctx.text("view_id")
    external_id = ctx.text("external_id")
    if not view_id and not external_id:
        raise invalid_arguments("[ERROR] either view_id or external_id is required")
    if not view_id:
        view_id = next(
            (v["id"] for v in state.views.values() if v["external_id"] == external_id), ""
        )
    if view_id not in state.views:
        raise SlackError("not_found")
    _check_hash(ctx, view_id)
    view = _checked_view(ctx)
    if view["type"] != state.views[view_id]["type"]:
        raise invalid_arguments("[ERROR] a view cannot change its type [json-pointer:/view/type]")
    return {"view": _store_view(ctx, view, user_id=state.view_owner.get(view_id), view_id=view_id)}


# ---- files


def file_object(state: SlackState, file_id: str) -> dict[str, Any]:
    """files.info's file object; its URLs point at the fake, which serves the content."""
    record = state.files[file_id]
    name = record["name"]
    url = f"{state.base_url}/files/{file_id}/{quote(name)}"
    return {
        "id": file_id,
        "created": record["created"],
        "timestamp": record["created"],
        "name": name,
        "title": record["title"],
        "mimetype": record["mimetype"],
        "filetype": record["filetype"],
        "pretty_type": record["filetype"].upper(),
        "user": record["user"],
        "user_team": state.team_id,
        "editable": False,
        "size": len(state.file_contents.get(file_id, b"")),
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": bool(record["channels"]),
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": url,
        "url_private_download": f"{state.base_url}/files/{file_id}/download/{quote(name)}",
        "permalink": f"https://{state.team_domain}.slack.com/files/{record['user']}/{file_id}/{name}",
        "permalink_public": f"https://slack-files.com/{state.team_id}-{file_id}-0000000000",
        "comments_count": 0,
        "is_starred": False,
        "shares": {},
        "channels": list(record["channels"]),
        "groups": [],
        "ims": [],
        "has_rich_preview": False,
        "alt_txt": record.get("alt_txt", ""),
    }


def add_file_record(
    state: SlackState,
    file_id: str,
    *,
    name: str,
    content: bytes,
    user: str,
    title: str | None = None,
    mimetype: str | None = None,
    filetype: str | None = None,
    channels: list[str] | None = None,
) -> dict[str, Any]:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    state.files[file_id] = {
        "name": name,
        "title": title if title is not None else name,
        "mimetype": mimetype or guessed,
        "filetype": filetype or (name.rsplit(".", 1)[-1].lower() if "." in name else "binary"),
        "user": user,
        "created": int(state.now()),
        "channels": list(channels or []),
    }
    state.file_contents[file_id] = content
    return file_object(state, file_id)


@handles("files.info")
def files_info(ctx: Ctx) -> dict[str, Any]:
    file_id = ctx.text("file")
    if file_id not in ctx.state.files:
        raise SlackError("file_not_found")
    return {
        "file": file_object(ctx.state, file_id),
        "comments": [],
        "response_metadata": {"next_cursor": ""},
    }


@handles("files.getUploadURLExternal")
def get_upload_url(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    length = ctx.int_arg("length", 0)
    if length <= 0:
        raise invalid_arguments("[ERROR] length must be greater than 0")
    file_id = state.new_id("F")
    state.pending_uploads[file_id] = {
        "filename": ctx.text("filename"),
        "user": ctx.actor,
        "alt_txt": ctx.text("alt_txt"),
    }
    return {"upload_url": f"{state.base_url}/upload/{file_id}", "file_id": file_id}


@handles("files.completeUploadExternal")
def complete_upload(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    files = ctx.args.get("files")
    if not isinstance(files, list) or not all(isinstance(f, dict) and "id" in f for f in files):
        raise invalid_arguments("[ERROR] files must be a list of objects with an id")
    for entry in files:
        if entry["id"] not in state.pending_uploads or entry["id"] not in state.file_contents:
            raise SlackError("file_not_found")
    # Shared to channel_id, or to the first of the older comma-separated "channels".
    target = ctx.text("channel_id") or next(iter(split_users(ctx.args.get("channels"))), "")
    channel = visible_channel(ctx, must_be_member=True, ref=target) if target else None
    done = []
    for entry in files:
        pending = state.pending_uploads.pop(entry["id"])
        add_file_record(
            state,
            entry["id"],
            name=pending["filename"],
            content=state.file_contents[entry["id"]],
            user=pending["user"],
            title=entry.get("title") or pending["filename"],
            channels=[channel.id] if channel else [],
        )
        state.files[entry["id"]]["alt_txt"] = pending["alt_txt"]
        done.append({"id": entry["id"], "title": state.files[entry["id"]]["title"]})
    if channel is not None:
        shared = [file_object(state, f["id"]) for f in done]
        content = {"text": ctx.text("initial_comment"), "files": shared}
        message = new_message(ctx, content, state.next_ts())
        message["upload"] = True
        if ctx.text("thread_ts"):
            message["thread_ts"] = ctx.text("thread_ts")
        state.add_message(channel, message)
    # Slack's reference example shows only id and title; today it answers whole file objects
    # (slack_sdk's files_upload_v2 relies on that), a superset of the example.
    return {"files": [file_object(state, f["id"]) for f in done]}


# ---- OAuth and Socket Mode


@handles("oauth.v2.access")
def oauth_access(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    client_id, secret = ctx.basic_auth or (ctx.text("client_id"), ctx.text("client_secret"))
    if not client_id or (state.client_id and client_id != state.client_id):
        raise SlackError("invalid_client_id")
    if state.client_secret and secret != state.client_secret:
        raise SlackError("bad_client_secret")
    grant = ctx.text("grant_type") or "authorization_code"
    if grant == "refresh_token":
        raise SlackError("invalid_refresh_token")  # the fake does not rotate tokens
    if grant != "authorization_code":
        raise SlackError("invalid_grant_type")
    # Codes work once, as on Slack.
    grant_record = state.oauth_codes.pop(ctx.text("code"), None)
    if grant_record is None:
        raise SlackError("invalid_code")
    if grant_record["redirect_uri"] and ctx.text("redirect_uri") != grant_record["redirect_uri"]:
        raise SlackError("bad_redirect_uri")
    state.add_token(grant_record["token"], "user", grant_record["user_id"], grant_record["scopes"])
    body: dict[str, Any] = {"app_id": state.app_id}
    if grant_record["bot_token"]:
        body.update(
            access_token=grant_record["bot_token"],
            token_type="bot",
            scope=",".join(grant_record["bot_scopes"]),
            bot_user_id=state.bot_user_id,
        )
    body.update(
        authed_user={
            "id": grant_record["user_id"],
            "scope": ",".join(grant_record["scopes"]),
            "access_token": grant_record["token"],
            "token_type": "user",
        },
        team={"id": state.team_id, "name": state.team_name},
        enterprise=None,
        is_enterprise_install=False,
    )
    return body


@handles("apps.connections.open")
def connections_open(ctx: Ctx) -> dict[str, Any]:
    if ctx.state.socket_url_factory is None:
        raise SlackError("internal_error")
    return {"url": ctx.state.socket_url_factory()}
