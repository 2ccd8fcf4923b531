"""A big team's 09:00, for bench/fanout.py and tests/e2e/test_fanout_faults.py.

A generated workspace (people in a few zones, channels, mentions held overnight), seeded
into the simulated Slack and into Kairos's database so that everyone's digests fall due at
one instant; then the count of what Slack received: which held mentions reached their
person in a digest, none, or more than one.

Each person with focus hours is assumed to have had a DM from Kairos before (they set their
focus hours up through it): their DM is open in the simulated Slack and remembered in
`dm_channels`, as Kairos remembers the DMs it opens.
"""

from __future__ import annotations

import json
import random
import subprocess
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy import insert

from bot.db.engine import make_engine, make_session_factory
from bot.demo.fake_slack.slack_api import Call, FakeSlack
from bot.digest.service import METADATA_EVENT
from bot.focus.model import FOCUSING, OFF_HOURS
from bot.focus.repo import schedule_to_text
from bot.focus.schedule import ALL_DAYS, MINUTES_PER_DAY, windows_for
from bot.focus.tables import HeldMention, Person
from bot.workspace.tables import DmChannel
from tests.support.postgres import PostgresServer

CHANNELS = 200
CHANNELS_EACH = 8
# The one channel everybody is in, where the @channel messages go.
EVERYONE = "C0EVERYONE"
# Zones whose offsets are whole minutes, so that a whole UTC minute is a whole local one.
ZONES = ("Europe/Amsterdam", "Europe/London", "America/New_York", "Asia/Kolkata", "UTC")
WORKING_MINUTES = 8 * 60


@dataclass(frozen=True)
class Mention:
    """A message that mentioned someone off hours, held for their digest."""

    recipient: str
    sender: str
    channel: str
    ts: str

    @property
    def link_marker(self) -> str:
        """What every link to the message contains (chat.getPermalink's shape)."""
        return f"/archives/{self.channel}/p{self.ts.replace('.', '')}"

    @property
    def text(self) -> str:
        """The message as it was posted."""
        return f"<@{self.recipient}> could you look at this when you start?"


@dataclass(frozen=True)
class World:
    """The generated workspace."""

    people: tuple[str, ...]
    zones: Mapping[str, str]
    # With focus hours and held mentions: their digests fall due at the start.
    due: tuple[str, ...]
    # In a focus session all through the run: an @channel during it is held for them.
    focusing: tuple[str, ...]
    channels: Mapping[str, tuple[str, ...]]
    mentions: tuple[Mention, ...]

    def mentions_of(self) -> dict[str, list[Mention]]:
        """Each due person's held mentions."""
        found: dict[str, list[Mention]] = {person: [] for person in self.due}
        for mention in self.mentions:
            found[mention.recipient].append(mention)
        return found


def make_world(
    people: int,
    *,
    seed: int,
    base_ts: int,
    due_share: float = 0.3,
    focusing_share: float = 0.05,
    mentions_each: int = 5,
) -> World:
    """The same workspace for the same arguments (the simulated Slack's process and the
    benchmark each make it). Held mentions were sent every two seconds from base_ts on."""
    rng = random.Random(seed)
    everyone = tuple(f"U{n:07d}" for n in range(people))
    zones = {person: rng.choice(ZONES) for person in everyone}
    shuffled = rng.sample(everyone, len(everyone))
    due_count = round(people * due_share)
    due = tuple(sorted(shuffled[:due_count]))
    focusing = tuple(sorted(shuffled[due_count : due_count + round(people * focusing_share)]))
    channel_ids = [f"C0FAN{n:04d}" for n in range(CHANNELS)]
    members: dict[str, list[str]] = {channel: [] for channel in channel_ids}
    joined: dict[str, list[str]] = {}
    for person in everyone:
        joined[person] = rng.sample(channel_ids, min(CHANNELS_EACH, CHANNELS))
        for channel in joined[person]:
            members[channel].append(person)
    mentions: list[Mention] = []
    for recipient in due:
        for _ in range(rng.randint(1, 2 * mentions_each - 1)):
            channel = rng.choice(joined[recipient])
            sender = rng.choice([p for p in members[channel] if p != recipient] or everyone)
            index = len(mentions)
            ts = f"{base_ts + 2 * index}.{index % 1_000_000:06d}"
            mentions.append(Mention(recipient, sender, channel, ts))
    channels = {channel: tuple(people_in) for channel, people_in in members.items()}
    return World(everyone, zones, due, focusing, channels, tuple(mentions))


def seed_fake(fake: FakeSlack, world: World) -> dict[str, str]:
    """Put the workspace into the simulated Slack; returns each due person's DM channel."""
    for person in world.people:
        fake.add_user(person, name=person.lower(), tz=world.zones[person])
    for channel, members in world.channels.items():
        fake.add_channel(channel, name=channel.lower(), members=list(members))
    fake.add_channel(EVERYONE, name="everyone", members=list(world.people))
    for mention in world.mentions:
        fake.add_message(mention.channel, user=mention.sender, text=mention.text, ts=mention.ts)
    return {person: fake.open_dm(person) for person in world.due}


def next_whole_minute(after: datetime) -> datetime:
    """The first whole minute at or after `after`."""
    floor = after.replace(second=0, microsecond=0)
    return floor if floor == after else floor + timedelta(minutes=1)


def _daily(zone: str, starts_at: datetime, offset: int, length: int) -> str:
    """Every day, from `offset` minutes after starts_at's local time of day, `length` long."""
    local = starts_at.astimezone(ZoneInfo(zone))
    start = (local.hour * 60 + local.minute + offset) % MINUTES_PER_DAY
    return schedule_to_text(windows_for(ALL_DAYS, start, (start + length) % MINUTES_PER_DAY))


def seed_database(
    database_url: str,
    world: World,
    dms: Mapping[str, str],
    *,
    starts_at: datetime,
    now: datetime,
    by_session: bool = False,
) -> None:
    """Store everyone, and the due people's held mentions, due at `starts_at`.

    By default everyone's working hours start at starts_at (a whole minute), the mentions
    were held off hours, and the due people have focus hours later in the day. by_session:
    instead the due people are in a focus session that ends at starts_at (any instant), and
    nobody has working hours."""
    person_rows, held_rows = [], []
    focusing = set(world.focusing)
    due = set(world.due)
    for person in world.people:
        zone = world.zones[person]
        row = {
            "user_id": person,
            "tz": zone,
            "focus_blocks": _daily(zone, starts_at, 240, 120) if person in due else "",
            "working_hours": "" if by_session else _daily(zone, starts_at, 0, WORKING_MINUTES),
            "session_starts_at": None,
            "session_ends_at": None,
            "next_check_at": starts_at if person in due else None,
            "updated_at": now,
        }
        if person in focusing or (by_session and person in due):
            row["session_starts_at"] = now - timedelta(hours=1)
            row["session_ends_at"] = starts_at if person in due else now + timedelta(hours=3)
        person_rows.append(row)
    for mention in world.mentions:
        sent_at = datetime.fromtimestamp(float(mention.ts), UTC)
        held_rows.append(
            {
                "recipient_id": mention.recipient,
                "sender_id": mention.sender,
                "channel_id": mention.channel,
                "message_ts": mention.ts,
                "thread_ts": None,
                "text": mention.text,
                "kind": "user",
                "sent_at": sent_at,
                "held_at": sent_at,
                "held_for": FOCUSING if by_session else OFF_HOURS,
                "status": "held",
            }
        )
    dm_rows = [{"user_id": p, "channel_id": dms[p], "opened_at": now} for p in world.due]
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            session.execute(insert(Person), person_rows)
            session.execute(insert(HeldMention), held_rows)
            session.execute(insert(DmChannel), dm_rows)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Post:
    """One digest DM as Slack received it (answered ok)."""

    at: float  # when it was seen, time.monotonic() (one clock for all processes)
    recipient: str
    digest_id: int
    linked: tuple[str, ...]  # the ts of each held mention it links to


def digest_posts(
    calls: Sequence[Call], times: Sequence[float], world: World, dms: Mapping[str, str]
) -> list[Post]:
    """The digests among the calls (times[i]: when calls[i] was seen; inf if not yet)."""
    owner = {channel: person for person, channel in dms.items()}
    mentions = world.mentions_of()
    posts = []
    for index, call in enumerate(calls):
        metadata = call.args.get("metadata")
        if call.method != "chat.postMessage" or not call.ok or not isinstance(metadata, dict):
            continue
        if metadata.get("event_type") != METADATA_EVENT:
            continue
        channel = str(call.args.get("channel"))
        recipient = owner.get(channel, channel)  # a DM may be addressed by the person's id
        shown = json.dumps([call.args.get("text"), call.args.get("blocks")])
        linked = tuple(m.ts for m in mentions.get(recipient, []) if m.link_marker in shown)
        digest_id = int(metadata.get("event_payload", {}).get("digest_id", -1))
        at = times[index] if index < len(times) else float("inf")
        posts.append(Post(at, recipient, digest_id, linked))
    return posts


@dataclass(frozen=True)
class Outcome:
    """What reached whom, against what was held."""

    due: int
    held: int
    digests: int  # digest DMs Slack received
    lost: int  # held mentions in no digest
    duplicated: int  # held mentions in more than one digest
    repeated: int  # digest DMs of a digest id already received
    without_digest: tuple[str, ...]  # due people who got none
    with_several: tuple[str, ...]  # due people who got more than one

    @property
    def clean(self) -> bool:
        """Every held mention arrived exactly once, in one digest per person."""
        return not (self.lost or self.duplicated or self.repeated or self.with_several)


def tally(world: World, posts: Iterable[Post]) -> Outcome:
    """Count lost and duplicated deliveries."""
    received: dict[str, list[Post]] = {person: [] for person in world.due}
    for post in posts:
        received.setdefault(post.recipient, []).append(post)
    lost = duplicated = repeated = digests = 0
    for person, mentions in world.mentions_of().items():
        got = received.get(person, [])
        for mention in mentions:
            copies = sum(post.linked.count(mention.ts) for post in got)
            lost += copies == 0
            duplicated += max(0, copies - 1)
    for got in received.values():
        digests += len(got)
        repeated += len(got) - len({post.digest_id for post in got})
    return Outcome(
        due=len(world.due),
        held=len(world.mentions),
        digests=digests,
        lost=lost,
        duplicated=duplicated,
        repeated=repeated,
        without_digest=tuple(p for p in world.due if not received.get(p)),
        with_several=tuple(p for p, got in received.items() if len(got) > 1),
    )


class CallTimes:
    """When each of a simulated Slack's calls was first seen, on time.monotonic(): the
    fake records calls in order but not their time. Looks every 10 ms from a thread."""

    def __init__(self, fake: FakeSlack, every: float = 0.01) -> None:
        self._fake = fake
        self._every = every
        self._times: list[float] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="call-times", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.look()
            self._stop.wait(self._every)

    def look(self) -> list[Call]:
        """Stamp the calls not seen before; returns every call so far."""
        calls = self._fake.calls
        now = time.monotonic()
        with self._lock:
            self._times.extend([now] * (len(calls) - len(self._times)))
        return calls

    def snapshot(self) -> tuple[list[Call], list[float]]:
        """Every call so far and when each was seen."""
        calls = self.look()
        with self._lock:
            return calls, list(self._times[: len(calls)])

    def stop(self) -> None:
        """Stop looking (after one last look)."""
        self._stop.set()
        self._thread.join(5)
        self.look()


def _pg_ctl(server: PostgresServer, *args: str) -> None:
    command = [str(server.bindir / "pg_ctl"), "-D", str(server.root / "data"), *args]
    # PostgreSQL refuses to run as root: the same unprivileged user that started it.
    if server.run_as:
        command = ["runuser", "-u", server.run_as, "--", *command]
    subprocess.run(command, check=True, capture_output=True)


def commit_durably(server: PostgresServer) -> None:
    """Make the server's test database wait for each commit to reach the WAL, as PostgreSQL
    does by default. The throwaway servers turn that off for speed, and then a crash loses
    the last fraction of a second of commits: a digest recorded just before it would be gone
    after it, though its DM went out, and no application can survive that."""
    admin = f"host=127.0.0.1 port={server.port} user=kairos dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("ALTER DATABASE kairos_test SET synchronous_commit = on")


def crash_postgres(server: PostgresServer) -> None:
    """Stop the server at once, as a crash would (`immediate`: no checkpoint, connections
    cut)."""
    _pg_ctl(server, "-m", "immediate", "stop")


def start_postgres_again(server: PostgresServer) -> None:
    """Start a stopped server with the options it last ran with (postmaster.opts)."""
    # pg_ctl restart on a stopped server says so on stderr and starts it anyway.
    _pg_ctl(server, "-w", "-l", str(server.root / "server.log"), "restart")
