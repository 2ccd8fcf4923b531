"""What a test sets up in the fake Slack: its people, channels, messages and files, OAuth codes,
trigger ids and response_urls, and the failures the next calls are to meet."""

from __future__ import annotations

import copy
import random
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Unpack

from bot.clock import unix_seconds
from bot.demo.fake_slack.slack_channels import channel_object, open_conversation
from bot.demo.fake_slack.slack_core import FakeSlackCore
from bot.demo.fake_slack.slack_files import FileFields, add_file_record
from bot.demo.fake_slack.slack_limits import Limiter, RateLimits
from bot.demo.fake_slack.slack_methods import Ctx
from bot.demo.fake_slack.slack_records import Injection
from bot.demo.fake_slack.slack_state import UserFields


class Scripting(FakeSlackCore):
    """FakeSlack's methods for arranging a test."""

    # ---- failures

    def fail_next(
        self,
        method: str,
        error: str,
        *,
        times: int = 1,
        only: Mapping[str, str] | None = None,
        **fields: Any,
    ) -> None:
        """Answer the next `times` calls of method with HTTP 200 {"ok": false, "error": ...}
        plus any extra fields (e.g. needed="chat:write"); with `only`, just the calls whose
        arguments include those (only={"channel": "D1"}: one conversation fails)."""
        injection = Injection("error", times, error=error, fields=fields, only=dict(only or {}))
        self._inject(method, injection)

    def rate_limit_next(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls with HTTP 429, Retry-After: retry_after."""
        self._inject(method, Injection("ratelimit", times, retry_after=retry_after))

    def http_error_next(self, method: str, *, status: int = 503, times: int = 1) -> None:
        """Answer the next `times` calls with a bare HTTP error (Slack having an outage)."""
        self._inject(method, Injection("http", times, status=status))

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Answer the next `times` calls normally, but only after `seconds` (the call is
        recorded, and its effects happen, when it arrives)."""
        self._inject(method, Injection("delay", times, seconds=seconds))

    def fail_share(
        self,
        method: str,
        calls: int,
        *,
        errors: float = 0.0,
        timeouts: float = 0.0,
        status: int = 503,
        timeout_after: float = 12.0,
        seed: int = 0,
    ) -> int:
        """Of the next `calls` calls of method, answer a share `errors` with a bare HTTP
        `status` (nothing happens), and a share `timeouts` only after `timeout_after` seconds,
        past a client's timeout (the call takes effect; the caller never hears). Which calls
        is chosen at random, the same for the same seed; the others are answered normally.
        Returns how many fail."""
        chosen = random.Random(seed).sample(range(calls), round((errors + timeouts) * calls))
        erring = set(chosen[: round(errors * calls)])
        previous = -1
        for index in sorted(chosen):
            if index - previous > 1:
                # A delay of nothing: the calls in between are answered as usual.
                self._inject(method, Injection("delay", index - previous - 1, seconds=0.0))
            failure = Injection("delay", 1, seconds=timeout_after)
            if index in erring:
                failure = Injection("http", 1, status=status)
            self._inject(method, failure)
            previous = index
        return len(chosen)

    def set_rate_limits(
        self, limits: RateLimits | None, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        """Answer calls beyond Slack's rate limits with HTTP 429 and Retry-After, as Slack
        does, from full buckets now; None turns them off (the default; reset() does too).
        monotonic is the clock the buckets refill by. A refused call changes nothing."""
        limiter = None if limits is None else Limiter(limits, monotonic=monotonic)
        with self._state.lock:
            self._state.limiter = limiter

    def _inject(self, method: str, injection: Injection) -> None:
        with self._state.lock:
            self._state.injections.setdefault(method, []).append(injection)

    # ---- the workspace

    def add_user(self, user_id: str, *, name: str, **fields: Unpack[UserFields]) -> dict[str, Any]:
        """Add a member; returns the user object as users.info shows it (with email)."""
        return self._state.add_user(user_id, name=name, **fields)

    def add_user_token(self, token: str, user_id: str, scopes: list[str]) -> None:
        """Register a user token (xoxp-...) of user_id with exactly these scopes."""
        with self._state.lock:
            if user_id not in self._state.users:
                raise KeyError(f"add_user({user_id!r}) first")
        self._state.add_token(token, "user", user_id, scopes)

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        is_private: bool = False,
        members: list[str] | None = None,
        bot_is_member: bool = True,
        topic: str = "",
        purpose: str = "",
        is_archived: bool = False,
    ) -> dict[str, Any]:
        """Add a channel with these human members (and the bot unless bot_is_member=False);
        returns it as conversations.info shows it."""
        people = list(members or [])
        if bot_is_member:
            people.append(self.bot_user_id)
        channel = self._state.add_channel(
            channel_id,
            name=name,
            kind="private" if is_private else "public",
            members=people,
            creator=people[0] if people else self.bot_user_id,
            topic=topic,
            purpose=purpose,
            is_archived=is_archived,
        )
        with self._state.lock:
            return channel_object(self._bot_ctx("conversations.info"), channel)

    def open_dm(self, user_id: str) -> str:
        """The id of the bot's DM with a user (what conversations.open would answer)."""
        with self._state.lock:
            return open_conversation(self._bot_ctx("conversations.open"), [user_id])[0].id

    def _bot_ctx(self, method: str) -> Ctx:
        """A call of method by the bot, for answering as that method would."""
        state = self._state
        return Ctx(state, state.specs[method], {}, state.tokens[self.bot_token])

    def add_message(
        self,
        channel_id: str,
        *,
        user: str,
        text: str,
        ts: str | None = None,
        thread_ts: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Put a message from a person into a channel's history (e.g. for digests)."""
        state = self._state
        with state.lock:
            channel = state.channels[channel_id]
            message: dict[str, Any] = {
                "user": user,
                "type": "message",
                "ts": ts or state.next_ts(),
                "text": text,
                "team": state.identity.team_id,
                **fields,
            }
            if thread_ts:
                message["thread_ts"] = thread_ts
            state.add_message(channel, message)
            return copy.deepcopy(message)

    def add_usergroup(self, usergroup_id: str, users: list[str]) -> None:
        with self._state.lock:
            self._state.usergroups[usergroup_id] = list(users)

    def add_file(
        self, file_id: str, *, name: str, content: bytes, user: str, **fields: Unpack[FileFields]
    ) -> dict[str, Any]:
        """Register a file; files.info returns it and its url_private(_download) serve
        `content` to requests with a valid token. Call after start() (URLs need the port)."""
        with self._state.lock:
            return add_file_record(
                self._state, file_id, name=name, content=content, user=user, **fields
            )

    # ---- what Slack hands an app

    def add_oauth_code(
        self,
        code: str,
        *,
        user_id: str,
        scopes: list[str],
        token: str | None = None,
        redirect_uri: str = "",
        bot_scopes: list[str] | None = None,
    ) -> str:
        """Make oauth.v2.access exchange `code` (once) for a user token of user_id; returns
        that token. With bot_scopes the answer also carries the bot token, as an install."""
        issued = token or f"xoxp-{uuid.uuid4().hex[:24]}"
        with self._state.lock:
            self._state.oauth_codes[code] = {
                "user_id": user_id,
                "scopes": list(scopes),
                "token": issued,
                "redirect_uri": redirect_uri,
                "bot_token": self.bot_token if bot_scopes is not None else "",
                "bot_scopes": list(bot_scopes or []),
            }
        return issued

    def new_trigger_id(self, user_id: str) -> str:
        """A trigger_id (as in an interaction payload) that views.open will attribute to
        user_id. Unregistered trigger ids work too, but their views have no known user."""
        trigger = f"{int(unix_seconds())}.{uuid.uuid4().int % 10**10}.{uuid.uuid4().hex[:32]}"
        with self._state.lock:
            self._state.triggers[trigger] = user_id
        return trigger

    def new_response_url(self) -> str:
        """A response_url for a slash command or interaction payload; JSON posted to it is
        kept and listed by responses()."""
        response_id = uuid.uuid4().hex
        with self._state.lock:
            self._state.responses[response_id] = []
        return f"{self.base_url}/response/{response_id}"
