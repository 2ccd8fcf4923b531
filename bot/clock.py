"""The one place that reads the wall clock; everything else is handed a Clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


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
