"""`/kairos language` on SQLite and PostgreSQL, against the fake Slack: who may set a channel's
language (as for its norms), what is stored, the default, and the refusals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.i18n import speaking
from bot.i18n.languages import Language
from bot.norms.gateway import NormsGateway
from bot.privacy import repo as privacy_repo
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from bot.workspace.language_service import (
    MayNotSetLanguage,
    NotAChannelForLanguage,
    NotInChannelForLanguage,
    change_channel_language,
    show_channel_language,
)
from bot.workspace.languages import channel_language, stored_channel_language
from bot.workspace.tables import ChannelLanguage

CREATOR, MEMBER, ADMIN, LISTED = "U0CREATOR", "U0MEMBER", "U0ADMIN", "U0LISTED"
TEAM, OTHER, OUTSIDE, DM = "C0TEAM", "C0OTHER", "G0OUTSIDE", "D0DIRECT"


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    """A creator, a member, an admin, someone the operator listed, and three channels."""
    fake = _fake_slack_server
    fake.reset()
    for user in (CREATOR, MEMBER, LISTED):
        fake.add_user(user, name=user.lower())
    fake.add_user(ADMIN, name="admin", is_admin=True)
    fake.add_channel(TEAM, name="team", members=[CREATOR, MEMBER, ADMIN, LISTED])
    fake.add_channel(OTHER, name="other", members=[MEMBER])
    fake.add_channel(
        OUTSIDE, name="outside", is_private=True, members=[CREATOR], bot_is_member=False
    )
    yield fake
    assert not fake.internal_errors, "\n".join(fake.internal_errors)


@dataclass(frozen=True)
class World:
    """The use case's collaborators, against the fake Slack."""

    uow: UnitOfWork
    slack: SlackGateway
    norms_slack: NormsGateway
    clock: FakeClock

    def set(
        self, user: str, language: Language | None, channel: str = TEAM,
        admins: frozenset[str] = frozenset(),
    ) -> str:  # fmt: skip
        return change_channel_language(
            self.uow, self.slack, self.norms_slack, user, channel, language=language,
            admin_users=admins, default="en", now=self.clock.now(),
        )  # fmt: skip

    def language(self, channel: str = TEAM, default: Language = "en") -> Language:
        with self.uow() as session:
            return channel_language(session, channel, default)

    def stored(self, channel: str = TEAM) -> Language | None:
        with self.uow() as session:
            return stored_channel_language(session, channel)


@pytest.fixture
def world(uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock) -> World:
    client = make_web_client(fake_slack.bot_token, fake_slack.api_url)
    return World(uow, slack, NormsGateway(client, clock), clock)


def test_a_channel_without_a_language_speaks_the_workspace_default(world: World) -> None:
    assert world.stored() is None
    assert world.language(default="nl") == "nl"
    assert world.language(default="en") == "en"
    shown = show_channel_language(world.uow, TEAM, "nl")
    assert "no language of its own" in shown
    assert "Dutch" in shown


def test_the_creator_sets_dutch_and_the_workspace_default_no_longer_decides(
    world: World,
) -> None:
    assert "now posts in this channel in Dutch" in world.set(CREATOR, "nl")
    assert world.language(default="en") == "nl"
    assert world.language(OTHER, default="en") == "en"  # another channel: still the default
    shown = show_channel_language(world.uow, TEAM, "en")
    assert "Kairos posts in this channel in Dutch: it was set for this channel." in shown
    with world.uow() as session:
        row = session.get(ChannelLanguage, TEAM)
        assert row is not None
        assert (row.language, row.set_by, row.set_at) == ("nl", CREATOR, world.clock.now())


def test_an_admin_changes_it_and_default_makes_it_follow_the_workspace_again(
    world: World, clock: FakeClock
) -> None:
    world.set(CREATOR, "nl")
    clock.advance(timedelta(minutes=5))
    world.set(ADMIN, "en")
    assert world.language(default="nl") == "en"
    with world.uow() as session:
        row = session.get(ChannelLanguage, TEAM)
        assert row is not None
        assert (row.set_by, row.set_at) == (ADMIN, clock.now())

    assert "follows the workspace's language again" in world.set(LISTED, None, admins={LISTED})
    assert world.stored() is None
    assert world.language(default="nl") == "nl"
    # Clearing a channel that has no language is not an error either.
    assert "follows the workspace's language again" in world.set(ADMIN, None)


def test_a_member_who_may_not_change_the_norms_is_refused_kindly_and_nothing_changes(
    world: World,
) -> None:
    world.set(CREATOR, "nl")
    for attempt in ("en", None):
        with pytest.raises(MayNotSetLanguage) as raised:
            world.set(MEMBER, attempt)
        assert "Only the channel's creator, a workspace admin or owner" in raised.value.user_text()
        assert "Nothing was changed." in raised.value.user_text()
    assert world.stored() == "nl"
    # Anyone may look.
    assert "Dutch" in show_channel_language(world.uow, TEAM, "en")


def test_the_refusal_is_in_the_language_of_who_asked(world: World) -> None:
    with speaking("nl"), pytest.raises(MayNotSetLanguage) as raised:
        world.set(MEMBER, "nl")
    assert "Alleen" in raised.value.user_text()
    assert "Only the channel's creator" not in raised.value.user_text()


def test_a_dm_has_no_channel_language(world: World) -> None:
    with pytest.raises(NotAChannelForLanguage):
        show_channel_language(world.uow, DM, "en")
    with pytest.raises(NotAChannelForLanguage):
        world.set(ADMIN, "nl", channel=DM)
    assert world.stored(DM) is None


def test_a_channel_kairos_cannot_see_gets_no_language(world: World) -> None:
    with pytest.raises(NotInChannelForLanguage) as raised:
        world.set(ADMIN, "nl", channel=OUTSIDE)
    assert "/invite @Kairos" in raised.value.user_text()
    assert world.stored(OUTSIDE) is None


def test_forget_me_takes_the_setters_id_off_and_keeps_the_language(world: World) -> None:
    world.set(CREATOR, "nl")
    with world.uow() as session:
        assert privacy_repo.counts(session, CREATOR)["settings"] == 1
        privacy_repo.forget(session, CREATOR, "U0ANON")
    with world.uow() as session:
        row = session.get(ChannelLanguage, TEAM)
        assert row is not None
        assert (row.language, row.set_by) == ("nl", None)
        assert privacy_repo.counts(session, CREATOR)["settings"] == 0
