"""Fixtures for the calendar-feed tests: a fake Slack, Calendars on real HTTP, a feed server.

A test module may define its own (test_nudges.py does, with other people in its Slack).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.connect.crypto import TokenCipher
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.meetings.feeds.fetcher import HttpFeedFetcher
from bot.meetings.service import Calendars
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from tests.integration.meetings.feed_kit import ALICE, BOB, KEY


@pytest.fixture(scope="module")
def _fake_slack_server() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> FakeSlack:
    _fake_slack_server.reset()
    _fake_slack_server.add_user(ALICE, name="alice")
    _fake_slack_server.add_user(BOB, name="bob")
    return _fake_slack_server


@pytest.fixture
def cal(uow: UnitOfWork, fake_slack: FakeSlack) -> Iterator[Calendars]:
    slack = SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url))
    fetcher = HttpFeedFetcher(allow_private=True)
    yield Calendars(uow=uow, cipher=TokenCipher(KEY), fetcher=fetcher, slack=slack)
    fetcher.close()
