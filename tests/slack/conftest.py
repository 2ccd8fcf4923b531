"""Fixtures for the tests of the fake Slack itself, which check that it behaves like Slack
where the bot can tell: through slack_sdk over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.demo.fake_slack.slack_api import FakeSlack

# slack_sdk sends every request (Socket Mode included) through these if set, ignoring
# NO_PROXY, so a proxy in the environment would swallow calls meant for 127.0.0.1.
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")


@pytest.fixture(scope="session")
def _fake_slack_server() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def fake_slack(
    _fake_slack_server: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeSlack]:
    """A running fake Slack with an empty workspace (one server, reset for each test)."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    _fake_slack_server.reset()
    yield _fake_slack_server
    assert not _fake_slack_server.internal_errors, "\n".join(_fake_slack_server.internal_errors)


@pytest.fixture
def bot_client(fake_slack: FakeSlack) -> WebClient:
    """A WebClient with the bot token, pointed at the fake (as SLACK_API_URL would)."""
    return WebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url, timeout=5)


@pytest.fixture
def workspace(fake_slack: FakeSlack) -> FakeSlack:
    """Two people in #general with the bot, a private channel without it."""
    fake_slack.add_user("U1", name="ada", real_name="Ada Lovelace", email="ada@example.com")
    fake_slack.add_user("U2", name="alan", tz="America/New_York", email="alan@example.com")
    fake_slack.add_channel("C1", name="general", members=["U1", "U2"])
    fake_slack.add_channel(
        "G1", name="secret", is_private=True, members=["U1"], bot_is_member=False
    )
    return fake_slack
