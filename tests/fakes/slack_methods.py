"""The Web API methods of the fake Slack, and the checks Slack makes before running one.

dispatch() is the single entry point: it answers one call the way Slack would (scripted
failures, unknown method, authentication, token type, scopes, required arguments, then the
method itself) and records it. Each handler returns the success body without "ok".
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fakes.slack_state import (
    APP_TOKEN_METHODS,
    BOT_TOKEN_ONLY,
    MAX_MESSAGE_BLOCKS,
    MAX_SECTION_TEXT,
    MAX_TEXT,
    MISSING_ARG_ERRORS,
    NO_TOKEN_METHODS,
    SCOPE_PREFIX,
    Call,
    Channel,
    ChannelKind,
    Injection,
    MethodSpec,
    Reply,
    SlackError,
    SlackState,
    TokenInfo,
    invalid_arguments,
    truthy,
    ts_key,
)

# Fields that Slack takes as JSON-encoded strings in form bodies; decoded for handlers and
# for Call.args so that tests can look inside them.
JSON_FIELDS = frozenset({"blocks", "attachments", "metadata", "view", "profile", "files"})


def decode_args(raw: dict[str, Any]) -> dict[str, Any]:
    args = dict(raw)
    for name in JSON_FIELDS & args.keys():
        value = args[name]
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            # Undecodable text stays text: the method then reports it malformed, like Slack.
            with contextlib.suppress(json.JSONDecodeError):
                args[name] = json.loads(value)
    return args


@dataclass
class Ctx:
    """One call being answered."""

    state: SlackState
    spec: MethodSpec
    args: dict[str, Any]
    token: TokenInfo | None
    basic_auth: tuple[str, str] | None = None

    @property
    def actor(self) -> str:
        """The user acting: the bot user for a bot token, the token's owner for a user token."""
        if self.token is not None and self.token.user_id:
            return self.token.user_id
        return self.state.bot_user_id

    @property
    def is_bot(self) -> bool:
        return self.token is not None and self.token.kind == "bot"

    def text(self, name: str, default: str = "") -> str:
        value = self.args.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def flag(self, name: str) -> bool:
        return truthy(self.args.get(name, False))

    def int_arg(self, name: str, default: int, *, error: str = "invalid_arguments") -> int:
        value = self.args.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise SlackError(error) from None

    def granted(self, scope: str) -> bool:
        """Whether the token was registered with this scope explicitly."""
        scopes = self.token.scopes if self.token is not None else None
        return scopes is not None and scope in scopes

    def may(self, scope: str) -> bool:
        """Whether the token may use this scope (unrestricted tokens may use any)."""
        return self.token is None or self.token.scopes is None or scope in self.token.scopes


Handler = Callable[[Ctx], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}


def handles(method: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[method] = fn
        return fn

    return register


# --------------------------------------------------------------------------------------------
# Dispatch


def dispatch(
    state: SlackState,
    method: str,
    args: dict[str, Any],
    *,
    token: str | None,
    basic_auth: tuple[str, str] | None = None,
    http_method: str = "POST",
    peer: str = "",
) -> Reply:
    """Answer one Web API call and record it in state.calls."""
    recorded = copy.deepcopy(args)  # handlers may keep parts of args in the workspace
    reply = _answer(state, method, args, token, basic_auth)
    state.record(Call(method, recorded, token, reply.status, reply.body, http_method, peer))
    return reply


def _answer(
    state: SlackState,
    method: str,
    args: dict[str, Any],
    token: str | None,
    basic_auth: tuple[str, str] | None,
) -> Reply:
    injection = state.take_injection(method, args)
    if injection is not None and injection.kind != "delay":
        return _injected(injection)
    try:
        body = _run(state, method, args, token, basic_auth)
    except SlackError as e:
        body = e.body()
    except Exception as e:
        # A bug in the fake: answer 500 and keep the traceback for FakeSlack.internal_errors,
        # rather than leave the test to puzzle over a bare server error.
        with state.lock:
            state.internal_errors.append(f"{method}: {traceback.format_exc()}")
        return Reply(500, {"ok": False, "error": "fake_slack_bug", "detail": repr(e)})
    return Reply(200, body, delay=injection.seconds if injection else 0.0)


def _injected(injection: Injection) -> Reply:
    if injection.kind == "ratelimit":
        # Slack's rate limit answer: 429, whole seconds in Retry-After, and this body.
        return Reply(
            429,
            {"ok": False, "error": "ratelimited"},
            headers={"Retry-After": str(injection.retry_after)},
        )
    if injection.kind == "http":
        return Reply(injection.status, {"ok": False, "error": "fake_http_error"})
    return Reply(200, {"ok": False, "error": injection.error, **injection.fields})


def _run(
    state: SlackState,
    method: str,
    args: dict[str, Any],
    token: str | None,
    basic_auth: tuple[str, str] | None,
) -> dict[str, Any]:
    spec = state.specs.get(method)
    handler = HANDLERS.get(method)
    if spec is None or handler is None:
        raise SlackError("unknown_method", req_method=method)
    info: TokenInfo | None = None
    if method not in NO_TOKEN_METHODS:
        if not token:
            raise SlackError("not_authed")
        with state.lock:
            info = state.tokens.get(token)
        if info is None:
            raise SlackError("invalid_auth")
        _check_token_type(spec, info)
    ctx = Ctx(state, spec, args, info, basic_auth)
    with state.lock:
        if info is not None and info.scopes is not None:
            needed = _needed_scope(ctx, info)
            if needed is not None and needed not in info.scopes:
                raise SlackError(
                    "missing_scope", needed=needed, provided=",".join(sorted(info.scopes))
                )
        for name in spec.required:
            if args.get(name) in (None, ""):
                if name in MISSING_ARG_ERRORS:
                    raise SlackError(MISSING_ARG_ERRORS[name])
                raise invalid_arguments(f"[ERROR] missing required field: {name}")
        return {"ok": True, **handler(ctx)}


def _check_token_type(spec: MethodSpec, info: TokenInfo) -> None:
    if info.kind == "app":
        allowed = spec.name in APP_TOKEN_METHODS
    elif spec.name in APP_TOKEN_METHODS:
        allowed = False
    elif info.kind == "bot":
        allowed = not spec.user_token_only
    else:
        allowed = spec.name not in BOT_TOKEN_ONLY
    if not allowed:
        raise SlackError("not_allowed_token_type")


def _needed_scope(ctx: Ctx, info: TokenInfo) -> str | None:
    scopes = ctx.spec.bot_scopes if info.kind == "bot" else ctx.spec.user_scopes
    if not scopes:
        return None
    if len(scopes) == 1:
        return scopes[0]
    # A family like channels:history / groups:history / im:history / mpim:history: the
    # member needed depends on the conversation (unknown channel: let the method say so).
    kind = _conversation_kind(ctx)
    if kind is None:
        return None
    return next((s for s in scopes if s.startswith(SCOPE_PREFIX[kind])), None)


def _conversation_kind(ctx: Ctx) -> ChannelKind | None:
    ref = ctx.text("channel")
    if ref:
        channel = ctx.state.find_channel(ref)
        return channel.kind if channel else None
    users = split_users(ctx.args.get("users"))
    if users:
        return "im" if len(set(users) - {ctx.actor}) <= 1 else "mpim"
    return None


def split_users(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(u).strip() for u in value if str(u).strip()]
    if isinstance(value, str):
        return [u.strip() for u in value.split(",") if u.strip()]
    return []


# --------------------------------------------------------------------------------------------
# Shared checks


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


def block_problems(blocks: list[Any], *, limit: int, pointer: str) -> list[str]:
    """Block Kit mistakes Slack refuses, in Slack's "[ERROR] ... [json-pointer:...]" form."""
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"[ERROR] no more than {limit} items allowed [json-pointer:{pointer}]")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        here = f"{pointer}/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            problems.append(f"[ERROR] missing required field: type [json-pointer:{here}]")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 0 < len(block_id) <= 255:
                problems.append(f"[ERROR] invalid block_id [json-pointer:{here}/block_id]")
            elif block_id in seen:
                problems.append(f"[ERROR] duplicate block_id [json-pointer:{here}/block_id]")
            else:
                seen.add(block_id)
        problems += _block_content_problems(block, here)
    return problems


def _text_length(obj: Any) -> int | None:
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return len(obj["text"])
    return None


def _block_content_problems(block: dict[str, Any], here: str) -> list[str]:
    problems: list[str] = []
    kind = block["type"]
    if kind == "section":
        text, fields = block.get("text"), block.get("fields")
        if text is None and not fields:
            problems.append(f"[ERROR] must provide either text or fields [json-pointer:{here}]")
        if text is not None and _text_length(text) is None:
            problems.append(f"[ERROR] missing required field: text [json-pointer:{here}/text]")
        elif (_text_length(text) or 0) > MAX_SECTION_TEXT:
            problems.append(
                f"[ERROR] must be less than {MAX_SECTION_TEXT + 1} characters "
                f"[json-pointer:{here}/text/text]"
            )
        if isinstance(fields, list):
            if len(fields) > 10:
                problems.append(
                    f"[ERROR] no more than 10 items allowed [json-pointer:{here}/fields]"
                )
            for j, f in enumerate(fields):
                if (_text_length(f) or 0) > 2000:
                    problems.append(
                        f"[ERROR] must be less than 2001 characters "
                        f"[json-pointer:{here}/fields/{j}/text]"
                    )
    elif kind == "header":
        if (_text_length(block.get("text")) or 0) > 150:
            problems.append(
                f"[ERROR] must be less than 151 characters [json-pointer:{here}/text/text]"
            )
    elif kind in ("actions", "context"):
        limit = 25 if kind == "actions" else 10
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            problems.append(f"[ERROR] missing required field: elements [json-pointer:{here}]")
        elif len(elements) > limit:
            problems.append(
                f"[ERROR] no more than {limit} items allowed [json-pointer:{here}/elements]"
            )
    return problems


def _decode_list(raw: Any, error: str) -> list[Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise SlackError(error) from None
    if not isinstance(raw, list):
        raise SlackError(error)
    return raw


def message_content(ctx: Ctx, *, required: bool = True) -> dict[str, Any]:
    """text/blocks/attachments/metadata of chat.postMessage and friends, checked like Slack."""
    args = ctx.args
    text = ctx.text("text")
    markdown = ctx.text("markdown_text")
    content: dict[str, Any] = {}
    if markdown and (text or args.get("blocks")):
        raise SlackError("markdown_text_conflict")
    if args.get("blocks") not in (None, ""):
        blocks = _decode_list(args["blocks"], "invalid_blocks_format")
        problems = block_problems(blocks, limit=MAX_MESSAGE_BLOCKS, pointer="/blocks")
        if problems:
            raise SlackError("invalid_blocks", response_metadata={"messages": problems})
        content["blocks"] = blocks
    if markdown:
        content["blocks"] = [{"type": "markdown", "text": markdown}]
    if args.get("attachments") not in (None, ""):
        attachments = _decode_list(args["attachments"], "invalid_attachments")
        if not all(isinstance(a, dict) for a in attachments):
            raise SlackError("invalid_attachments")
        if len(attachments) > 100:
            raise SlackError("too_many_attachments")
        # Slack numbers attachments in the stored message.
        content["attachments"] = [{**a, "id": i + 1} for i, a in enumerate(attachments)]
    if args.get("metadata") not in (None, ""):
        content["metadata"] = _metadata(ctx, args["metadata"])
    if len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")
    if required and not (text or content.get("blocks") or content.get("attachments")):
        raise SlackError("no_text")
    content["text"] = text or markdown
    return content


def _metadata(ctx: Ctx, raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise SlackError("invalid_metadata_format") from None
    if not (
        isinstance(raw, dict)
        and isinstance(raw.get("event_type"), str)
        and isinstance(raw.get("event_payload"), dict)
    ):
        raise SlackError("invalid_metadata_format")
    if not ctx.is_bot:
        raise SlackError("metadata_must_be_sent_from_app")
    return {"event_type": raw["event_type"], "event_payload": raw["event_payload"]}


def bot_profile(state: SlackState) -> dict[str, Any]:
    return {
        "id": state.bot_id,
        "app_id": state.app_id,
        "name": state.bot_name,
        "icons": {
            "image_36": "https://fake.slack-edge.com/bot_36.png",
            "image_48": "https://fake.slack-edge.com/bot_48.png",
            "image_72": "https://fake.slack-edge.com/bot_72.png",
        },
        "deleted": False,
        "updated": 1700000000,
        "team_id": state.team_id,
    }


def new_message(ctx: Ctx, content: dict[str, Any], ts: str) -> dict[str, Any]:
    """A message as the caller posts it: bot messages carry bot_id, app_id and bot_profile."""
    state = ctx.state
    message: dict[str, Any] = {"user": ctx.actor, "type": "message", "ts": ts}
    if ctx.is_bot:
        message.update(bot_id=state.bot_id, app_id=state.app_id)
    message["text"] = content["text"]
    for key in ("blocks", "attachments", "metadata", "files"):
        if key in content:
            message[key] = content[key]
    message["team"] = state.team_id
    if ctx.is_bot:
        message["bot_profile"] = bot_profile(state)
    return message


def shown(message: dict[str, Any], *, with_metadata: bool) -> dict[str, Any]:
    """A stored message as a read method returns it (metadata only on request)."""
    out = copy.deepcopy(message)
    if not with_metadata:
        out.pop("metadata", None)
    return out


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
            "context_team_id": state.team_id,
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
        "context_team_id": state.team_id,
        "updated": channel.created * 1000,
        "parent_conversation": None,
        "creator": channel.creator,
        "is_ext_shared": False,
        "shared_team_ids": [state.team_id],
        "pending_connected_team_ids": [],
        "is_member": ctx.actor in channel.members,
        "topic": {"value": channel.topic, "creator": "", "last_set": 0},
        "purpose": {"value": channel.purpose, "creator": "", "last_set": 0},
        "previous_names": [],
    }
    return obj


def ts_arg(ctx: Ctx, name: str, error: str) -> str:
    value = ctx.text(name)
    if value and not re.fullmatch(r"\d+(\.\d{1,6})?", value):
        raise SlackError(error)
    return value


def limit_arg(ctx: Ctx, default: int, maximum: int, *, error: str = "invalid_limit") -> int:
    limit = ctx.int_arg("limit", default, error=error)
    if limit < 0:
        raise SlackError(error)
    return min(limit, maximum) if limit else default


def newer(a: str, b: str) -> bool:
    return ts_key(a) >= ts_key(b)


def older(a: str, b: str) -> bool:
    return ts_key(a) <= ts_key(b)


def id_at_or_after(a: str, b: str) -> bool:
    return a >= b
