"""A running `kairos` subprocess per backend, talking to the fake Slack, driven as Slack would."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, Select

from bot.db.engine import make_engine
from bot.demo.fake_slack.signing import signed_headers
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.conftest import BACKENDS
from tests.support import databases
from tests.support.feeds import FeedServer
from tests.support.process import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    KairosProcess,
    base_environment,
    free_port,
)
from tests.unit.meetings.ics_helpers import calendar

# Slack gives up on a request after three seconds and retries it.
SLACK_TIMEOUT = 3.0


@pytest.fixture(scope="module")
def fake_slack() -> Iterator[FakeSlack]:
    """The fake Slack Web API (and Socket Mode endpoint) on 127.0.0.1."""
    fake = FakeSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN)
    fake.start()
    try:
        yield fake
        assert not fake.internal_errors, "\n".join(fake.internal_errors)
    finally:
        fake.stop()


@pytest.fixture(scope="module", params=BACKENDS)
def e2e_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database: `kairos run` must migrate it itself."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'kairos.db'}"
        return
    postgres_url = request.getfixturevalue("postgres_url")
    if postgres_url is None:
        pytest.skip("no PostgreSQL available")
    schema_url = databases.create_schema(postgres_url)
    try:
        yield schema_url
    finally:
        databases.drop_schema(postgres_url, schema_url)


@dataclass
class RunningKairos:
    """A kairos process and the ways Slack talks to it."""

    process: KairosProcess
    port: int
    database_url: str
    env: dict[str, str]

    @property
    def events_url(self) -> str:
        """Slack's request URL."""
        return f"http://127.0.0.1:{self.port}/slack/events"

    def post_signed(
        self, body: str, *, content_type: str, timestamp: int | None = None
    ) -> httpx.Response:
        """POST a body signed exactly as Slack signs it."""
        headers = signed_headers(
            SIGNING_SECRET, body, timestamp=timestamp, content_type=content_type
        )
        return httpx.post(self.events_url, content=body, headers=headers, timeout=SLACK_TIMEOUT)

    def post_json(self, payload: dict[str, Any], **kwargs: Any) -> httpx.Response:
        """An Events API delivery."""
        return self.post_signed(json.dumps(payload), content_type="application/json", **kwargs)

    def post_form(self, body: str) -> httpx.Response:
        """A slash command or interactivity delivery."""
        return self.post_signed(body, content_type="application/x-www-form-urlencoded")

    def engine(self) -> Engine:
        """An engine on the process's database, for checking what it stored."""
        return make_engine(self.database_url)

    def scalars(self, statement: Select[Any]) -> list[Any]:
        """What a query finds in the process's database now."""
        engine = self.engine()
        try:
            with engine.connect() as connection:
                return list(connection.scalars(statement))
        finally:
            engine.dispose()

    def wait_for_output(self, text: str, timeout: float = 5.0) -> str:
        """Wait until the process has printed a line containing text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            output = self.process.output()
            if text in output:
                return output
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not in output:\n{self.process.output()}")


def start_kairos(
    fake: FakeSlack, database_url: str, cwd: Path, *, socket_mode: bool = False, **extra: str
) -> RunningKairos:
    """Start `kairos run` against the fake and wait until it is healthy."""
    port = free_port()
    # The fake Slack keeps no rate limits unless a test sets them; paced at Slack's own
    # rates, a sweep joining the many channels a module's tests made outlasts their waits.
    extra.setdefault("KAIROS_SLACK_RATE_SCALE", "20")
    if not database_url.startswith("sqlite"):
        # PostgreSQL needs the key set (on SQLite Kairos makes one beside the database).
        extra.setdefault("KAIROS_ENCRYPTION_KEY", Fernet.generate_key().decode())
    env = base_environment(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        DATABASE_URL=database_url,
        LOG_LEVEL="DEBUG",
        **({"SLACK_APP_TOKEN": APP_TOKEN} if socket_mode else {}),
        **extra,
    )
    args = ["run", "--port", str(port)] if socket_mode else ["run", "--http", "--port", str(port)]
    process = KairosProcess(args, env, cwd)
    try:
        process.wait_healthy(port)
    except AssertionError:
        process.cleanup()
        raise
    return RunningKairos(process=process, port=port, database_url=database_url, env=env)


def stop_and_show(running: RunningKairos) -> None:
    """Stop the process, printing the end of its log (pytest shows it when a test failed)."""
    running.process.stop()
    print("\n".join(running.process.output().splitlines()[-150:]))
    running.process.cleanup()


@contextmanager
def running_kairos(
    fake: FakeSlack, database_url: str, cwd: Path, **extra: str
) -> Iterator[RunningKairos]:
    """start_kairos for the length of a block, stopped (with its log shown) after it."""
    running = start_kairos(fake, database_url, cwd, **extra)
    try:
        yield running
    finally:
        stop_and_show(running)


def kairos_fixture(folder: str, **settings: str) -> Any:  # pytest keeps its fixture type private
    """A module's `kairos` fixture: `kairos run --http` with these settings on each backend,
    started for the module's first test and stopped (its log shown) after its last.

        kairos = kairos_fixture("meetings", **with_calendars())
    """

    @pytest.fixture(scope="module", name="kairos")
    def fixture(
        fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[RunningKairos]:
        cwd = tmp_path_factory.mktemp(folder)
        with running_kairos(fake_slack, e2e_database_url, cwd, **settings) as running:
            yield running

    return fixture


def with_connect(fake: FakeSlack, public_url: str) -> dict[str, str]:
    """Settings that turn Connect on against the fake Slack's OAuth app, sweeping often."""
    return {
        "KAIROS_SWEEP_SECONDS": "5",
        "SLACK_CLIENT_ID": fake.client_id,
        "SLACK_CLIENT_SECRET": fake.client_secret,
        "KAIROS_PUBLIC_URL": public_url,
        "KAIROS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }


def wait_until(pred: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll until pred() is truthy and return it (work after the ack runs in the
    background); fails after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = pred()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError("timed out")


def with_encryption_key() -> dict[str, str]:
    """Settings that turn calendars on, sweeping seldom enough to stay out of a test's way."""
    return {
        "KAIROS_SWEEP_SECONDS": "60",
        "KAIROS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }


@pytest.fixture(scope="module")
def kairos_http(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """`kairos run --http` on each backend."""
    running = start_kairos(fake_slack, e2e_database_url, tmp_path_factory.mktemp("cwd"))
    try:
        yield running
    finally:
        stop_and_show(running)


@pytest.fixture(scope="module")
def feeds() -> Iterator[FeedServer]:
    """Calendar feeds over HTTPS on loopback, for the modules that connect calendars."""
    server = FeedServer()
    server.start()
    yield server
    server.stop()


def with_calendars() -> dict[str, str]:
    """Settings for calendar feeds: an encryption key, feeds from loopback allowed, and a
    sweep every five seconds."""
    return {
        "KAIROS_SWEEP_SECONDS": "5",
        "KAIROS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "KAIROS_ALLOW_PRIVATE_URLS": "true",
    }


def start_kairos_with_calendars(
    fake: FakeSlack, database_url: str, folder: Path, **extra: str
) -> RunningKairos:
    """Kairos with calendar feeds on (with_calendars)."""
    return start_kairos(fake, database_url, folder, **with_calendars(), **extra)


def ics_stamp(moment: datetime) -> str:
    """An iCalendar UTC date-time, to the minute."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M00Z")


def meeting_invite(organizer_email: str, title: str, uid: str) -> bytes:
    """An .ics of one 25-minute meeting three days from now, on the hour, accepted by its
    organizer and by someone@acme.test."""
    # Real time: the kairos process reads its calendars against its own clock.
    start = (datetime.now(UTC) + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    event = (
        f"UID:{uid}\nDTSTART:{ics_stamp(start)}\nDTEND:{ics_stamp(start + timedelta(minutes=25))}\n"
        f"SUMMARY:{title}\nORGANIZER:mailto:{organizer_email}\n"
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{organizer_email}\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:someone@acme.test\n"
    )
    return calendar(event).encode()
