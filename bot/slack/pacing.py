"""Calling Slack no faster than it allows, so a fan-out of thousands of DMs meets few 429s.

Each method has a token bucket per workspace (bot/slack/limits.py); chat.postMessage also
has one per conversation. A call waits until every bucket it draws from holds a token. A
bucket holds BURST_SECONDS' worth of calls, so a short burst goes at once and a long one
settles at the published rate.

After a 429, `hold` stops the calls that met it for Retry-After seconds: every thread
calling that method, or for chat.postMessage only that conversation (one busy channel must
not stall everyone's DMs). Other methods go on.

Urgent calls (a request Slack is waiting on, within its three seconds) never wait for a
token, only for a hold: they take theirs at once, into debt if need be, and the paced
calls after them pay it back. Our buckets are cautious guesses at Slack's (it publishes no
burst sizes): a listener's second users.info in a second must not wait out a guess. Paced
callers also leave a few tokens of each large bucket to urgent ones, so that a listener's
reply is rarely in debt behind a thousand digests of the same method; paced callers still
get the whole rate, only a smaller first burst.

KAIROS_SLACK_RATE_SCALE multiplies every rate: for a workspace whose limits differ, or a
simulated Slack that runs faster. A burst stays the same number of calls; Retry-After is
Slack's own word and is not scaled.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.slack.limits import BURST_SECONDS, LIMITS, Limit

# The share of a bucket a paced caller leaves for urgent ones (rounded down: a bucket of
# under five calls keeps no reserve).
RESERVE_SHARE = 0.2
# A token short by less than this is there: float sums of refills must not make a caller
# sleep for a nanosecond again and again.
EPSILON = 1e-9
# Conversation buckets are dropped once full and unheld (as good as new), when there are
# more than this many: one per DM of a fan-out of thousands would otherwise stay forever.
PRUNE_AT = 1000


@dataclass
class _Bucket:
    rate: float | None  # tokens a second; None: not paced, only held after a 429
    capacity: float
    reserve: float
    tokens: float
    updated: float
    held_until: float = -math.inf

    def _refill(self, now: float) -> None:
        if self.rate is not None and now > self.updated:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now

    def delay(self, now: float, *, urgent: bool) -> float:
        """Seconds until a call may take a token (0: now)."""
        if now < self.held_until:
            return self.held_until - now
        if self.rate is None or urgent:
            return 0.0
        self._refill(now)
        short = 1.0 + self.reserve - self.tokens
        return 0.0 if short <= EPSILON else short / self.rate

    def take(self, now: float) -> None:
        if self.rate is not None:
            self._refill(now)
            # An urgent call's debt is bounded: a flood of them costs paced callers one
            # burst's wait at most; past that, Slack's own 429s say when to stop.
            self.tokens = max(-self.capacity, self.tokens - 1.0)

    def hold(self, now: float, seconds: float) -> None:
        self._refill(now)
        until = now + max(0.0, seconds)
        if until <= self.held_until:
            return
        self.held_until = until
        # Nothing refills during the hold; at its end the call that met the 429 goes again,
        # and the rest follow at the rate rather than in a burst.
        self.tokens = min(self.capacity, 1.0 + self.reserve)
        self.updated = until

    def idle(self, now: float) -> bool:
        """Full and not held: the same as a new bucket."""
        self._refill(now)
        return now >= self.held_until and (self.rate is None or self.tokens >= self.capacity)


class Pacer:
    """Token buckets for Slack's Web API methods; safe across threads.

    `monotonic` and `sleep` are injected so that tests need no real time.
    """

    def __init__(
        self,
        limits: Mapping[str, Limit] = LIMITS,
        *,
        scale: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not scale > 0 or math.isinf(scale):
            raise ValueError("the rate scale must be a number above 0")
        self._limits = dict(limits)
        self._scale = scale
        self._monotonic = monotonic
        self._sleep = sleep
        self._lock = threading.Lock()
        self._methods: dict[str, _Bucket] = {}
        self._conversations: dict[tuple[str, str], _Bucket] = {}
        self._prune_at = PRUNE_AT

    def per_conversation(self, method: str) -> bool:
        """Whether calls of the method are also paced per conversation (chat.postMessage)."""
        limit = self._limits.get(method)
        return limit is not None and limit.per_conversation is not None

    def wait(self, method: str, channel: str | None = None, *, urgent: bool = False) -> float:
        """Block until a call of the method (in the conversation, where that counts) may go;
        returns the seconds waited. An urgent call waits out a hold only."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._monotonic()
                buckets = self._buckets(method, channel, now)
                delay = max(b.delay(now, urgent=urgent) for b in buckets)
                if delay <= 0:
                    for bucket in buckets:
                        bucket.take(now)
                    return waited
            self._sleep(delay)
            waited += delay

    def hold(self, method: str, seconds: float, channel: str | None = None) -> None:
        """Slack answered 429 with Retry-After `seconds`: calls of the method (of the
        conversation, for a method paced per conversation) wait that long."""
        with self._lock:
            now = self._monotonic()
            buckets = self._buckets(method, channel, now)
            # The last bucket is the narrowest: the conversation's where there is one.
            buckets[-1].hold(now, seconds)

    def _buckets(self, method: str, channel: str | None, now: float) -> list[_Bucket]:
        """The buckets a call draws from, widest first."""
        limit = self._limits.get(method)
        bucket = self._methods.get(method)
        if bucket is None:
            bucket = self._methods[method] = self._new(limit.per_minute if limit else None, now)
        if limit is None or limit.per_conversation is None or not channel:
            return [bucket]
        key = (method, channel)
        conversation = self._conversations.get(key)
        if conversation is None:
            self._prune(now)
            conversation = self._new(limit.per_conversation, now)
            self._conversations[key] = conversation
        return [bucket, conversation]

    def _new(self, per_minute: float | None, now: float) -> _Bucket:
        if per_minute is None:
            return _Bucket(None, 1.0, 0.0, 1.0, now)
        # The burst is a number of calls (three seconds' worth of Slack's rate) at any scale,
        # as the simulated Slack keeps it (bot/demo/fake_slack/slack_limits.py): a Slack ten
        # times faster refills ten times faster, not into a bucket ten times larger.
        capacity = max(1.0, BURST_SECONDS * per_minute / 60.0)
        reserve = float(math.floor(capacity * RESERVE_SHARE))
        return _Bucket(per_minute / 60.0 * self._scale, capacity, reserve, capacity, now)

    def _prune(self, now: float) -> None:
        if len(self._conversations) < self._prune_at:
            return
        for key in [k for k, b in self._conversations.items() if b.idle(now)]:
            del self._conversations[key]
        # Pruned again only once it has doubled: a fan-out to many DMs stays linear.
        self._prune_at = max(PRUNE_AT, 2 * len(self._conversations))
