"""Message events replayed to Kairos while the digests go out, at a steady rate (open loop:
a slow ack does not slow the sending), with an @channel in the everyone channel now and
then; each ack timed, and a failed delivery retried as Slack retries it."""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.signing import signed_headers
from tests.support.fanout import EVERYONE, World
from tests.support.process import SIGNING_SECRET

SENDERS = 16
# Slack waits this long for an ack, then counts the delivery failed and retries it.
SLACK_TIMEOUT = 3.0


@dataclass
class Acks:
    """Ack latencies (ms) by kind, and what was sent."""

    mentions: list[float] = field(default_factory=list)
    broadcasts: list[float] = field(default_factory=list)
    # First deliveries not answered 200, by status (0: no answer within Slack's 3 s).
    failed: Counter[int] = field(default_factory=Counter)
    redelivered: int = 0  # deliveries made again, as Slack retries
    given_up: int = 0  # events not acked after Slack's three retries
    # (ts, sender, people mentioned; None for an @channel), of every event sent.
    sent: list[tuple[str, str, tuple[str, ...] | None]] = field(default_factory=list)

    def expected_held(self, world: World) -> int:
        """Held mentions the events must leave: one per person in focus they reach (the
        everyone channel has everyone), but never for the sender."""
        focusing = set(world.focusing)
        total = 0
        for _ts, sender, mentioned in self.sent:
            reached = focusing if mentioned is None else focusing & set(mentioned)
            total += len(reached - {sender})
        return total


class Replay:
    """Sends events from a thread until stopped; an event not acked with 200 within Slack's
    3 s is delivered again as Slack does (X-Slack-Retry-Num), up to three times, on Slack's
    schedule (at once, after a minute, after five) divided by `retry_scale`."""

    def __init__(
        self,
        url: str,
        world: World,
        *,
        rate: float,
        broadcast_every: float,
        retry_scale: float = 1.0,
        seed: int = 11,
    ) -> None:
        self._url = url
        self._world = world
        self._rate = rate
        self._broadcast_every = broadcast_every
        self._retry_after = [0.0, 60 / retry_scale, 300 / retry_scale]
        self._rng = random.Random(seed)
        self._channels = sorted(world.channels)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._local = threading.local()
        # (when, order, body, @channel, retry number): deliveries to make again.
        self._again: list[tuple[float, int, str, bool, int]] = []
        self._in_flight: set[Future[None]] = set()
        self.acks = Acks()
        self._thread = threading.Thread(target=self._run, name="replay", daemon=True)

    def start(self) -> None:
        """Begin sending now."""
        self._thread.start()

    def stop(self) -> Acks:
        """Stop sending new events, finish the retries Slack would still make, and return
        the figures."""
        self._stop.set()
        self._thread.join(self._retry_after[-1] * 3 + 60)
        return self.acks

    def _run(self) -> None:
        started = time.monotonic()
        next_event, next_broadcast = started, started + self._broadcast_every / 2
        sent = 0
        with ThreadPoolExecutor(SENDERS, thread_name_prefix="sender") as pool:
            while True:
                now = time.monotonic()
                with self._lock:
                    self._in_flight = {f for f in self._in_flight if not f.done()}
                    again = [a for a in self._again if a[0] <= now]
                    self._again = [a for a in self._again if a[0] > now]
                    idle = not (self._again or self._in_flight or again)
                if self._stop.is_set() and idle:
                    return
                for _when, _order, body, broadcast, retry in again:
                    self._submit(pool, body, broadcast, retry)
                if not self._stop.is_set() and now >= next_event:
                    broadcast = self._broadcast_every > 0 and now >= next_broadcast
                    if broadcast:
                        next_broadcast += self._broadcast_every
                    self._submit(pool, *self._event(broadcast=broadcast), 0)
                    sent += 1
                    next_event = started + sent / self._rate
                if self._stop.is_set():
                    time.sleep(0.05)  # only retries are left: the event no longer waits
                else:
                    self._stop.wait(max(0.0, min(next_event - time.monotonic(), 0.05)))

    def _submit(self, pool: ThreadPoolExecutor, body: str, broadcast: bool, retry: int) -> None:
        future = pool.submit(self._send, body, broadcast, retry)
        with self._lock:
            self._in_flight.add(future)

    def _event(self, *, broadcast: bool) -> tuple[str, bool]:
        people = self._world.people
        sender = self._rng.choice(people)
        if broadcast:
            channel, text, mentioned = EVERYONE, "<!channel> the deploy is done", None
        else:
            mentioned = tuple(self._rng.sample(people, self._rng.randint(1, 3)))
            channel = self._rng.choice(self._channels)
            text = " ".join(f"<@{p}>" for p in mentioned) + " could you take a look at this?"
        event = payloads.message_event(sender, channel, text)
        with self._lock:
            self.acks.sent.append((event["ts"], sender, mentioned))
        return json.dumps(payloads.event_callback(event)), broadcast

    def _send(self, body: str, broadcast: bool, retry: int) -> None:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = httpx.Client(timeout=SLACK_TIMEOUT)
        headers = signed_headers(SIGNING_SECRET, body, content_type="application/json")
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"}
        started = time.perf_counter()
        try:
            status = client.post(self._url, content=body, headers=headers).status_code
        except httpx.HTTPError:
            status = 0
        elapsed = (time.perf_counter() - started) * 1000
        with self._lock:
            if retry == 0:
                (self.acks.broadcasts if broadcast else self.acks.mentions).append(elapsed)
            else:
                self.acks.redelivered += 1
            if status == 200:
                return
            if retry == 0:
                self.acks.failed[status] += 1
            if retry < len(self._retry_after):
                when = time.monotonic() + self._retry_after[retry]
                self._again.append((when, len(self.acks.sent), body, broadcast, retry + 1))
            else:
                self.acks.given_up += 1


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]
