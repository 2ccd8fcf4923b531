"""The one place that reads the wall clock; everything else is handed a Clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


def unix_seconds() -> float:
    """Seconds since the epoch, now: the time stamps Slack puts in what it sends, as the
    simulated Slack (bot/demo/fake_slack) stamps its events, payloads and signatures."""
    return time.time()


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant from the operating system, in UTC."""
        return datetime.now(UTC)


class FakeClock:
    """A clock for tests and benchmarks that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """The fake current instant."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move time forward."""
        self._now += delta

    def set(self, instant: datetime) -> None:
        """Jump to an instant."""
        self._now = instant.astimezone(UTC)


class ScaledClock:
    """The clock of `kairos demo`: starts at a chosen instant and runs `scale` times faster
    than real time, so a scripted hour passes in seconds; it can also skip ahead."""

    def __init__(
        self,
        start: datetime,
        scale: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("ScaledClock needs an aware datetime")
        if scale <= 0:
            raise ValueError("ScaledClock needs a positive scale")
        self._start = start.astimezone(UTC)
        self._scale = scale
        self._monotonic = monotonic
        self._began = monotonic()
        self._skipped = timedelta(0)
        # Kairos reads the clock from its request, sweep and background threads at once.
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The scaled instant: the start, plus real time elapsed times the scale, plus skips."""
        with self._lock:
            elapsed = self._monotonic() - self._began
            return self._start + self._skipped + timedelta(seconds=elapsed * self._scale)

    def skip(self, delta: timedelta) -> None:
        """Jump forward (never back: a clock that goes back breaks every schedule)."""
        if delta < timedelta(0):
            raise ValueError("ScaledClock only skips forward")
        with self._lock:
            self._skipped += delta

    def timestamp(self) -> float:
        """The scaled instant as Unix seconds (what Slack's message timestamps count)."""
        return self.now().timestamp()
