"""Many digests due at once: sent side by side, at Slack's pace, each exactly once.

The real gateway and client against the fake Slack over HTTP. The client's pacer runs on a
clock of the test's own that moves only when the pacer sleeps on it, so Slack's limits cost
no real time; a 429's Retry-After is still waited out for real by the SDK (one second).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import METADATA_EVENT, deliver_due
from bot.fanout import Budget
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import reschedule, run_command
from bot.focus.tables import Digest, HeldMention
from bot.jobs import all_sweepers
from bot.retry import MAX_RETRY, Retries
from bot.scheduler import Outcome, SweepRunner
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from bot.slack.pacing import Pacer
from tests.support.sweeping import Ticks

BOSS, ROOM = "U0BOSS", "C0ROOM"
MONDAY_0829_UTC = datetime(2026, 11, 23, 8, 29, tzinfo=UTC)
# Two runners of one replica, one after the other: the same lease holder.
ONE_REPLICA = {"interval": timedelta(minutes=1), "holder": "replica-1"}


def people(n: int) -> list[str]:
    return [f"U0P{k:03d}" for k in range(n)]


class PacerTime:
    """The pacer's clock: moves only when the pacer sleeps; notes which thread slept."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleepers: list[str] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleepers.append(threading.current_thread().name)
            self.now += seconds


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    fake_slack.add_user(BOSS, name="boss")
    for user in people(60):
        fake_slack.add_user(user, name=user.lower(), tz="UTC")
    fake_slack.add_channel(ROOM, name="room", members=[BOSS, *people(60)])
    return fake_slack


@pytest.fixture
def pacer_time() -> PacerTime:
    return PacerTime()


@pytest.fixture
def gateway(fake_slack: FakeSlack, pacer_time: PacerTime) -> SlackGateway:
    pacer = Pacer(monotonic=pacer_time.monotonic, sleep=pacer_time.sleep)
    return SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url, pacer=pacer))


def _focus_with_one_mention_each(
    uow: UnitOfWork, clock: FakeClock, fake: FakeSlack, users: list[str]
) -> None:
    """Everyone focuses for 30 minutes with a mention held; at 09:00 all are due at once."""
    clock.set(MONDAY_0829_UTC)
    with uow() as session:
        for n, user in enumerate(users):
            person = repo.add_person(session, user, "UTC", clock.now())
            run_command(session, person, parse_focus_command("now 30m"), clock.now())
            ts = f"1795424400.{n:06d}"
            fake.add_message(ROOM, user=BOSS, text=f"<@{user}> a question", ts=ts)
            session.add(
                HeldMention(
                    recipient_id=user,
                    sender_id=BOSS,
                    channel_id=ROOM,
                    message_ts=ts,
                    thread_ts=None,
                    text=f"<@{user}> a question",
                    kind="user",
                    sent_at=clock.now(),
                    held_at=clock.now(),
                    status="held",
                )
            )
            session.flush()
            reschedule(session, person, clock.now())
    clock.advance(timedelta(minutes=31))


def _digest_posts(fake: FakeSlack) -> list:
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT
    ]


def _digests(uow: UnitOfWork) -> list[Digest]:
    with uow() as session:
        return list(session.scalars(select(Digest)))


def test_sixty_digests_due_at_once_go_out_once_each_through_a_burst_of_429s(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    gateway: SlackGateway,
    pacer_time: PacerTime,
) -> None:
    users = people(60)
    _focus_with_one_mention_each(uow, clock, fake_slack, users)
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1, times=5)
    retries = Retries("deliver digests")
    outcomes: list[int | Outcome] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            outcomes.append(deliver_due(uow, gateway, clock.now(), retries))
        except BaseException as error:
            errors.append(error)

    sweeping = threading.Thread(target=sweep, name="sweep")
    sweeping.start()
    # While the fan-out meets its 429s, another method keeps answering without a wait.
    fake_slack.wait_for_call("chat.postMessage", timeout=30, predicate=lambda c: c.status == 429)
    answered = [gateway.user_name(BOSS), gateway.user_timezone(users[0])]
    sweeping.join(timeout=120)
    assert not sweeping.is_alive()
    assert not errors
    assert answered == ["boss", "UTC"]
    assert threading.current_thread().name not in pacer_time.sleepers
    # The scheduler runs the sweep again until everyone's digest is marked sent: a digest
    # whose every try met a 429 goes after its backoff. (Were a sweep to return with sends
    # still in flight, these runs would find those digests unsent and send them again.)
    now, deadline = clock.now(), time.monotonic() + 60
    while not all(d.sent_at is not None for d in _digests(uow)):
        assert time.monotonic() < deadline, "the digests were not all sent"
        now += MAX_RETRY
        outcomes.append(deliver_due(uow, gateway, now, retries))
    # Had a sweep returned with sends in flight, their threads would still be sending: let
    # them finish, so that everything they sent is counted below.
    for thread in threading.enumerate():
        if thread.name.startswith("fanout"):
            thread.join(timeout=30)

    assert [c.status for c in fake_slack.calls_to("chat.postMessage")].count(429) == 5
    posts = _digest_posts(fake_slack)
    assert sorted(Counter(p.args["channel"] for p in posts).values()) == [1] * 60
    digests = _digests(uow)
    assert len(digests) == 60
    assert {d.recipient_id for d in digests} == set(users)
    assert all(d.sent_at is not None and d.dm_ts for d in digests)
    ids = sorted(p.args["metadata"]["event_payload"]["digest_id"] for p in posts)
    assert ids == sorted(d.id for d in digests)
    assert sum(o for o in outcomes if isinstance(o, int)) == 60
    with uow() as session:
        assert {m.status for m in session.scalars(select(HeldMention))} == {"delivered"}


def test_a_sweep_out_of_time_says_more_are_due_and_the_next_sends_the_rest(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    users = people(10)
    _focus_with_one_mention_each(uow, clock, fake_slack, users)
    # Made at 0 with 3 s; read before each start at 1 and 2: two digests start, then no more.
    budget = Budget(3, monotonic=Ticks())
    assert deliver_due(uow, gateway, clock.now(), budget=budget) is Outcome.MORE_DUE
    assert len(_digest_posts(fake_slack)) == 2
    with uow() as session:
        assert len(repo.due_people(session, clock.now(), 100)) == 8
    assert deliver_due(uow, gateway, clock.now()) == 8
    posts = _digest_posts(fake_slack)
    assert sorted(Counter(p.args["channel"] for p in posts).values()) == [1] * 10


def test_a_sweep_out_of_time_while_resending_says_more_are_due(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    users = people(4)
    _focus_with_one_mention_each(uow, clock, fake_slack, users)
    fake_slack.fail_next("chat.postMessage", "internal_error", times=3)
    retries = Retries("deliver digests")
    # Three of four fail: recorded, unsent, backing off.
    assert deliver_due(uow, gateway, clock.now(), retries) == 1
    assert len([d for d in _digests(uow) if d.sent_at is None]) == 3
    later = clock.now() + MAX_RETRY
    # Two resends start (reads at 1 and 2); the budget is spent before the third.
    budget = Budget(3, monotonic=Ticks())
    assert deliver_due(uow, gateway, later, retries, budget=budget) is Outcome.MORE_DUE
    assert len([d for d in _digests(uow) if d.sent_at is None]) == 1
    assert deliver_due(uow, gateway, later, retries) == 1
    posts = _digest_posts(fake_slack)
    assert sorted(Counter(p.args["channel"] for p in posts).values()) == [1] * 4


def test_the_scheduler_runs_again_at_once_when_the_digests_ran_out_of_time(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    _focus_with_one_mention_each(uow, clock, fake_slack, people(3))
    # No time at all to start digests: the run says more are due, and sends none.
    hurried = SweepRunner(uow, clock, all_sweepers(gateway, fan_out_seconds=0), **ONE_REPLICA)
    assert hurried.run_once()
    assert hurried.more_due
    assert _digest_posts(fake_slack) == []
    runner = SweepRunner(uow, clock, all_sweepers(gateway), **ONE_REPLICA)
    assert runner.run_once()
    assert not runner.more_due
    assert sorted(Counter(p.args["channel"] for p in _digest_posts(fake_slack)).values()) == [1] * 3
