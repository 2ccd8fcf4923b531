"""Fixtures of the cleanup tests."""

from __future__ import annotations

import pytest

from bot.cleanup.posting import Summaries
from bot.cleanup.service import SummaryOptions
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.gateway import SlackGateway
from tests.integration.cleanup.summary_setup import add_people


@pytest.fixture
def summaries(uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack) -> Summaries:
    """The weekly summaries on the real gateway, in summary_setup's workspace, at 100 EUR an
    attendee-hour."""
    add_people(fake_slack)
    return Summaries(uow, slack, SummaryOptions(hourly_rate=100.0, currency="EUR"))
