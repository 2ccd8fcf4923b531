"""The faults bench/fanout.py can make during the fan-out, and how it watches the fan-out's
progress (in the database, which may itself be down for a while)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bench.fanout_figures import Fault
from bench.fanout_processes import FakeSlackProcess, Replica
from bot.db.engine import make_engine
from bot.focus.tables import Digest, PendingBroadcast
from tests.support.fanout import crash_postgres, start_postgres_again
from tests.support.postgres import PostgresServer

FAULTS = ("none", "kill", "postgres", "5xx", "429")
POST_MESSAGE = "chat.postMessage"


@dataclass(frozen=True)
class Progress:
    """Digests in the database: people with one sent, and digests recorded but not sent."""

    people_sent: int
    unsent: int
    pending_broadcasts: int


def progress(database_url: str) -> Progress | None:
    """Where the fan-out is; None while the database does not answer."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            sent = connection.scalar(
                select(func.count(func.distinct(Digest.recipient_id))).where(
                    Digest.sent_at.is_not(None)
                )
            )
            unsent = connection.scalar(
                select(func.count()).select_from(Digest).where(Digest.sent_at.is_(None))
            )
            pending = connection.scalar(select(func.count()).select_from(PendingBroadcast))
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    return Progress(int(sent or 0), int(unsent or 0), int(pending or 0))


def wait_for(
    database_url: str, people: int, timeout: float, *, settled: bool = True
) -> Progress | None:
    """Wait until `people` have their digest sent, and (settled) none is left unsent; the
    last progress seen after `timeout`."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        seen = progress(database_url) or seen
        if seen is not None and seen.people_sent >= people and not (settled and seen.unsent):
            return seen
        time.sleep(0.5)
    return seen


def before_start(fake: FakeSlackProcess, fault: str, due: int) -> Fault:
    """Faults in place before the digests fall due: Slack failing a share of calls."""
    if fault != "5xx":
        return Fault(fault)
    errors = fake.command("fail_share", method=POST_MESSAGE, calls=due, errors=0.05,
                          timeouts=0.02, seed=3)["result"]  # fmt: skip
    # Only a resend reads the DM's history (is the digest there already?), so about as many
    # history calls happen as DMs failed: the share is of those, not of all the digests.
    # Spread over `due` slots, the failures would fall on the few resends again and again.
    history_calls = max(errors, 1)
    checks = fake.command("fail_share", method="conversations.history", calls=history_calls,
                          errors=0.2, seed=4)["result"]  # fmt: skip
    return Fault(
        "5xx",
        detail=f"Slack failing {errors} of the first {due:,} chat.postMessage calls (5% with "
        f"503, 2% answered only after 12 s, past the client's 10 s timeout) and {checks} of "
        f"the first {history_calls} conversations.history calls (a resend's check) with 503",
    )


def midway(
    fault: Fault,
    fake: FakeSlackProcess,
    victim: Replica | None,
    server: PostgresServer | None,
    outage: float,
) -> None:
    """Make the fault now (half the digests are out). A replica killed or a database
    restarted is made to meet digests already in Slack and not yet marked sent: the next
    three DMs are answered late, and the fault comes once they have arrived."""
    if fault.name in ("kill", "postgres"):
        mark = fake.command("mark")["calls"]
        # Answered after the kill (but before the fake stops), or while the database is down.
        late = 5.0 if fault.name == "kill" else outage / 2
        fake.command("delay_next", method=POST_MESSAGE, seconds=late, times=3)
        fake.command("wait_calls", method=POST_MESSAGE, count=3, after=mark, timeout=60)
    fault.began = time.monotonic()
    if fault.name == "kill" and victim is not None:
        victim.kill()
        fault.detail = "kill -9 of the replica holding the sweep lease (3 DMs in flight)"
    elif fault.name == "postgres" and server is not None:
        crash_postgres(server)
        time.sleep(outage)  # the outage itself
        start_postgres_again(server)
        fault.detail = f"PostgreSQL stopped (immediate) for {outage:.0f} s, 3 DMs in flight"
    elif fault.name == "429":
        times = 50
        fake.command("rate_limit_next", method=POST_MESSAGE, retry_after=2, times=times)
        fault.detail = f"a burst of {times} 429s (Retry-After: 2) on chat.postMessage"
    fault.ended = time.monotonic()


def held_since(database_url: str, stamps: list[str]) -> int:
    """How many held mentions the replayed events (by their ts) left."""
    from bot.focus.tables import HeldMention  # noqa: PLC0415 - only the benchmark's end

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            total = 0
            for start in range(0, len(stamps), 1000):
                chunk = stamps[start : start + 1000]
                total += int(
                    connection.scalar(
                        select(func.count())
                        .select_from(HeldMention)
                        .where(HeldMention.message_ts.in_(chunk))
                    )
                    or 0
                )
            return total
    finally:
        engine.dispose()
