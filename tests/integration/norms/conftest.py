"""Fixtures of the question tests: the people and channels (asking.py names them)."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.norms import repo as norms_repo
from bot.norms.model import ChannelKind, Norms
from tests.integration.norms.asking import ANA, BOB, CAROL, HOUR, MONDAY, QUIET, ROOM


@pytest.fixture
def room(fake_slack: FakeSlack) -> FakeSlack:
    """Ana, Bob and Carol in a channel with a one-hour response time, and in one without."""
    fake_slack.reset()
    for user in (ANA, BOB, CAROL):
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    for channel in (ROOM, QUIET):
        fake_slack.add_channel(channel, name=channel.lower(), members=[ANA, BOB, CAROL])
    return fake_slack


@pytest.fixture
def norms(uow: UnitOfWork, clock: FakeClock) -> None:
    """ROOM answers within one working hour; QUIET has norms without a response time."""
    clock.set(MONDAY)
    with uow() as session:
        norms_repo.put(session, ROOM, Norms("Billing", ChannelKind.ASYNC, HOUR), BOB, MONDAY)
        norms_repo.put(session, QUIET, Norms("Chat", ChannelKind.ASYNC), BOB, MONDAY)
