"""The check-in tests' fake Slack: the organizer and three people, in the team's channel."""

from __future__ import annotations

import pytest

from bot.demo.fake_slack.slack_api import FakeSlack
from tests.integration.checkins.building import MEMBERS, TEAM


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """The organizer and three people in Amsterdam, all in the team's channel; a module adds
    to them by overriding this fixture with one of the same name that takes it."""
    for user in MEMBERS:
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake_slack.add_channel(TEAM, name="team", members=MEMBERS)
    return fake_slack
