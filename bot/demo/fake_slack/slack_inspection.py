"""What a test reads back from the fake Slack: the calls it answered, and the workspace as they
left it (messages, views, users, DND), with waits for what comes later."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any, Literal

from bot.demo.fake_slack.slack_core import FakeSlackCore
from bot.demo.fake_slack.slack_records import Call, ts_key
from bot.demo.fake_slack.slack_workspace import dnd_status


class Inspection(FakeSlackCore):
    """FakeSlack's methods for checking what happened."""

    # ---- calls and response_urls

    @property
    def calls(self) -> list[Call]:
        """Every Web API call so far, oldest first (a snapshot)."""
        with self._state.lock:
            return list(self._state.calls)

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of exceptions inside the fake (answered as HTTP 500 fake_slack_bug).
        A fixture should assert this is empty at teardown."""
        with self._state.lock:
            return list(self._state.internal_errors)

    def rate_limited(self) -> dict[str, int]:
        """How many calls of each method Slack's rate limits (set_rate_limits) answered with
        429; the 429s scripted by rate_limit_next are not counted here."""
        limiter = self._state.limiter
        return {} if limiter is None else limiter.refused()

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def wait_for_call(
        self,
        method: str,
        timeout: float = 5.0,
        predicate: Callable[[Call], bool] | None = None,
        *,
        after: int = 0,
    ) -> Call:
        """The first call of method (from index `after` of calls on) matching predicate,
        waiting for it if need be. Use after=len(fake.calls) to wait for a new call."""
        deadline = time.monotonic() + timeout
        with self._state.changed:
            while True:
                for call in self._state.calls[after:]:
                    if call.method == method and (predicate is None or predicate(call)):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [
                        f"{c.method} -> {c.response.get('error') or c.status}"
                        for c in self._state.calls[after:]
                    ]
                    raise AssertionError(
                        f"no matching {method} call within {timeout}s; calls seen: {seen or 'none'}"
                    )
                self._state.changed.wait(remaining)

    def responses(self, response_url: str) -> list[dict[str, Any]]:
        """The JSON bodies posted to a response_url (or its id), oldest first."""
        response_id = response_url.rstrip("/").rsplit("/", 1)[-1]
        with self._state.lock:
            return copy.deepcopy(self._state.responses.get(response_id, []))

    def wait_for_response(
        self, response_url: str, *, count: int = 1, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Wait until `count` bodies have been posted to the response_url; return them all."""
        deadline = time.monotonic() + timeout
        with self._state.changed:
            while len(posts := self.responses(response_url)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"{len(posts)} of {count} posts to {response_url} within {timeout}s"
                    )
                self._state.changed.wait(remaining)
            return posts

    # ---- the workspace now

    @property
    def messages(self) -> dict[str, list[dict[str, Any]]]:
        """Each channel's messages (replies included), oldest first (a deep copy)."""
        with self._state.lock:
            return {cid: copy.deepcopy(c.messages) for cid, c in self._state.channels.items()}

    def messages_in(self, channel_id: str) -> list[dict[str, Any]]:
        return self.messages.get(channel_id, [])

    def last_message(self, channel_id: str) -> dict[str, Any]:
        messages = self.messages_in(channel_id)
        if not messages:
            raise AssertionError(f"no messages in {channel_id}")
        return max(messages, key=lambda m: ts_key(m["ts"]))

    @property
    def ephemeral_messages(self) -> list[dict[str, Any]]:
        """chat.postEphemeral messages, each with its channel and user."""
        with self._state.lock:
            return copy.deepcopy(self._state.ephemeral)

    @property
    def scheduled_messages(self) -> list[dict[str, Any]]:
        with self._state.lock:
            return copy.deepcopy(self._state.scheduled)

    def views_for(self, user_id: str) -> list[dict[str, Any]]:
        """Views opened, pushed to the Home tab or updated for a user, oldest first."""
        with self._state.lock:
            return [copy.deepcopy(v) for u, v in self._state.view_log if u == user_id]

    def last_view(
        self, user_id: str, *, view_type: Literal["home", "modal"] | None = None
    ) -> dict[str, Any] | None:
        views = [v for v in self.views_for(user_id) if view_type in (None, v["type"])]
        return views[-1] if views else None

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The Home tab currently published for a user."""
        with self._state.lock:
            view_id = self._state.home_views.get(user_id)
            return copy.deepcopy(self._state.views[view_id]) if view_id else None

    @property
    def uploaded_files(self) -> dict[str, tuple[dict[str, Any], bytes]]:
        """Every completed upload by id: its record (name, title, user, channels shared to,
        alt_txt) and its bytes."""
        with self._state.lock:
            return {
                file_id: (copy.deepcopy(record), self._state.file_contents.get(file_id, b""))
                for file_id, record in self._state.files.items()
            }

    def user(self, user_id: str) -> dict[str, Any]:
        """A user as users.info shows it now (profile status included)."""
        return self._state.user_view(user_id, with_email=True)

    def members(self, channel_id: str) -> list[str]:
        """Who is in a conversation now (the bot included, if it is)."""
        with self._state.lock:
            return list(self._state.channels[channel_id].members)

    def dnd(self, user_id: str) -> dict[str, Any]:
        """A user's DND state as dnd.info shows it."""
        with self._state.lock:
            return dnd_status(self._state, user_id)
