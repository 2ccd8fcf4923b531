"""The fake Slack's dispatcher, and the checks Slack makes before running a Web API method.

dispatch() is the single entry point: it answers one call the way Slack would (scripted
failures, Slack's rate limits when set, unknown method, authentication, token type, scopes,
required arguments, then the method itself) and records it. Each handler returns the
success body without "ok". The handlers live in slack_conversations, slack_workspace,
slack_views and slack_files, which register themselves with handles() on import.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.demo.fake_slack.slack_limits import POST_MESSAGE
from bot.demo.fake_slack.slack_records import (
    Call,
    ChannelKind,
    Injection,
    Reply,
    SlackError,
    TokenInfo,
    invalid_arguments,
    truthy,
)
from bot.demo.fake_slack.slack_specs import (
    APP_TOKEN_METHODS,
    BOT_TOKEN_ONLY,
    MISSING_ARG_ERRORS,
    NO_TOKEN_METHODS,
    SCOPE_PREFIX,
    MethodSpec,
)
from bot.demo.fake_slack.slack_state import SlackState

# Fields that Slack takes as JSON-encoded strings in form bodies; decoded for handlers and
# for Call.args so that tests can look inside them.
SCOPES_HEADER = "x-oauth-scopes"
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
        return self.state.identity.bot_user_id

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


@dataclass(frozen=True)
class Request:
    """One Web API call as it arrived: the method, its arguments and credentials."""

    method: str
    args: dict[str, Any]
    token: str | None
    basic_auth: tuple[str, str] | None


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
    reply = _answer(state, Request(method, args, token, basic_auth))
    state.record(Call(method, recorded, token, reply.status, reply.body, http_method, peer))
    scopes = granted_scopes(state, token)
    if scopes is not None:
        reply = dataclasses.replace(reply, headers={**reply.headers, SCOPES_HEADER: scopes})
    return reply


def granted_scopes(state: SlackState, token: str | None) -> str | None:
    """What Slack puts in x-oauth-scopes for a call made with token (None: unknown token).

    Slack answers every call made with a valid token with the token's scopes, comma-separated,
    which is how an app learns what it was granted. A token registered without a list may use
    every scope: it is given every scope the method reference names for its kind."""
    with state.lock:
        info = state.tokens.get(token) if token else None
    if info is None:
        return None
    scopes = info.scopes
    if scopes is None:
        specs = state.specs.values()
        kind_scopes = (
            spec.bot_scopes if info.kind == "bot" else spec.user_scopes for spec in specs
        )
        scopes = frozenset(scope for names in kind_scopes for scope in names)
    return ",".join(sorted(scopes))


def _answer(state: SlackState, request: Request) -> Reply:
    injection = state.take_injection(request.method, request.args)
    if injection is not None and injection.kind != "delay":
        return _injected(injection)
    retry_after = _over_limit(state, request)
    if retry_after is not None:
        return _ratelimited(retry_after)
    try:
        body = _run(state, request)
    except SlackError as e:
        body = e.body()
    except Exception as e:
        # A bug in the fake: answer 500 and keep the traceback for FakeSlack.internal_errors,
        # rather than leave the test to puzzle over a bare server error.
        with state.lock:
            state.internal_errors.append(f"{request.method}: {traceback.format_exc()}")
        return Reply(500, {"ok": False, "error": "fake_slack_bug", "detail": repr(e)})
    return Reply(200, body, delay=injection.seconds if injection else 0.0)


def _over_limit(state: SlackState, request: Request) -> int | None:
    """The Retry-After for a call beyond Slack's rate limits (set_rate_limits), else None."""
    limiter, spec = state.limiter, state.specs.get(request.method)
    if limiter is None or spec is None:
        return None  # limits off, or an unknown method, which _run answers
    channel = None
    if request.method == POST_MESSAGE:
        channel = str(request.args.get("channel") or "")
        with state.lock:
            conversation = state.channels.get(channel)
            # A DM by its id and by its person's id (which posts there) is one conversation.
            if conversation is not None and conversation.im_user:
                channel = conversation.im_user
    return limiter.admit(request.method, spec.rate_tier, channel)


def _ratelimited(retry_after: int) -> Reply:
    # Slack's rate limit answer: 429, whole seconds in Retry-After, and this body.
    return Reply(
        429, {"ok": False, "error": "ratelimited"}, headers={"Retry-After": str(retry_after)}
    )


def _injected(injection: Injection) -> Reply:
    if injection.kind == "ratelimit":
        return _ratelimited(injection.retry_after)
    if injection.kind == "http":
        return Reply(injection.status, {"ok": False, "error": "fake_http_error"})
    return Reply(200, {"ok": False, "error": injection.error, **injection.fields})


def _run(state: SlackState, request: Request) -> dict[str, Any]:
    method, args, token = request.method, request.args, request.token
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
    ctx = Ctx(state, spec, args, info, request.basic_auth)
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
