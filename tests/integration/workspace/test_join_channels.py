"""Joining every public channel: who may turn it on, and the sweep that joins, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from bot.workspace import repo
from bot.workspace.model import JOIN_ALL, ChannelsMode
from bot.workspace.service import (
    JOINS_PER_SWEEP,
    NotAnAdmin,
    channels_command,
    join_if_enabled,
    join_sweep,
)

ADMIN, MEMBER, LISTED = "U0ADMIN", "U0MEMBER", "U0LISTED"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    """An empty workspace with an admin, a member, and a member the operator listed."""
    _fake_slack_server.reset()
    _fake_slack_server.add_user(ADMIN, name="admin", is_admin=True)
    _fake_slack_server.add_user(MEMBER, name="member")
    _fake_slack_server.add_user(LISTED, name="listed")
    yield _fake_slack_server
    assert not _fake_slack_server.internal_errors, "\n".join(_fake_slack_server.internal_errors)


@pytest.fixture
def slack(fake_slack: FakeSlack) -> SlackGateway:
    return SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url))


def _bot_in(fake: FakeSlack, channel_id: str) -> bool:
    return fake.bot_user_id in fake.members(channel_id)


def _setting(uow: UnitOfWork) -> str | None:
    with uow() as session:
        return repo.get(session, JOIN_ALL)


def _command(
    uow: UnitOfWork, slack: SlackGateway, user: str, mode: ChannelsMode, admins: frozenset[str]
) -> str:
    return channels_command(uow, slack, user, mode, admin_users=admins, now=NOW).text


def test_a_member_may_not_turn_it_on_and_nothing_changes(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    with pytest.raises(NotAnAdmin) as raised:
        _command(uow, slack, MEMBER, ChannelsMode.ALL, frozenset())
    assert "admin" in raised.value.user_text()
    assert _setting(uow) is None
    fake_slack.add_channel("C0QUIET", name="quiet", bot_is_member=False)
    assert join_sweep(uow, slack, NOW) == 0
    assert not _bot_in(fake_slack, "C0QUIET")


def test_admin_and_listed_people_may_change_it(uow: UnitOfWork, slack: SlackGateway) -> None:
    text = _command(uow, slack, ADMIN, ChannelsMode.ALL, frozenset())
    assert "every public channel" in text
    assert "Private channels need an invitation" in text
    assert _setting(uow) == "on"
    _command(uow, slack, LISTED, ChannelsMode.INVITED, frozenset({LISTED}))
    assert _setting(uow) == "off"


def test_showing_the_setting_needs_no_admin(uow: UnitOfWork, slack: SlackGateway) -> None:
    text = _command(uow, slack, MEMBER, ChannelsMode.SHOW, frozenset())
    assert "only in the channels it was invited to" in text
    assert "direct messages between people are never seen" in text


def test_sweep_joins_every_public_channel_across_pages_and_sweeps(
    uow: UnitOfWork, clock: FakeClock, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    # More than one conversations.list page (200) and more than one sweep's worth of joins.
    count = 230
    for i in range(count):
        fake_slack.add_channel(f"C{i:05d}", name=f"team-{i}", bot_is_member=False)
    fake_slack.add_channel("C0OLD", name="old", bot_is_member=False, is_archived=True)
    fake_slack.add_channel("G0SECRET", name="secret", is_private=True, bot_is_member=False)
    fake_slack.add_channel("C0MINE", name="mine")
    _command(uow, slack, ADMIN, ChannelsMode.ALL, frozenset())

    sweeps = 0
    while join_sweep(uow, slack, NOW + timedelta(seconds=sweeps)):
        sweeps += 1
    assert sweeps == -(-count // JOINS_PER_SWEEP)
    assert all(_bot_in(fake_slack, f"C{i:05d}") for i in range(count))
    assert not _bot_in(fake_slack, "C0OLD")
    assert not _bot_in(fake_slack, "G0SECRET")
    assert len(fake_slack.calls_to("conversations.join")) == count

    # Done: no listing again until a day has passed, then a new pass finds a missed channel.
    listed = len(fake_slack.calls_to("conversations.list"))
    fake_slack.add_channel("C0MISSED", name="missed", bot_is_member=False)
    assert join_sweep(uow, slack, NOW + timedelta(hours=1)) == 0
    assert len(fake_slack.calls_to("conversations.list")) == listed
    assert join_sweep(uow, slack, NOW + timedelta(days=1, hours=1)) == 1
    assert _bot_in(fake_slack, "C0MISSED")


def test_turned_off_it_joins_nothing_new(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    _command(uow, slack, ADMIN, ChannelsMode.ALL, frozenset())
    _command(uow, slack, ADMIN, ChannelsMode.INVITED, frozenset())
    fake_slack.add_channel("C0NEW", name="new", bot_is_member=False)
    assert not join_if_enabled(uow, slack, "C0NEW")
    assert join_sweep(uow, slack, NOW) == 0
    assert not _bot_in(fake_slack, "C0NEW")
    assert fake_slack.calls_to("conversations.join") == []


def test_new_channel_is_joined_when_on(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    _command(uow, slack, ADMIN, ChannelsMode.ALL, frozenset())
    fake_slack.add_channel("C0NEW", name="new", bot_is_member=False)
    assert join_if_enabled(uow, slack, "C0NEW")
    assert _bot_in(fake_slack, "C0NEW")
    # A channel deleted before Kairos got to it is no error.
    assert not join_if_enabled(uow, slack, "C0GONE")
