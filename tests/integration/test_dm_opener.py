"""The gateway's DM channels in front of a store: memory first, the store next, Slack last,
and only a few DMs opened ahead per call. Real HTTP against the fake Slack; the store is a
hand-written in-memory one that counts its reads."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.app import make_web_client
from bot.slack.dms import AHEAD_PER_CALL
from bot.slack.gateway import SlackGateway

PEOPLE = [f"U0P{n:03d}" for n in range(AHEAD_PER_CALL + 5)]


class CountingStore:
    """A DmChannels kept in a dict, counting the reads the gateway makes of it."""

    def __init__(self) -> None:
        self.channels: dict[str, str] = {}
        self.reads = 0

    def get(self, user_id: str) -> str | None:
        self.reads += 1
        return self.channels.get(user_id)

    def known(self, user_ids: Sequence[str]) -> dict[str, str]:
        self.reads += 1
        return {u: self.channels[u] for u in user_ids if u in self.channels}

    def remember(self, user_id: str, channel_id: str) -> None:
        self.channels.setdefault(user_id, channel_id)


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """The module's fake Slack with a few more people than are opened ahead at once."""
    for user in PEOPLE:
        fake_slack.add_user(user, name=user.lower())
    return fake_slack


def _gateway(fake: FakeSlack, store: CountingStore) -> SlackGateway:
    return SlackGateway(make_web_client(fake.bot_token, fake.api_url), dm_channels=store)


def _opened(fake: FakeSlack) -> list[str]:
    return [str(call.args.get("users")) for call in fake.calls_to("conversations.open")]


def test_dms_known_in_memory_cost_no_read_and_no_call(fake_slack: FakeSlack) -> None:
    store = CountingStore()
    gateway = _gateway(fake_slack, store)

    assert gateway.open_dms_ahead(PEOPLE[:2]) == 2
    assert (store.reads, _opened(fake_slack)) == (1, PEOPLE[:2])
    assert gateway.open_dms_ahead([PEOPLE[1], PEOPLE[0], PEOPLE[1]]) == 0
    gateway.send_dm(PEOPLE[0], "hello", [])

    assert (store.reads, _opened(fake_slack)) == (1, PEOPLE[:2])
    assert store.channels == {p: fake_slack.open_dm(p) for p in PEOPLE[:2]}


def test_dms_in_the_store_are_read_once_and_not_opened(fake_slack: FakeSlack) -> None:
    store = CountingStore()
    store.channels = {PEOPLE[0]: fake_slack.open_dm(PEOPLE[0])}
    restarted = _gateway(fake_slack, store)

    assert restarted.open_dms_ahead(PEOPLE[:2]) == 1
    restarted.send_dm(PEOPLE[0], "hello", [])

    assert _opened(fake_slack) == [PEOPLE[1]]
    assert store.reads == 1
    assert fake_slack.calls_to("chat.postMessage")[0].args["channel"] == store.channels[PEOPLE[0]]


def test_a_few_are_opened_ahead_per_call_and_the_rest_next_time(fake_slack: FakeSlack) -> None:
    gateway = _gateway(fake_slack, CountingStore())

    assert gateway.open_dms_ahead(PEOPLE) == AHEAD_PER_CALL
    assert gateway.open_dms_ahead(PEOPLE) == len(PEOPLE) - AHEAD_PER_CALL
    assert gateway.open_dms_ahead(PEOPLE) == 0

    assert sorted(_opened(fake_slack)) == sorted(PEOPLE)


def test_without_a_store_dms_are_remembered_in_memory(fake_slack: FakeSlack) -> None:
    gateway = SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url))
    gateway.send_dm(PEOPLE[0], "one", [])
    gateway.send_dm(PEOPLE[0], "two", [])
    assert gateway.open_dms_ahead([PEOPLE[0]]) == 0
    assert _opened(fake_slack) == [PEOPLE[0]]
