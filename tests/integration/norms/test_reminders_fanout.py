"""Reminders due for many people at once: sent side by side, each exactly once, and a sweep
out of time says more are due (its budget runs on a clock the test moves by hand)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.fanout import Budget
from bot.norms.questions import METADATA_EVENT
from bot.norms.reminders import remind_due
from bot.retry import MAX_RETRY, Retries
from bot.scheduler import Outcome
from bot.slack.gateway import SlackGateway
from tests.integration.norms.asking import ANA, BOB, CAROL, MONDAY, QUIET, ROOM, say, ts_at
from tests.support.sweeping import Ticks

pytestmark = pytest.mark.usefixtures("norms")
DUE = MONDAY + timedelta(hours=1, minutes=1)
PEOPLE = [f"U0Q{n:02d}" for n in range(12)]


@pytest.fixture
def room(fake_slack: FakeSlack) -> FakeSlack:
    """Bob and twelve people he will ask, in a channel with a one-hour response time."""
    members = [ANA, BOB, CAROL, *PEOPLE]
    for user in members:
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    for channel in (ROOM, QUIET):
        fake_slack.add_channel(channel, name=channel.lower(), members=members)
    return fake_slack


def _bob_asks_everyone(uow: UnitOfWork, slack: SlackGateway) -> None:
    for n, user in enumerate(PEOPLE):
        say(uow, slack, BOB, f"<@{user}> could you check invoice {n}?", ts_at(MONDAY, n))
    assert remind_due(uow, slack, MONDAY) == 0  # counted: due an hour later


def _reminded(fake: FakeSlack) -> Counter[str]:
    """How many reminder DMs went to each conversation."""
    return Counter(
        c.args["channel"]
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT
    )


def test_everyone_due_is_reminded_once_through_a_burst_of_429s(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _bob_asks_everyone(uow, slack)
    room.rate_limit_next("chat.postMessage", retry_after=1, times=4)
    retries = Retries("remind of questions")
    sent = remind_due(uow, slack, DUE, retries)
    assert isinstance(sent, int)
    # A reminder whose every try met a 429 goes on a later sweep, after its backoff.
    later = DUE
    while len(_reminded(room)) < len(PEOPLE) and later < DUE + 4 * MAX_RETRY:
        later += MAX_RETRY
        again = remind_due(uow, slack, later, retries)
        assert isinstance(again, int)
        sent += again
    assert sorted(_reminded(room).values()) == [1] * len(PEOPLE)
    assert sent == len(PEOPLE)
    assert [c.status for c in room.calls_to("chat.postMessage")].count(429) == 4


def test_a_sweep_out_of_time_says_more_are_due_and_the_next_sends_the_rest(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _bob_asks_everyone(uow, slack)
    # Made at 0 with 4 s; read before each start at 1, 2 and 3: three start, then no more.
    budget = Budget(4, monotonic=Ticks())
    assert remind_due(uow, slack, DUE, budget=budget) is Outcome.MORE_DUE
    assert sum(_reminded(room).values()) == 3
    assert remind_due(uow, slack, DUE) == len(PEOPLE) - 3
    assert sorted(_reminded(room).values()) == [1] * len(PEOPLE)
