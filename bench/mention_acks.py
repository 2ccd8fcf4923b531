"""Ack throughput and latency for message events with mentions, against a bare Bolt app.

1,000 users who use Kairos, 30% of them in a focus session; every event mentions one to
three of them, so about half the events hold a mention (stored before the ack) and send
the sender a note. 16 concurrent senders post signed events over real HTTP to
`kairos run --http` on PostgreSQL and to a bare Bolt app that only acks, served by the
same server code with the same number of worker processes (WEB_CONCURRENCY, by default
one per core). Prints events/s, p50/p99 ack latency and the servers' CPU time per event
for both. The fake Slack runs in a process of its own; everything shares this machine's
cores.

    python bench/mention_acks.py [--events 4000] [--rounds 8] [--senders 16] [--workers N]
                                 [--norms]

The servers take turns (ABBA, in `--rounds` rounds over the events), so that both meet the
same moments of a shared machine.

With --norms the benchmark channel has norms with a response time (within 4 working hours),
so every event, which mentions someone and asks something, is also noted as a question.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from cryptography.fernet import Fernet
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.database import postgres
from bot.db.engine import make_engine, make_session_factory
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.signing import signed_headers
from bot.focus.tables import HeldMention, Person
from bot.norms.tables import ChannelNorms, NormQuestion
from tests.support import databases
from tests.support.process import (
    BOT_TOKEN,
    SIGNING_SECRET,
    KairosProcess,
    base_environment,
    free_port,
)

USERS = 1000
IN_FOCUS = 0.3
CHANNEL = "C0BENCH"


def seed(database_url: str, users: list[str], now: datetime) -> None:
    """Store the people; 30% are in a two-hour focus session."""
    sessions = make_session_factory(make_engine(database_url))
    rng = random.Random(7)
    with sessions() as session, session.begin():
        for user in users:
            focusing = rng.random() < IN_FOCUS
            session.add(
                Person(
                    user_id=user,
                    tz="Europe/Amsterdam",
                    focus_blocks="",
                    working_hours="",
                    session_starts_at=now if focusing else None,
                    session_ends_at=now + timedelta(hours=2) if focusing else None,
                    updated_at=now,
                )
            )


def set_norms(database_url: str, now: datetime) -> None:
    """Norms with a response time on the benchmark channel: its questions are noted."""
    sessions = make_session_factory(make_engine(database_url))
    with sessions() as session, session.begin():
        session.add(
            ChannelNorms(
                channel_id=CHANNEL, purpose="Benchmark", kind="async",
                response_kind="working_minutes", response_amount=240, updated_at=now,
            )
        )  # fmt: skip


def count_questions(database_url: str) -> int:
    """Questions noted (one per person asked)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(NormQuestion)) or 0)
    finally:
        engine.dispose()


def count_held_messages(database_url: str) -> int:
    """Messages Kairos held a mention of (each one gets a note to its sender)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            held = select(HeldMention.channel_id, HeldMention.message_ts).distinct().subquery()
            return int(connection.scalar(select(func.count()).select_from(held)) or 0)
    finally:
        engine.dispose()


def make_events(count: int, users: list[str]) -> list[str]:
    """Signed-ready JSON bodies: a message from one user mentioning one to three others."""
    rng = random.Random(11)
    bodies = []
    for _ in range(count):
        sender = rng.choice(users)
        mentioned = rng.sample(users, rng.randint(1, 3))
        text = " ".join(f"<@{u}>" for u in mentioned) + " could you take a look at this?"
        bodies.append(
            json.dumps(payloads.event_callback(payloads.message_event(sender, CHANNEL, text)))
        )
    return bodies


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process and its live descendants have used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            total += cpu_seconds(int(child))
    return total


def settle(pid: int) -> float:
    """Seconds until the server stops using CPU (less than 2% of a core for half a second)."""
    started = last = time.perf_counter()
    used = cpu_seconds(pid)
    while time.perf_counter() - started < 120:
        time.sleep(0.5)
        now_used = cpu_seconds(pid)
        if now_used - used < 0.01:
            return last - started
        used, last = now_used, time.perf_counter()
    return last - started


def replay(url: str, bodies: list[str], senders: int) -> tuple[float, list[float], int]:
    """Post every body with `senders` threads; returns (seconds, latencies in ms, errors)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    local = threading.local()

    def send(body: str) -> None:
        nonlocal errors
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(timeout=10)
        headers = signed_headers(SIGNING_SECRET, body, content_type="application/json")
        started = time.perf_counter()
        response = client.post(url, content=body, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            latencies.append(elapsed)
            if response.status_code != 200:
                errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(senders) as pool:
        list(pool.map(send, bodies))
    return time.perf_counter() - started, latencies, errors


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


@dataclass
class Tally:
    """One server's figures, summed over the rounds."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    cpu_s: float = 0.0
    drained_s: float = 0.0


def measured(
    servers: dict[str, tuple[str, int]], bodies: list[str], senders: int, rounds: int
) -> dict[str, dict[str, float]]:
    """Replay the bodies against each server in `rounds` turns, taking turns ABBA, and print
    a line of figures per server.

    This machine's speed drifts by tens of percent over a minute (other tenants share its
    cores), so one server measured after the other compared two different machines. Taking
    turns in short rounds gives each the same mix of fast and slow moments. Beside
    throughput and latency, the server processes' CPU time per event: unlike events/s it
    hardly depends on what else the machine is doing.
    """
    tallies = {name: Tally() for name in servers}
    size = -(-len(bodies) // rounds)
    for turn in range(rounds):
        chunk = bodies[turn * size : (turn + 1) * size]
        names = list(servers) if turn % 4 in (0, 3) else list(reversed(servers))
        for name in names:
            url, pid = servers[name]
            tally = tallies[name]
            cpu_before = cpu_seconds(pid)
            seconds, latencies, errors = replay(url, chunk, senders)
            # Kairos sends its notes to senders beside the acks; wait until that work is done
            # too, so that its CPU time is counted and none spills into the next turn.
            tally.drained_s = max(tally.drained_s, settle(pid))
            tally.cpu_s += cpu_seconds(pid) - cpu_before
            tally.seconds += seconds
            tally.latencies += latencies
            tally.errors += errors
    results = {}
    for name, tally in tallies.items():
        count = len(tally.latencies)
        figures = results[name] = {
            "events_per_s": count / tally.seconds,
            "p50_ms": statistics.median(tally.latencies),
            "p99_ms": percentile(tally.latencies, 99),
            "cpu_ms": tally.cpu_s * 1000 / count,
            "errors": tally.errors,
        }
        print(
            f"{name:<12} {figures['events_per_s']:8.1f} events/s   p50 {figures['p50_ms']:6.1f} ms"
            f"   p99 {figures['p99_ms']:6.1f} ms   server CPU {figures['cpu_ms']:5.2f} ms/event"
            f"   non-200: {tally.errors}   (busy {tally.drained_s:.1f} s after an ack at most)"
        )
    return results


def wait_healthy(port: int, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait for /healthz."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def main() -> None:
    """Run both servers and print the comparison."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=4000)
    parser.add_argument("--senders", type=int, default=16)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="HTTP worker processes for both servers (WEB_CONCURRENCY; default: the cores)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=8,
        help="turns each server takes, alternating (ABBA), over which the events are split",
    )
    parser.add_argument(
        "--norms",
        action="store_true",
        help="give the benchmark channel a response time, so its questions are noted too",
    )
    args = parser.parse_args()

    users = [f"U{n:07d}" for n in range(USERS)]
    fake = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("fake_slack_process.py")),
            BOT_TOKEN,
            str(USERS),
            CHANNEL,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert fake.stdout is not None
    api_url = fake.stdout.readline().strip()
    base_url, _, server = postgres()
    database_url = databases.create_schema(base_url)
    kairos = bare = None
    held_messages = 0
    try:
        env = base_environment(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=api_url,
            DATABASE_URL=database_url,
            LOG_LEVEL="WARNING",
            WEB_CONCURRENCY=str(args.workers),
            # Kairos on PostgreSQL refuses to start without one.
            KAIROS_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        )
        port = free_port()
        kairos = KairosProcess(["run", "--http", "--port", str(port)], env, Path.cwd())
        kairos.wait_healthy(port)
        seed(database_url, users, datetime.now(UTC))
        if args.norms:
            set_norms(database_url, datetime.now(UTC))
        bodies = make_events(args.events, users)
        warm = make_events(200, users)

        bare_port = free_port()
        bare = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("bare_bolt.py"))],
            env={**env, "PORT": str(bare_port), "PYTHONPATH": str(Path.cwd())},
        )
        wait_healthy(bare_port)

        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}"
        )
        print(
            f"{args.events} events, {args.senders} concurrent senders, {USERS} users "
            f"({IN_FOCUS:.0%} in focus), PostgreSQL, fake Slack on loopback, "
            f"{args.workers} HTTP worker process(es) for each server"
            + (", norms with a response time on the channel" if args.norms else "")
            + "\n"
        )
        bare_url = f"http://127.0.0.1:{bare_port}/slack/events"
        kairos_url = f"http://127.0.0.1:{port}/slack/events"
        replay(bare_url, warm, args.senders)
        replay(kairos_url, warm, args.senders)
        servers = {"bare Bolt": (bare_url, bare.pid), "Kairos": (kairos_url, kairos.process.pid)}
        figures = measured(servers, bodies, args.senders, args.rounds)
        base, ours = figures["bare Bolt"], figures["Kairos"]
        held_messages = count_held_messages(database_url)
        if args.norms:
            print(f"questions noted: {count_questions(database_url)} (warm-up included)")
        ratio = ours["events_per_s"] / base["events_per_s"]
        print(
            f"\nKairos throughput is {ratio:.0%} of bare Bolt's (target at least 50%); "
            f"p99 ack {ours['p99_ms']:.0f} ms (target under 200 ms)"
        )
        if ours["errors"]:
            errors = [line for line in kairos.output().splitlines() if "Error" in line]
            print(f"\n{len(errors)} error lines from Kairos; the last few:")
            print("\n".join(errors[-8:]))
    finally:
        if kairos is not None:
            kairos.cleanup()
        if bare is not None:
            bare.terminate()
            bare.wait(10)
        databases.drop_schema(base_url, database_url)
        fake.terminate()
        answered = fake.communicate(timeout=30)[0].strip().splitlines()
        if answered:
            notes = json.loads(answered[-1]).get("chat.postEphemeral", {"calls": 0, "ok": 0})
            print(
                f"notes to senders: {notes['ok']} delivered of {notes['calls']} sent, for "
                f"{held_messages} messages held (warm-up included)"
            )
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
