"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway


@pytest.fixture(scope="module")
def _fake_slack_server() -> Iterator[FakeSlack]:
    """One fake Slack server per test module; a module's own fixture may replace it."""
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    """The module's fake Slack, emptied for this test; a bug inside the fake fails the test.

    A module adds its people and channels by overriding this fixture with one of the same
    name that takes it as an argument (pytest hands the override this one).
    """
    _fake_slack_server.reset()
    yield _fake_slack_server
    assert not _fake_slack_server.internal_errors, "\n".join(_fake_slack_server.internal_errors)


@pytest.fixture
def slack(fake_slack: FakeSlack) -> SlackGateway:
    """The real Slack gateway, talking to the fake Slack over HTTP."""
    return SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url))
