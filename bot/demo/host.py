"""The demo's stage: the real Kairos (composition root, migrations, scheduler) on 127.0.0.1,
the simulated Slack it talks to, and the calendar feed it reads, all in this process.

Nothing here reads the environment or a .env file: the settings are built from values,
the database is a new SQLite file in a temporary folder, and every secret is made up.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from cryptography.fernet import Fernet
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource
from sqlalchemy import Engine

from bot.clock import ScaledClock
from bot.compose import compose
from bot.db import migrate
from bot.db.engine import make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.signing import signed_headers
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.settings import Settings

# Slack gives an app three seconds to answer; the demo allows its slow first answers more.
ANSWER_SECONDS = 10.0
START_SECONDS = 30.0


class DemoError(Exception):
    """The demo could not go on; the message is one line for the person running it."""


class DemoSettings(Settings):
    """Kairos's settings for the demo: only the values given, never the environment or a
    .env file (the demo must not pick up, or touch, a real deployment's settings)."""

    # The scheduler's shortest interval: the demo's minutes pass in fractions of a second.
    kairos_sweep_seconds: int = 1

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only the values the demo passes in."""
        return (init_settings,)


def demo_settings(fake: FakeSlack, database_url: str, admin: str) -> DemoSettings:
    """Settings for a Kairos that talks to the fake Slack and may read a loopback calendar."""
    return DemoSettings(
        slack_bot_token=fake.bot_token,
        slack_signing_secret=secrets.token_hex(16),
        slack_api_url=fake.api_url,
        database_url=database_url,
        host="127.0.0.1",
        kairos_admin_users=admin,
        kairos_encryption_key=Fernet.generate_key().decode(),
        # The demo's calendar is served on 127.0.0.1 over plain http.
        kairos_allow_private_urls=True,
    )


class FeedServer:
    """One calendar feed over http on 127.0.0.1, from a daemon thread."""

    def __init__(self, body: bytes) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None  # the demo's terminal shows the story, not access logs

            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The feed's address (a secret-looking path, as calendar providers hand out)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/private-7f3a9c/basic.ics"

    def start(self) -> None:
        """Serve from a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()


class Kairos:
    """The real Kairos app, served by uvicorn on 127.0.0.1 from a thread, with its lifespan
    (scheduler included) running; requests reach it signed as Slack signs them."""

    def __init__(self, settings: DemoSettings, clock: ScaledClock) -> None:
        self.settings = settings
        self.clock = clock
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._http = httpx.Client(timeout=ANSWER_SECONDS, trust_env=False)

    def start(self) -> None:
        """Migrate the database, compose Kairos, serve it, and wait until it is healthy."""
        migrate.upgrade(self.settings.database_url)
        app = compose(self.settings, use_socket_mode=False, clock=self.clock)
        config = uvicorn.Config(app, log_config=None, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + START_SECONDS
        while not self._healthy():
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise DemoError("Kairos did not start; its log says why")
            time.sleep(0.05)

    def _healthy(self) -> bool:
        try:
            return self._http.get(f"{self.base_url}/healthz").status_code == 200
        except httpx.TransportError:
            return False

    def stop(self) -> None:
        """Stop serving; the lifespan stops the scheduler and closes the database."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(START_SECONDS)
        self._sock.close()
        self._http.close()

    @property
    def base_url(self) -> str:
        """Where Kairos listens."""
        return f"http://127.0.0.1:{self.port}"

    def post(self, body: str) -> dict[str, Any]:
        """POST a body to Slack's request URL, signed as Slack signs it; Kairos's answer
        (the ack's JSON, or {} for an empty ack)."""
        secret = self.settings.slack_signing_secret.get_secret_value()
        try:
            response = self._http.post(
                f"{self.base_url}/slack/events", content=body, headers=signed_headers(secret, body)
            )
        except httpx.HTTPError as error:
            raise DemoError(f"Kairos did not answer a request from Slack ({error})") from None
        if response.status_code != 200:
            raise DemoError(f"Kairos answered a request from Slack with {response.status_code}")
        if not response.content:
            return {}
        answer: dict[str, Any] = json.loads(response.content)
        return answer

    def unit_of_work(self) -> tuple[UnitOfWork, Engine]:
        """A unit of work on Kairos's database, for setting up the workspace's history."""
        engine = make_engine(self.settings.database_url)
        return UnitOfWork(make_session_factory(engine), self.clock), engine


def sqlite_url(folder: Path) -> str:
    """A new SQLite database in folder."""
    return f"sqlite:///{folder / 'kairos-demo.db'}"
