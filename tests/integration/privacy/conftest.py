"""Fixtures of the privacy tests: Alice, Bob and Carol on the fake Slack, and their data."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.gateway import SlackGateway
from tests.integration.privacy.world import add_people, build


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """The module's fake Slack with Alice, Bob and Carol as members."""
    add_people(fake_slack)
    return fake_slack


@pytest.fixture
def world(uow: UnitOfWork, slack: SlackGateway, clock: FakeClock) -> None:
    """Alice's and Bob's data in every table that can hold any."""
    build(uow, slack, clock.now())
