"""The admin section's use cases on both backends, through the real gateway and the fake
Slack: who sees the settings, and setting or moving the weekly summary (refused, with
nothing changed, for anyone but an admin and on bad input)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.cleanup import repo_posts
from bot.cleanup.admin import (
    SUMMARY_CHANNEL,
    SUMMARY_DAY,
    SummaryChange,
    admin_settings,
    change_summary,
    current_settings,
    editable_settings,
)
from bot.cleanup.config import Admins, focus_day_command
from bot.cleanup.model import SummarySchedule
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.errors import KairosUserError
from bot.slack.gateway import SlackGateway
from bot.workspace.model import ChannelsMode
from bot.workspace.service import NotAnAdmin, channels_command

ADMIN, MEMBER, LISTED, GHOST = "U0ADMIN", "U0MEMBER", "U0LISTED", "U0GHOST"
TEAM, OTHER, SECRET = "C0TEAM", "C0OTHER", "G0SECRET"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ADMINS = Admins(frozenset({LISTED}))
ASKED = ("set up the weekly summary", "/kairos summary here")


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    """An admin (in New York), a member, a member the operator listed, two channels Kairos
    is in and a private one it is not."""
    fake = _fake_slack_server
    fake.reset()
    fake.add_user(ADMIN, name="admin", is_admin=True, tz="America/New_York")
    fake.add_user(MEMBER, name="member")
    fake.add_user(LISTED, name="listed", tz="Europe/Berlin")
    fake.add_channel(TEAM, name="team", members=[ADMIN, MEMBER])
    fake.add_channel(OTHER, name="other", members=[ADMIN])
    fake.add_channel(SECRET, name="secret", is_private=True, members=[ADMIN], bot_is_member=False)
    yield fake
    assert not fake.internal_errors, "\n".join(fake.internal_errors)


def _summaries(uow: UnitOfWork) -> dict[str, SummarySchedule]:
    with uow() as session:
        return {
            row.channel_id: SummarySchedule(row.weekday, row.minute, row.tz)
            for row in repo_posts.summary_channels(session)
        }


def test_only_admins_and_listed_people_get_the_settings(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    focus_day_command(uow, slack, ADMINS, user_id=ADMIN, day=4, now=NOW)
    channels_command(uow, slack, ADMIN, ChannelsMode.ALL, admin_users=ADMINS.listed, now=NOW)
    for person in (ADMIN, LISTED):
        settings = admin_settings(uow, slack, ADMINS, person)
        assert settings is not None
        assert settings.focus_day == 4
        assert settings.joining_all is True
    assert admin_settings(uow, slack, ADMINS, MEMBER) is None
    # Someone Slack does not know sees no section; the tab still renders.
    assert admin_settings(uow, slack, ADMINS, GHOST) is None
    with pytest.raises(NotAnAdmin):
        editable_settings(uow, slack, ADMINS, MEMBER, asked=ASKED)


def test_an_admin_sets_a_summary_in_their_own_time_zone(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    change_summary(uow, slack, ADMINS, ADMIN, SummaryChange(TEAM, 0, 9 * 60 + 30), now=NOW)
    assert _summaries(uow) == {TEAM: SummarySchedule(0, 570, "America/New_York")}
    settings = current_settings(uow)
    assert settings.summary(TEAM) is not None
    assert settings.summary(OTHER) is None


def test_changing_the_channel_moves_the_summary(uow: UnitOfWork, slack: SlackGateway) -> None:
    change_summary(uow, slack, ADMINS, ADMIN, SummaryChange(TEAM, 4, 900), now=NOW)
    change_summary(uow, slack, ADMINS, ADMIN, SummaryChange(OTHER, 3, 600), now=NOW)
    moved = SummaryChange(OTHER, 2, 840, replaces=TEAM)
    change_summary(uow, slack, ADMINS, LISTED, moved, now=NOW)
    assert _summaries(uow) == {OTHER: SummarySchedule(2, 840, "Europe/Berlin")}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (SummaryChange(SECRET, 4, 900, replaces=TEAM), SUMMARY_CHANNEL),
        (SummaryChange("D0DIRECT", 4, 900, replaces=TEAM), SUMMARY_CHANNEL),
        (SummaryChange(OTHER, 7, 900, replaces=TEAM), SUMMARY_DAY),
        (SummaryChange(OTHER, 4, 1440, replaces=TEAM), SUMMARY_DAY),
    ],
)
def test_bad_input_changes_nothing_and_says_where(
    uow: UnitOfWork, slack: SlackGateway, change: SummaryChange, field: str
) -> None:
    change_summary(uow, slack, ADMINS, ADMIN, SummaryChange(TEAM, 4, 900), now=NOW)
    before = _summaries(uow)
    with pytest.raises(KairosUserError) as caught:
        change_summary(uow, slack, ADMINS, ADMIN, change, now=NOW)
    assert caught.value.field == field
    assert _summaries(uow) == before


def test_a_member_is_refused_and_nothing_changes(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    change_summary(uow, slack, ADMINS, ADMIN, SummaryChange(TEAM, 4, 900), now=NOW)
    before = _summaries(uow)
    asked = len(fake_slack.calls_to("conversations.info"))
    with pytest.raises(NotAnAdmin):
        change_summary(
            uow, slack, ADMINS, MEMBER, SummaryChange(OTHER, 0, 60, replaces=TEAM), now=NOW
        )
    assert _summaries(uow) == before
    # Refused before Kairos asked Slack anything about the channel.
    assert len(fake_slack.calls_to("conversations.info")) == asked
