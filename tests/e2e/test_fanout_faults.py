"""Issue 15's faults during a fan-out of digests, end to end on PostgreSQL: whatever breaks
while everyone's digests go out (a replica killed, PostgreSQL restarted, Slack failing a
share of calls or answering a burst of 429s), every due person gets exactly one digest with
all their held mentions.

150 people, 60 of them with held mentions (tests/support/fanout.py), due at once, against
the simulated Slack's rate limits at twice Slack's speed, with Kairos paced the same way
and sweeping every 5 s: chat.postMessage allows 10 DMs a second, so the fan-out takes some
5 s. Each test prints how long the digests took to flow again after its fault (run with
-rP or -s to see it). A Kairos failure that leaves a digest unsent is retried after a
minute (bot/retry.py), which is most of the time the Slack faults take.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import SystemClock
from bot.db.engine import make_engine
from bot.db.leases import JobLease
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.demo.fake_slack.slack_limits import RateLimits
from bot.focus.tables import Digest, HeldMention
from bot.scheduler import SWEEP_LEASE
from tests.e2e.conftest import RunningKairos, start_kairos, wait_until
from tests.support import databases
from tests.support.fanout import (
    CallTimes,
    Outcome,
    Post,
    World,
    commit_durably,
    crash_postgres,
    digest_posts,
    make_world,
    seed_database,
    seed_fake,
    start_postgres_again,
    tally,
)
from tests.support.postgres import PostgresServer, start_throwaway_server
from tests.support.process import APP_TOKEN, BOT_TOKEN

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

PEOPLE = 150
DUE_SHARE = 0.4
SCALE = 2.0
SETTINGS = {"KAIROS_SWEEP_SECONDS": "5", "KAIROS_SLACK_RATE_SCALE": str(SCALE)}
POST = "chat.postMessage"
# Long enough for a failed digest's retry a minute later, and its own retry after that.
SETTLE_SECONDS = 200.0
# How long PostgreSQL stays down; the DMs in flight are answered halfway through it.
OUTAGE_SECONDS = 6.0


def _postgres_required() -> bool:
    return os.environ.get("KAIROS_REQUIRE_POSTGRES", "") not in ("", "0", "false")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """A simulated Slack of its own for each test, with Slack's limits at SCALE."""
    fake = FakeSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN)
    fake.start()
    fake.set_rate_limits(RateLimits(scale=SCALE))
    try:
        yield fake
        assert not fake.internal_errors, "\n".join(fake.internal_errors)
    finally:
        fake.stop()


@pytest.fixture
def schema_url(postgres_url: str | None) -> Iterator[str]:
    """An empty schema on the suite's PostgreSQL server (Kairos migrates it)."""
    if postgres_url is None:
        pytest.skip("no PostgreSQL server could be started (set TEST_DATABASE_URL or install it)")
    url = databases.create_schema(postgres_url)
    try:
        yield url
    finally:
        databases.drop_schema(postgres_url, url)


@pytest.fixture
def own_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test's own, to restart without disturbing the others;
    commits durable, as PostgreSQL's are by default (commit_durably)."""
    try:
        server = start_throwaway_server()
    except RuntimeError as error:
        if _postgres_required():
            raise
        pytest.skip(f"no PostgreSQL server could be started: {error}")
    if server is None:
        if _postgres_required():
            pytest.fail("KAIROS_REQUIRE_POSTGRES is set but PostgreSQL's binaries are missing")
        pytest.skip("no PostgreSQL server could be started (initdb and pg_ctl are missing)")
    try:
        commit_durably(server)
        yield server
    finally:
        server.stop()


@dataclass
class FanOut:
    """Everyone's digests falling due at once, and what Slack received of them."""

    fake: FakeSlack
    database_url: str
    world: World
    dms: dict[str, str]
    times: CallTimes
    started: float

    @classmethod
    def start(cls, fake: FakeSlack, database_url: str) -> FanOut:
        """Seed the workspace; the digests fall due two seconds later."""
        now = SystemClock().now()
        world = make_world(PEOPLE, seed=5, base_ts=int(now.timestamp()) - 3000, due_share=DUE_SHARE)
        dms = seed_fake(fake, world)
        times = CallTimes(fake)
        lead = timedelta(seconds=2)
        seed_database(database_url, world, dms, starts_at=now + lead, now=now, by_session=True)
        return cls(fake, database_url, world, dms, times, time.monotonic() + lead.seconds)

    def posts(self) -> list[Post]:
        """The digest DMs Slack has received so far."""
        calls, seen = self.times.snapshot()
        return digest_posts(calls, seen, self.world, self.dms)

    def wait_for_digests(self, count: int) -> None:
        """Wait until `count` digests have been received."""
        wait_until(lambda: len(self.posts()) >= count, timeout=60)

    def answer_next_dms_late(self, seconds: float) -> None:
        """The next three DMs reach their person at once but are answered `seconds` late
        (the sender hears nothing meanwhile); returns once all three have arrived."""
        after = len(self.fake.calls)
        self.fake.delay_next(POST, seconds, times=3)
        wait_until(lambda: len([c for c in self.fake.calls[after:] if c.method == POST]) >= 3)

    def moment(self) -> float:
        """Now, with every call so far stamped as before it."""
        self.times.look()
        return time.monotonic()

    def _settled(self) -> bool:
        """Every due person has a digest in Slack, and the database has nothing left to do:
        no digest recorded and unsent, no held mention of a due person undelivered."""
        if {p.recipient for p in self.posts()} < set(self.world.due):
            return False
        engine = make_engine(self.database_url)
        try:
            with engine.connect() as connection:
                unsent = connection.scalar(
                    select(func.count()).select_from(Digest).where(Digest.sent_at.is_(None))
                )
                undelivered = connection.scalar(
                    select(func.count())
                    .select_from(HeldMention)
                    .where(HeldMention.recipient_id.in_(self.world.due))
                    .where(HeldMention.status.in_(("held", "delivering")))
                )
        except SQLAlchemyError:
            return False  # the database is down: not settled
        finally:
            engine.dispose()
        return unsent == 0 and undelivered == 0

    def outcome(self, fault: str, began: float, ended: float) -> Outcome:
        """Wait until all is settled (or SETTLE_SECONDS), then count and print what came."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while not self._settled() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.times.stop()
        posts = self.posts()
        outcome = tally(self.world, posts)
        after = [p.at for p in posts if p.at > ended]
        first = f"{min(after) - ended:.1f} s" if after else "never"
        last = f"{max(p.at for p in posts) - began:.1f} s" if posts else "never"
        print(
            f"\n[fan-out fault] {fault}: {began - self.started:.1f} s into the fan-out; the "
            f"first digest after it came {first} after it ended, the last {last} after it "
            f"began; {outcome.digests} digests for {outcome.due} due people, {outcome.held} "
            f"held mentions: lost {outcome.lost}, duplicated {outcome.duplicated}, digests "
            f"sent twice {outcome.repeated}; 429s {self.by_method(429)}, 5xx "
            f"{self.by_method(500, 600)}"
        )
        return outcome

    def by_method(self, low: int, high: int | None = None) -> dict[str, int]:
        """Per method, the calls Slack answered with a status from low up to high."""
        found: dict[str, int] = {}
        for call in self.fake.calls:
            if low <= call.status < (high or low + 1):
                found[call.method] = found.get(call.method, 0) + 1
        return found

    def statuses(self, low: int, high: int | None = None) -> int:
        """Calls Slack answered with a status from low up to high (or just low)."""
        return sum(low <= c.status < (high or low + 1) for c in self.fake.calls)


def assert_exactly_once(outcome: Outcome, folder: Path, *replicas: RunningKairos) -> None:
    """Every due person got one digest, holding each of their held mentions once. If not,
    each replica's whole log is kept in `folder` (pytest keeps the last runs' temporary
    folders), and its path printed."""
    if not outcome.clean or outcome.without_digest:
        for number, replica in enumerate(replicas):
            kept = folder / f"kairos-{number}.log"
            kept.write_text(replica.process.output())
            print(f"Kairos's log: {kept}")
    assert outcome.without_digest == (), f"no digest for {outcome.without_digest}"
    assert outcome.lost == 0, f"{outcome.lost} held mentions in no digest"
    assert outcome.duplicated == 0, f"{outcome.duplicated} held mentions in two digests"
    assert outcome.repeated == 0, f"{outcome.repeated} digests sent twice"
    assert outcome.with_several == (), f"several digests for {outcome.with_several}"
    assert outcome.digests == outcome.due


def _kairos(fake: FakeSlack, database_url: str, folder: Path) -> RunningKairos:
    folder.mkdir()
    return start_kairos(fake, database_url, folder, socket_mode=False, **SETTINGS)


def _stop(*replicas: RunningKairos) -> None:
    for replica in replicas:
        replica.process.cleanup()


def test_a_replica_killed_midway_leaves_no_digest_lost_or_sent_twice(
    fake: FakeSlack, schema_url: str, tmp_path: Path
) -> None:
    first = _kairos(fake, schema_url, tmp_path / "first")
    holder = select(JobLease.holder).where(JobLease.name == SWEEP_LEASE)
    second = None
    try:
        # The first replica holds the sweep lease; the second takes over when it dies.
        wait_until(lambda: first.scalars(holder), timeout=30)
        second = _kairos(fake, schema_url, tmp_path / "second")
        run = FanOut.start(fake, schema_url)
        run.wait_for_digests(len(run.world.due) // 3)
        # Three DMs are in Slack, their sender still waiting to hear so: the crash window.
        run.answer_next_dms_late(5)
        began = run.moment()
        first.process.stop(signal.SIGKILL)
        outcome = run.outcome("kill -9 of the replica holding the sweep lease", began, began)
        assert_exactly_once(outcome, tmp_path, first, second)
    finally:
        _stop(first, *([second] if second else []))


def test_postgres_restarted_midway_leaves_no_digest_lost_or_sent_twice(
    fake: FakeSlack, own_server: PostgresServer, tmp_path: Path
) -> None:
    kairos = _kairos(fake, own_server.url, tmp_path / "kairos")
    try:
        run = FanOut.start(fake, own_server.url)
        run.wait_for_digests(len(run.world.due) // 3)
        # Three DMs arrive now and are answered while the database is down: they cannot be
        # marked sent.
        run.answer_next_dms_late(OUTAGE_SECONDS / 2)
        began = run.moment()
        crash_postgres(own_server)
        time.sleep(OUTAGE_SECONDS)  # the outage itself, not a wait for a result
        start_postgres_again(own_server)
        outcome = run.outcome("PostgreSQL stopped and started", began, run.moment())
        assert_exactly_once(outcome, tmp_path, kairos)
    finally:
        _stop(kairos)


def test_slack_failing_or_timing_out_on_a_share_of_dms_loses_and_repeats_nothing(
    fake: FakeSlack, schema_url: str, tmp_path: Path
) -> None:
    due = round(PEOPLE * DUE_SHARE)
    # Of the first DMs, 10% answered 503 (never sent) and 10% answered after 12 s, past
    # Kairos's 10 s timeout (sent, but Kairos never hears so).
    failing = fake.fail_share(POST, due, errors=0.1, timeouts=0.1, seed=1)
    assert failing == round(due * 0.2)
    kairos = _kairos(fake, schema_url, tmp_path / "kairos")
    try:
        run = FanOut.start(fake, schema_url)
        wait_until(lambda: run.statuses(503) > 0, timeout=60)
        outcome = run.outcome("503s and timeouts on 20% of DMs", run.started, run.started)
        assert_exactly_once(outcome, tmp_path, kairos)
        assert run.statuses(503) >= round(due * 0.1)
    finally:
        _stop(kairos)


def test_a_burst_of_429s_midway_loses_and_repeats_nothing(
    fake: FakeSlack, schema_url: str, tmp_path: Path
) -> None:
    kairos = _kairos(fake, schema_url, tmp_path / "kairos")
    try:
        run = FanOut.start(fake, schema_url)
        run.wait_for_digests(len(run.world.due) // 3)
        # More than the client's own retries absorb (four tries each, eight DMs at a time):
        # some digests fail and are retried by the sweep.
        began = run.moment()
        fake.rate_limit_next(POST, retry_after=1, times=40)
        outcome = run.outcome("40 429s on chat.postMessage", began, began)
        assert_exactly_once(outcome, tmp_path, kairos)
        assert run.statuses(429) >= 40
    finally:
        _stop(kairos)
