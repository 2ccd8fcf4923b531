"""FakeSlack's core: the app's identity and tokens, the workspace state, and the server that
serves it. The methods tests call live in the classes built on this one (slack_api.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from bot.clock import unix_seconds
from bot.demo.fake_slack.slack_http import ServerThread, build_asgi_app
from bot.demo.fake_slack.slack_records import Identity
from bot.demo.fake_slack.slack_specs import DEFAULT_METHODS_DIR, load_specs
from bot.demo.fake_slack.slack_state import SlackState
from bot.demo.fake_slack.socket_mode import SocketModeHub


class FakeSlackCore:
    """A fake Slack workspace with one app installed, reachable over real HTTP."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test-token",
        app_token: str = "xapp-test-token",
        identity: Identity | None = None,
        bot_scopes: list[str] | None = None,
        client_id: str = "1111.2222",
        client_secret: str = "fake-client-secret",
        methods_dir: Path | None = DEFAULT_METHODS_DIR,
        clock: Callable[[], float] = unix_seconds,
    ) -> None:
        """identity names the team, the app and its bot user (Identity() by default).
        bot_scopes=None lets the bot token use every scope; a list restricts it, so that
        calls needing another scope answer missing_scope. clock drives message timestamps,
        snoozes and status expiry. methods_dir falls back to a built-in table if missing."""
        self.identity = identity or Identity()
        self.bot_user_id, self.bot_id = self.identity.bot_user_id, self.identity.bot_id
        self.bot_token = bot_token
        self.app_token = app_token
        self.client_id = client_id
        self.client_secret = client_secret
        self._specs = load_specs(methods_dir)
        self._clock = clock
        self._bot_scopes = bot_scopes
        self._port = 0
        self._server: ServerThread | None = None
        self._hub = SocketModeHub(app_id=self.identity.app_id)
        self._state = self._new_state()

    def _new_state(self) -> SlackState:
        state = SlackState(specs=self._specs, identity=self.identity, clock=self._clock)
        state.client_id, state.client_secret = self.client_id, self.client_secret
        state.add_token(self.bot_token, "bot", self.bot_user_id, self._bot_scopes)
        state.add_token(self.app_token, "app", None, ["connections:write"])
        state.socket_url_factory = lambda: self._hub.issue_url(f"ws://127.0.0.1:{self._port}")
        if self._port:
            state.base_url = self.base_url
        return state

    def start(self, *, timeout: float = 10.0) -> None:
        """Listen on 127.0.0.1 (a free port) and serve from a daemon thread."""
        if self._server is not None:
            raise RuntimeError("FakeSlack is already running")
        server = ServerThread(build_asgi_app(lambda: self._state, lambda: self._hub))
        self._port = server.port
        self._state.base_url = self.base_url
        server.start(timeout=timeout)
        self._server = server

    def stop(self, *, timeout: float = 10.0) -> None:
        """Close Socket Mode connections, stop the server and join its thread."""
        server, self._server = self._server, None
        if server is not None:
            self._hub.close_all(timeout=2.0)
            server.stop(timeout=timeout)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget everything but the identity and tokens given to the constructor: users,
        channels, messages, calls, scripted failures; close Socket Mode connections."""
        self._hub.close_all(timeout=2.0)
        self._hub = SocketModeHub(app_id=self.identity.app_id)
        self._state = self._new_state()

    @property
    def base_url(self) -> str:
        if not self._port:
            raise RuntimeError("start() the fake first: its port is chosen then")
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_url(self) -> str:
        """The SLACK_API_URL / WebClient base_url: "http://127.0.0.1:PORT/api/"."""
        return f"{self.base_url}/api/"
