"""The fake's workspace-level methods: auth (test, revoke), team, bots, users, profiles, DND,
OAuth and Socket Mode's apps.connections.open (registered on import). Views and files have
modules of their own.
"""

from __future__ import annotations

import json
from typing import Any

from bot.demo.fake_slack.slack_channels import channel_object
from bot.demo.fake_slack.slack_methods import Ctx, handles, limit_arg
from bot.demo.fake_slack.slack_records import SlackError, id_at_or_after, paginate
from bot.demo.fake_slack.slack_state import SlackState

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
        "url": f"https://{state.identity.team_domain}.slack.com/",
        "team": state.identity.team_name,
        "user": user["name"] if user else "",
        "team_id": state.identity.team_id,
        "user_id": ctx.actor,
    }
    if ctx.is_bot:
        body["bot_id"] = state.identity.bot_id
    body["is_enterprise_install"] = False
    return body


@handles("auth.revoke")
def auth_revoke(ctx: Ctx) -> dict[str, Any]:
    """Revokes the calling token (bot or user); with test=true it only says it would."""
    if ctx.token is None:  # dispatch authenticates every call here first
        raise SlackError("not_authed")
    if not ctx.flag("test"):
        # Every later call with it is answered invalid_auth, as Slack does.
        ctx.state.tokens.pop(ctx.token.token, None)
    return {"revoked": not ctx.flag("test")}


@handles("team.info")
def team_info(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    if ctx.text("team") not in ("", state.identity.team_id):
        raise SlackError("team_not_found")
    icon = {f"image_{n}": f"https://fake.slack-edge.com/team_{n}.png" for n in (34, 44, 68, 88)}
    return {
        "team": {
            "id": state.identity.team_id,
            "name": state.identity.team_name,
            "url": f"https://{state.identity.team_domain}.slack.com/",
            "domain": state.identity.team_domain,
            "email_domain": "",
            "icon": {**icon, "image_default": True},
            "avatar_base_url": "https://ca.slack-edge.com/",
            "is_verified": False,
        }
    }


@handles("bots.info")
def bots_info(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    if ctx.text("bot", state.identity.bot_id) != state.identity.bot_id:
        raise SlackError("bot_not_found")
    return {
        "bot": {
            "id": state.identity.bot_id,
            "deleted": False,
            "name": state.identity.bot_name,
            "updated": 1700000000,
            "app_id": state.identity.app_id,
            "user_id": state.identity.bot_user_id,
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
    # Slack leaves profile.email out unless the token has users:read.email, and the locale
    # unless the call asks for it.
    return ctx.state.user_view(
        user_id, with_email=ctx.may("users:read.email"), with_locale=ctx.flag("include_locale")
    )


@handles("users.info")
def users_info(ctx: Ctx) -> dict[str, Any]:
    return {"user": _user(ctx, ctx.text("user"))}


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


_TYPES = {"public_channel": "public", "private_channel": "private", "mpim": "mpim", "im": "im"}


@handles("users.conversations")
def users_conversations(ctx: Ctx) -> dict[str, Any]:
    # As Slack documents it: the user's conversations (default: the caller's) of the types
    # asked (default: public channels), non-public ones only where the caller is in them too.
    user_id = ctx.text("user") or ctx.actor
    if user_id not in ctx.state.users:
        raise SlackError("user_not_found")
    types = [t.strip() for t in (ctx.text("types") or "public_channel").split(",") if t.strip()]
    if any(t not in _TYPES for t in types):
        raise SlackError("invalid_types")
    kinds = {_TYPES[t] for t in types}
    with ctx.state.lock:
        found = sorted(
            (
                c
                for c in ctx.state.channels.values()
                if c.kind in kinds and user_id in c.members
                if c.kind == "public" or ctx.actor in c.members
                if not (ctx.flag("exclude_archived") and c.is_archived)
            ),
            key=lambda c: c.id,
        )
    page, next_cursor = paginate(
        found, [c.id for c in found], kind="channel", limit=limit_arg(ctx, 100, 1000),
        cursor=ctx.text("cursor"), after=id_at_or_after,
    )  # fmt: skip
    return {
        "channels": [channel_object(ctx, c) for c in page],
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
    body: dict[str, Any] = {"app_id": state.identity.app_id}
    if grant_record["bot_token"]:
        body.update(
            access_token=grant_record["bot_token"],
            token_type="bot",
            scope=",".join(grant_record["bot_scopes"]),
            bot_user_id=state.identity.bot_user_id,
        )
    body.update(
        authed_user={
            "id": grant_record["user_id"],
            "scope": ",".join(grant_record["scopes"]),
            "access_token": grant_record["token"],
            "token_type": "user",
        },
        team={"id": state.identity.team_id, "name": state.identity.team_name},
        enterprise=None,
        is_enterprise_install=False,
    )
    return body


@handles("apps.connections.open")
def connections_open(ctx: Ctx) -> dict[str, Any]:
    if ctx.state.socket_url_factory is None:
        raise SlackError("internal_error")
    return {"url": ctx.state.socket_url_factory()}
