"""09:00 on a Monday in a 10,000-person workspace: every digest due at once, against Slack's
rate limits, with events arriving all the while (issue 15).

    python bench/fanout.py [--people 10000] [--rate-scale 10] [--workers N]
                           [--sweep-seconds 5] [--event-rate 20] [--broadcast-every 10]
                           [--fault none|kill|postgres|5xx|429] [--outage 6]

The workspace (tests/support/fanout.py): 30% of the people have focus hours and mentions
held overnight (on average 5 each, in 200 channels); everyone's working hours start at the
same whole minute, in each person's own zone, and the digests of those 30% fall due then.
5% more are in a focus session all along, so that an @channel in the channel of everyone
holds a mention for each of them. Each person with focus hours has had a DM from Kairos
before (they set their focus hours up through it): their DM is open in the simulated Slack
and remembered in `dm_channels`.

The simulated Slack (in its own process) enforces Slack's rate limits `--rate-scale` times
faster than Slack (RateLimits(scale=...)); Kairos paces itself at the same scale
(KAIROS_SLACK_RATE_SCALE). From the calls Slack answered ok between the start of working
hours and the last digest, the least time its limits allow for them (minimum_seconds) is
set against the time the last digest took. Meanwhile message events (mentions of one to
three people, and an @channel every --broadcast-every seconds) are replayed to Kairos at
--event-rate a second, each ack timed; one not acked with 200 within Slack's 3 s is
delivered again as Slack does (at once, after a minute, after five; those waits divided by
the rate scale).

Prints: when the first and last digests arrived, the limit-bound minimum and the ratio,
the calls and 429s, held mentions lost and duplicated (each held mention must be linked in
exactly one digest), the acks' p50/p99, the mentions the replayed events left held against
those expected, and the peak RSS of every Kairos process. With --fault, one fault once half
the digests are out (the first three only in bench/fanout_faults.py), and how long the
digests took to flow again:
  kill      two replicas on one PostgreSQL; the one holding the sweep lease is killed
            (kill -9, every process of it) with three DMs in flight; events go to the other
  postgres  PostgreSQL stopped (immediate) for --outage seconds with three DMs in flight
            (needs the throwaway server, not BENCH_DATABASE_URL; its commits made durable,
            synchronous_commit on, as PostgreSQL's default)
  5xx       from the start, 5% of the DMs answered 503 and 2% past the client's timeout, and
            20% of DM history reads (the check before a resend) answered 503
  429       a burst of 50 429s on chat.postMessage
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench import fanout_faults
from bench.database import postgres, version_and_fsync
from bench.fanout_events import Replay
from bench.fanout_figures import print_figures
from bench.fanout_processes import (
    FakeSlackProcess,
    Replica,
    kairos_settings,
    wait_for_sweep_lease,
)
from bench.machine import cpu_seconds, describe, machine_busy_seconds, postgres_cpu_seconds
from bot.clock import SystemClock
from bot.db.engine import make_engine, make_session_factory
from tests.support import databases
from tests.support.fanout import (
    CHANNELS,
    commit_durably,
    make_world,
    next_whole_minute,
    seed_database,
)

SEED = 7


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate-scale", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sweep-seconds", type=int, default=5)
    parser.add_argument("--event-rate", type=float, default=20.0)
    parser.add_argument("--broadcast-every", type=float, default=10.0)
    parser.add_argument("--fault", choices=fanout_faults.FAULTS, default="none")
    parser.add_argument("--outage", type=float, default=6.0)
    parser.add_argument("--log-level", default="WARNING")
    return parser.parse_args()


def conditions(args: argparse.Namespace, world_due: int, held: int, where: str) -> None:
    """Print what the run is made of."""
    print(describe(os.cpu_count()))
    print(
        f"workspace: {args.people:,} people in 5 zones, {CHANNELS} channels and one with "
        f"everyone; {world_due:,} (30%) with focus hours and {held:,} mentions held overnight"
        f" (~{held / max(1, world_due):.1f} each), due when everyone's working hours start (a "
        f"whole minute, in each person's zone); 5% more in a focus session all along. Each "
        "person with focus hours has had a DM from Kairos before: open in the simulated "
        "Slack and remembered in dm_channels."
    )
    print(
        f"Slack: simulated, its rate limits {args.rate_scale:g}x Slack's (tiers 1/20/50/100 a "
        "minute per method, chat.postMessage 1/s per conversation and 300 a minute per "
        f"workspace, 3 s bursts); Kairos with KAIROS_SLACK_RATE_SCALE={args.rate_scale:g}, "
        f"KAIROS_SWEEP_SECONDS={args.sweep_seconds}, WEB_CONCURRENCY={args.workers}; "
        f"PostgreSQL ({where}); events replayed: {args.event_rate:g}/s, an @channel every "
        f"{args.broadcast_every:g} s, each not acked with 200 within 3 s delivered again as Slack "
        f"does (at once, after 1 and 5 minutes, divided by {args.rate_scale:g}); fault: "
        f"{args.fault}\n"
    )


def cpu_now(replicas: list[Replica], fake: FakeSlackProcess) -> dict[str, float]:
    """CPU seconds so far: the machine's, Kairos's, PostgreSQL's, the fake's, this process's."""
    return {
        "machine": machine_busy_seconds(),
        "kairos": sum(replica.cpu() for replica in replicas),
        "postgres": postgres_cpu_seconds(),
        "slack": cpu_seconds(str(fake.process.pid)),
        "bench": cpu_seconds(),
    }


def main() -> None:
    """Run the fan-out once and print its figures."""
    args = arguments()
    clock = SystemClock()
    base_url, where, server = postgres()
    if args.fault == "postgres" and server is None:
        raise SystemExit("--fault postgres restarts the server: unset BENCH_DATABASE_URL")
    if server is not None and args.fault == "postgres":
        commit_durably(server)  # as PostgreSQL's default: a crash then loses no commit
    database_url = databases.create_schema(base_url)
    base_ts = int(clock.now().timestamp()) - 10 * 3600
    world = make_world(args.people, seed=SEED, base_ts=base_ts)
    fake = FakeSlackProcess(args.people, SEED, base_ts, args.rate_scale)
    settings = kairos_settings(args.rate_scale, args.sweep_seconds, args.workers, args.log_level)
    replicas: list[Replica] = []
    report = None
    try:
        replicas.append(Replica(fake.api_url, database_url, settings))
        if args.fault == "kill":
            # The first replica takes the sweep lease; the second waits to take it over.
            wait_for_sweep_lease(database_url)
            replicas.append(Replica(fake.api_url, database_url, settings))
        engine = make_engine(database_url)
        with make_session_factory(engine)() as session:
            version, fsync = version_and_fsync(session)
            durable = session.scalar(text("SHOW synchronous_commit"))
        engine.dispose()
        server_is = f"{version}, {where}, fsync {fsync}, synchronous_commit {durable}"
        conditions(args, len(world.due), len(world.mentions), server_is)
        starts_at = next_whole_minute(clock.now() + timedelta(seconds=15))
        seed_database(database_url, world, fake.dms, starts_at=starts_at, now=clock.now())
        fault = fanout_faults.before_start(fake, args.fault, len(world.due))
        start = time.monotonic() + (starts_at - clock.now()).total_seconds()
        time.sleep(max(0.0, start - time.monotonic()))
        replay = Replay(
            replicas[-1].events_url,
            world,
            rate=args.event_rate,
            broadcast_every=args.broadcast_every,
            retry_scale=args.rate_scale,
        )
        replay.start()
        cpu_before = cpu_now(replicas, fake)
        if args.fault in ("kill", "postgres", "429"):
            fanout_faults.wait_for(database_url, len(world.due) // 2, timeout=3600, settled=False)
            victim = replicas[0] if args.fault == "kill" else None
            fanout_faults.midway(fault, fake, victim, server, args.outage)
        done = fanout_faults.wait_for(database_url, len(world.due), timeout=3600)
        cpu = {k: v - cpu_before[k] for k, v in cpu_now(replicas, fake).items()}
        elapsed = time.monotonic() - start
        acks = replay.stop()
        print(f"(every due person's digest recorded sent: {done})")
        # @channel messages are held after their ack: wait until the last is.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            seen = fanout_faults.progress(database_url)
            if seen is not None and seen.pending_broadcasts == 0:
                break
            time.sleep(0.5)
        held_from_events = fanout_faults.held_since(database_url, [ts for ts, *_ in acks.sent])
        peaks: dict[str, list[tuple[float, float]]] = {}
        for index, replica in enumerate(replicas):
            replica.stop()
            peaks["ABCDEFGH"[index]] = replica.figures()
        report = fake.finish()
        print_figures(
            report,
            world,
            start=start,
            scale=args.rate_scale,
            acks=acks,
            held_from_events=held_from_events,
            peaks=peaks,
            fault=fault,
        )
        print(
            f"CPU from the start of working hours until every digest was recorded sent "
            f"({elapsed:.0f} s): the machine {cpu['machine'] / elapsed / (os.cpu_count() or 1):.0%}"
            f" of its cores busy; Kairos {cpu['kairos']:.0f} s, PostgreSQL "
            f"{cpu['postgres']:.0f} s, the simulated Slack {cpu['slack']:.0f} s, this process "
            f"(the events) {cpu['bench']:.0f} s"
        )
    finally:
        for index, replica in enumerate(replicas):
            if report is None:  # the run failed: show what Kairos said last
                print(
                    f"--- replica {'ABCDEFGH'[index]}:",
                    *replica.kairos.output().splitlines()[-40:],
                    sep="\n",
                )
            replica.stop()
        if report is None:
            fake.finish()
        databases.drop_schema(base_url, database_url)
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
