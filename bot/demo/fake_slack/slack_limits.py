"""Slack's Web API rate limits, for the fake Slack to enforce (FakeSlack.set_rate_limits) and
for benchmarks to state the least time they allow (minimum_seconds).

Token buckets, one per method (per app per workspace: the fake is one app in one workspace),
plus two for chat.postMessage: one per conversation and one for the whole workspace. A
bucket starts full, holds `burst_seconds` of Slack's rate (at least one call) and refills
continuously; a call takes one token from each of its buckets, or is refused with the whole
seconds until they all have one again, which Slack sends as Retry-After.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

POST_MESSAGE = "chat.postMessage"

# Per minute, per method per app per workspace: the floor of each tier's range ("1+ per
# minute", "20+", "50+", "100+") in https://docs.slack.dev/apis/web-api/rate-limits.
SLACK_TIERS_PER_MINUTE: Mapping[str, float] = MappingProxyType(
    {"t1": 1.0, "t2": 20.0, "t3": 50.0, "t4": 100.0}
)

# The special tier's other methods (chat.getPermalink, auth.test, oauth.v2.access) publish no
# number; issue 15 puts chat.getPermalink at about 100 a minute, which is Tier 4.
SPECIAL_AS = "t4"

# Methods the fake answers without a file in reference/methods (slack_specs._EXTRA), with
# the tier each one's page on docs.slack.dev gives.
TIERS_NOT_IN_REFERENCE: Mapping[str, str] = MappingProxyType(
    {
        "auth.revoke": "t3",
        "conversations.join": "t3",
        "conversations.list": "t2",
        "users.conversations": "t3",
    }
)

# Bucket levels are floats: without a little slack, 3 x (1/3 of a token) could fall short of
# the one token it refills.
_EPSILON = 1e-9
# A fan-out of thousands of DMs leaves a bucket per conversation; full ones are as good as
# new, so they are dropped once there are more than this many buckets.
PRUNE_AT = 1000


@dataclass(frozen=True)
class RateLimits:
    """Slack's rate limits, as the fake enforces them.

    scale multiplies every rate: 10 makes the fake ten times faster than Slack, so that a
    short benchmark meets the limits a long run on Slack would. It compresses time: a bucket
    holds as many calls at any scale (burst_seconds is in Slack's seconds), and refills
    `scale` times faster.

    Where the numbers come from:
    - tiers_per_minute: Slack's tiers, per method per app per workspace: Tier 1 "1+ per
      minute", Tier 2 "20+", Tier 3 "50+", Tier 4 "100+"
      (https://docs.slack.dev/apis/web-api/rate-limits); the floors, since that is what an
      app can count on. A tier missing from the mapping is not limited.
    - post_per_channel_per_second: chat.postMessage "generally allows posting one message per
      second per channel", with "short bursts >1 allowed" (same page).
    - post_workspace_per_minute: the same page says postMessage also keeps "a workspace-wide
      limit"; chat.postMessage's own page puts it at "several hundred messages per minute".
      300 is the low end of that.
    - burst_seconds: Slack publishes no burst sizes, only that Tier 1 tolerates "a small
      amount", Tier 2 "occasional bursts", Tier 4 "generous burst behavior". Three seconds'
      worth is a guess that keeps each tier's bursts in that order (t2: 1 call, t4: 5).
    """

    scale: float = 1.0
    burst_seconds: float = 3.0
    tiers_per_minute: Mapping[str, float] = field(
        default_factory=lambda: SLACK_TIERS_PER_MINUTE, hash=False
    )
    post_per_channel_per_second: float = 1.0
    post_workspace_per_minute: float = 300.0

    def __post_init__(self) -> None:
        rates = {
            "scale": self.scale,
            "burst_seconds": self.burst_seconds,
            "post_per_channel_per_second": self.post_per_channel_per_second,
            "post_workspace_per_minute": self.post_workspace_per_minute,
            **{f"tiers_per_minute[{t!r}]": r for t, r in self.tiers_per_minute.items()},
        }
        for name, value in rates.items():
            if not (value > 0 and math.isfinite(value)):
                raise ValueError(f"RateLimits: {name} must be above 0 (e.g. 1.0), not {value!r}")


@dataclass(frozen=True)
class _Shape:
    """A bucket's size in calls and its refill in calls per (scaled) second."""

    capacity: float
    refill: float


def _shape(limits: RateLimits, slack_per_second: float) -> _Shape:
    capacity = max(1.0, slack_per_second * limits.burst_seconds)
    return _Shape(capacity, slack_per_second * limits.scale)


def _method_shape(limits: RateLimits, method: str, tier: str) -> _Shape | None:
    """The bucket of one method (chat.postMessage: the workspace's); None: not limited."""
    if method == POST_MESSAGE:
        return _shape(limits, limits.post_workspace_per_minute / 60)
    tier = tier or TIERS_NOT_IN_REFERENCE.get(method, "")
    if tier == "t5":
        tier = SPECIAL_AS
    per_minute = limits.tiers_per_minute.get(tier)
    return None if per_minute is None else _shape(limits, per_minute / 60)


def _buckets_of(
    limits: RateLimits, method: str, tier: str, channel: str | None
) -> Iterator[tuple[tuple[str, str], _Shape]]:
    """The buckets a call draws on, by key."""
    shape = _method_shape(limits, method, tier)
    if shape is not None:
        yield ("method", method), shape
    if method == POST_MESSAGE and channel is not None:
        yield ("channel", channel), _shape(limits, limits.post_per_channel_per_second)


@dataclass
class _Bucket:
    shape: _Shape
    tokens: float
    updated: float

    def refill(self, now: float) -> None:
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.shape.capacity, self.tokens + elapsed * self.shape.refill)
        self.updated = now

    def wait(self) -> float:
        """Seconds until this bucket holds a whole token again."""
        return max(0.0, 1.0 - self.tokens) / self.shape.refill


class Limiter:
    """Admits or refuses Web API calls by RateLimits; safe to call from many threads.

    monotonic is the clock the buckets refill by (time.monotonic; a test passes its own)."""

    def __init__(
        self, limits: RateLimits, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._refused: dict[str, int] = {}
        self._prune_at = PRUNE_AT

    def admit(self, method: str, tier: str, channel: str | None) -> int | None:
        """None if the call may go ahead (its tokens are taken); else the Retry-After to
        answer: the whole seconds, at least 1, until every bucket it needs has a token.

        tier is the method reference's ("t1".."t5"; "" when it has none). channel is the
        conversation of a chat.postMessage (ignored for other methods)."""
        with self._lock:
            # Read inside the lock, so that no thread refills with a moment another thread
            # has already passed.
            now = self._monotonic()
            buckets = [
                self._bucket(key, shape, now)
                for key, shape in _buckets_of(self.limits, method, tier, channel)
            ]
            lacking = [b for b in buckets if b.tokens < 1.0 - _EPSILON]
            if not lacking:
                for bucket in buckets:
                    bucket.tokens = max(0.0, bucket.tokens - 1.0)
                if len(self._buckets) > self._prune_at:
                    self._prune(now)
                return None
            self._refused[method] = self._refused.get(method, 0) + 1
            wait = max(b.wait() for b in lacking)
            return max(1, math.ceil(wait - _EPSILON))

    def refused(self) -> dict[str, int]:
        """How many calls of each method admit() has refused."""
        with self._lock:
            return dict(self._refused)

    def _prune(self, now: float) -> None:
        for key, bucket in list(self._buckets.items()):
            bucket.refill(now)
            if bucket.tokens >= bucket.shape.capacity - _EPSILON:
                del self._buckets[key]
        # Busy buckets stay; wait for as many again before the next sweep.
        self._prune_at = max(PRUNE_AT, 2 * len(self._buckets))

    def _bucket(self, key: tuple[str, str], shape: _Shape, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(shape, shape.capacity, now)
        else:
            bucket.refill(now)
        return bucket


def minimum_seconds(
    limits: RateLimits,
    calls: Mapping[str, int],
    tiers: Mapping[str, str],
    post_channels: Mapping[str, int] | None = None,
) -> float:
    """The least wall time in which the limits let these calls through, from full buckets.

    calls: method -> how many calls; tiers: method -> its tier (as the method reference
    says; a method missing here is looked up as admit() does, and is not limited if its tier
    is unknown); post_channels: conversation -> how many of the chat.postMessage calls went
    there. The bound is the slowest bucket: max(0, calls - capacity) / refill rate; the
    calls of different buckets may overlap, so the real time can be longer, never shorter.
    """

    def bound(count: int, shape: _Shape | None) -> float:
        return 0.0 if shape is None else max(0.0, count - shape.capacity) / shape.refill

    bounds = [bound(n, _method_shape(limits, m, tiers.get(m, ""))) for m, n in calls.items()]
    per_channel = _shape(limits, limits.post_per_channel_per_second)
    bounds += [bound(n, per_channel) for n in (post_channels or {}).values()]
    return max(bounds, default=0.0)
