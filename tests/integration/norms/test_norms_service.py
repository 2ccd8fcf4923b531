"""Channel norms' use cases against the fake Slack, on SQLite and PostgreSQL: who may set
them, the change posted in the channel, the note on joining (once), and App Home's list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from slack_sdk.errors import SlackApiError

from bot.clock import FakeClock
from bot.db.dedupe import AlreadyHandled
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.norms import repo
from bot.norms.gateway import NormsGateway
from bot.norms.model import CALL, ChannelKind, Norms, Part, ResponseKind, ResponseTime
from bot.norms.service import (
    MayNotSetNorms,
    NotAChannel,
    NotInChannel,
    editable_norms,
    home_norms,
    norms_of,
    save_norms,
    welcome_member,
)
from bot.norms.tables import ChannelNorms
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from bot.workspace import repo as workspace_repo
from bot.workspace.model import JOIN_ALL, ON

CREATOR, MEMBER, ADMIN, LISTED, NEWCOMER = "U0CREATOR", "U0MEMBER", "U0ADMIN", "U0LISTED", "U0NEW"
PAY, PRIVATE, OUTSIDE = "C0PAY", "G0PRIVATE", "C0OUTSIDE"
NORMS = Norms(
    "Questions about the payments API",
    ChannelKind.ASYNC,
    ResponseTime(ResponseKind.WORKING_MINUTES, 240),
    CALL,
)


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    """A creator, a member, an admin, someone the operator listed, and three channels."""
    fake = _fake_slack_server
    fake.reset()
    for user in (CREATOR, MEMBER, LISTED, NEWCOMER):
        fake.add_user(user, name=user.lower())
    fake.add_user(ADMIN, name="admin", is_admin=True)
    fake.add_channel(PAY, name="payments", members=[CREATOR, MEMBER, ADMIN, LISTED])
    fake.add_channel(
        PRIVATE, name="secret", is_private=True, members=[CREATOR], bot_is_member=False
    )
    fake.add_channel(OUTSIDE, name="outside", members=[CREATOR], bot_is_member=False)
    yield fake
    assert not fake.internal_errors, "\n".join(fake.internal_errors)


@dataclass(frozen=True)
class World:
    """The use cases' collaborators, against the fake Slack."""

    uow: UnitOfWork
    slack: SlackGateway
    norms_slack: NormsGateway
    clock: FakeClock

    def save(
        self, user: str, channel: str = PAY, norms: Norms = NORMS,
        admins: frozenset[str] = frozenset(),
    ) -> tuple[Part, ...]:  # fmt: skip
        saved = save_norms(
            self.uow, self.slack, self.norms_slack, user, channel, norms=norms,
            admin_users=admins, now=self.clock.now(),
        )  # fmt: skip
        return saved.changed

    def welcome(self, user: str, event_id: str, channel: str = PAY) -> bool:
        return welcome_member(
            self.uow, self.slack, channel, user, event_id=event_id, now=self.clock.now()
        )


@pytest.fixture
def world(uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock) -> World:
    client = make_web_client(fake_slack.bot_token, fake_slack.api_url)
    return World(uow, slack, NormsGateway(client, clock), clock)


def _posted(fake: FakeSlack, channel: str) -> list[str]:
    return [m["text"] for m in fake.messages_in(channel) if m.get("bot_id")]


def _dms(fake: FakeSlack, user: str) -> list[str]:
    return [m["text"] for m in fake.messages_in(fake.open_dm(user))]


def test_a_member_who_did_not_create_the_channel_is_refused_and_nothing_changes(
    world: World, fake_slack: FakeSlack
) -> None:
    with pytest.raises(MayNotSetNorms) as raised:
        world.save(MEMBER)
    assert "the channel's creator, a workspace admin" in raised.value.user_text()
    with pytest.raises(MayNotSetNorms):
        editable_norms(
            world.uow, world.slack, world.norms_slack, MEMBER, PAY, admin_users=frozenset()
        )
    assert norms_of(world.uow, PAY) is None
    assert _posted(fake_slack, PAY) == []


def test_the_creator_sets_norms_and_every_change_is_posted_in_the_channel(
    world: World, fake_slack: FakeSlack
) -> None:
    assert (
        editable_norms(
            world.uow, world.slack, world.norms_slack, CREATOR, PAY, admin_users=frozenset()
        )
        is None
    )
    assert world.save(CREATOR) == (Part.PURPOSE, Part.KIND, Part.RESPONSE, Part.URGENT)
    assert norms_of(world.uow, PAY) == NORMS
    assert _posted(fake_slack, PAY)[-1].startswith("Norms set by <@U0CREATOR>: purpose:")

    assert world.save(CREATOR) == ()  # nothing changed: nothing stored, nothing posted
    assert len(_posted(fake_slack, PAY)) == 1

    later = replace(NORMS, response=ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1))
    assert world.save(CREATOR, norms=later) == (Part.RESPONSE,)
    assert _posted(fake_slack, PAY)[-1] == (
        "Norms updated by <@U0CREATOR>: response time: by the next working day."
    )
    assert (
        editable_norms(
            world.uow, world.slack, world.norms_slack, CREATOR, PAY, admin_users=frozenset()
        )
        == later
    )
    with world.uow() as session:
        assert repo.get(session, PAY) == later


def test_admins_and_listed_people_may_set_norms_too(world: World) -> None:
    assert world.save(ADMIN) != ()
    other = replace(NORMS, purpose="Payments questions")
    assert world.save(LISTED, norms=other, admins=frozenset({LISTED})) == (Part.PURPOSE,)
    assert norms_of(world.uow, PAY) == other


def test_norms_need_kairos_in_the_channel(world: World, fake_slack: FakeSlack) -> None:
    with pytest.raises(NotInChannel):
        world.save(CREATOR, channel=PRIVATE)
    with pytest.raises(NotInChannel):  # public, but joining every channel is off
        world.save(CREATOR, channel=OUTSIDE)
    assert norms_of(world.uow, OUTSIDE) is None
    assert fake_slack.bot_user_id not in fake_slack.members(OUTSIDE)

    with world.uow() as session:
        workspace_repo.put(session, JOIN_ALL, ON, ADMIN, world.clock.now())
    world.save(CREATOR, channel=OUTSIDE)
    assert fake_slack.bot_user_id in fake_slack.members(OUTSIDE)
    assert _posted(fake_slack, OUTSIDE)[-1].startswith("Norms set by")


def test_a_change_that_could_not_be_posted_is_not_stored(
    world: World, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_next("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError):
        world.save(CREATOR)
    assert norms_of(world.uow, PAY) is None


def test_norms_belong_to_channels_not_dms(world: World) -> None:
    with pytest.raises(NotAChannel):
        norms_of(world.uow, "D0DIRECT")
    with pytest.raises(NotAChannel):
        world.save(CREATOR, channel="D0DIRECT")


def test_someone_who_joins_gets_the_norms_once(world: World, fake_slack: FakeSlack) -> None:
    assert world.welcome(NEWCOMER, "Ev0EARLY") is False  # no norms yet: nothing to send
    world.save(CREATOR)
    assert world.welcome(NEWCOMER, "Ev0JOIN1") is True
    dms = _dms(fake_slack, NEWCOMER)
    assert len(dms) == 1
    assert dms[0].startswith("Welcome to <#C0PAY>")
    assert "Questions about the payments API" in dms[0]

    with pytest.raises(AlreadyHandled):  # Slack's retry of the same event
        world.welcome(NEWCOMER, "Ev0JOIN1")
    assert world.welcome(NEWCOMER, "Ev0JOIN2") is False  # left and joined again
    assert len(_dms(fake_slack, NEWCOMER)) == 1


def test_a_note_that_failed_is_sent_on_slacks_retry(world: World, fake_slack: FakeSlack) -> None:
    world.save(CREATOR)
    fake_slack.fail_next("chat.postMessage", "ratelimited")
    with pytest.raises(SlackApiError):
        world.welcome(NEWCOMER, "Ev0JOIN1")
    with world.uow() as session:
        assert repo.received_by(session, NEWCOMER) == set()
    assert world.welcome(NEWCOMER, "Ev0JOIN1") is True  # the retry was not swallowed
    assert len(_dms(fake_slack, NEWCOMER)) == 1


def test_app_home_lists_the_norms_of_the_persons_channels(
    world: World, fake_slack: FakeSlack
) -> None:
    assert home_norms(world.uow, world.norms_slack, MEMBER) == []
    assert fake_slack.calls_to("users.conversations") == []  # no norms anywhere: no call
    world.save(CREATOR)
    with world.uow() as session:
        workspace_repo.put(session, JOIN_ALL, ON, ADMIN, world.clock.now())
    world.save(CREATOR, channel=OUTSIDE)
    assert home_norms(world.uow, world.norms_slack, MEMBER) == [(PAY, NORMS)]
    assert home_norms(world.uow, world.norms_slack, CREATOR) == [(OUTSIDE, NORMS), (PAY, NORMS)]
    calls = len(fake_slack.calls_to("users.conversations"))
    home_norms(world.uow, world.norms_slack, MEMBER)  # kept a few minutes
    assert len(fake_slack.calls_to("users.conversations")) == calls
    world.clock.advance(timedelta(minutes=6))
    home_norms(world.uow, world.norms_slack, MEMBER)
    assert len(fake_slack.calls_to("users.conversations")) == calls + 1


def test_forgetting_someone_deletes_what_they_got_and_keeps_the_norms(world: World) -> None:
    world.save(CREATOR)
    world.welcome(NEWCOMER, "Ev0JOIN1")
    with world.uow() as session:
        repo.forget(session, CREATOR)
        repo.forget(session, NEWCOMER)
    with world.uow() as session:
        assert repo.received_by(session, NEWCOMER) == set()
        row = session.get(ChannelNorms, PAY)
        assert row is not None
        assert row.updated_by is None
    assert norms_of(world.uow, PAY) == NORMS
