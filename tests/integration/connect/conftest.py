"""Connect's integration tests: one clock for the module-scoped fake Slack, Alice and Bob,
and the service through the real gateway (shared by the service and forget-me tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.clock import FakeClock
from bot.connect import tables  # noqa: F401 - registers user_connections
from bot.connect.crypto import TokenCipher
from bot.connect.service import ConnectService
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.integration.connect.connect_world import (
    ALICE,
    BOB,
    KEY,
    MONDAY_0900_UTC,
    REDIRECT,
    World,
)

# One clock for the folder: the fake Slack (module-scoped) and each test read it.
CLOCK = FakeClock(MONDAY_0900_UTC)


@pytest.fixture
def clock() -> FakeClock:
    """The clock, back at Monday 09:00 UTC (overrides the shared fixture)."""
    CLOCK.set(MONDAY_0900_UTC)
    return CLOCK


@pytest.fixture(scope="module")
def _fake_slack_server() -> Iterator[FakeSlack]:
    with FakeSlack(clock=lambda: CLOCK.now().timestamp()) as fake:
        yield fake


@pytest.fixture
def fake_slack(clock: FakeClock, fake_slack: FakeSlack) -> FakeSlack:
    """The fake Slack, emptied once the clock is back at Monday, with Alice and Bob."""
    fake_slack.add_user(ALICE, name="alice", tz="Europe/Amsterdam")
    fake_slack.add_user(BOB, name="bob", tz="Europe/Amsterdam")
    return fake_slack


@pytest.fixture
def service(fake_slack: FakeSlack) -> ConnectService:
    """Connect as configured in production, with this folder's key."""
    return ConnectService(
        client_id=fake_slack.client_id, redirect_uri=REDIRECT, cipher=TokenCipher(KEY)
    )


@pytest.fixture
def w(uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, service: ConnectService) -> World:
    """Alice and Bob's world: the unit of work, the clock, the fake Slack and Connect."""
    return World(uow, clock, fake_slack, service)
