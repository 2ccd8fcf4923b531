"""Focus sessions: ad-hoc focus from now, for a duration or until a local time (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import KairosUserError
from bot.focus.periods import Period, require_aware, utc_to_local
from bot.focus.schedule import MINUTES_PER_DAY
from bot.i18n import _
from bot.zones import local_to_utc

MIN_SESSION = timedelta(minutes=5)
MAX_SESSION = timedelta(hours=12)


@dataclass(frozen=True)
class FocusSession:
    """An ad-hoc focus period (`/focus now 90m`, `/focus until 17:00`), in aware UTC."""

    starts_at: datetime
    ends_at: datetime

    def __post_init__(self) -> None:
        require_aware(self.starts_at)
        require_aware(self.ends_at)
        if not self.starts_at < self.ends_at:
            raise ValueError("a focus session must end after it starts")
        object.__setattr__(self, "starts_at", self.starts_at.astimezone(UTC))
        object.__setattr__(self, "ends_at", self.ends_at.astimezone(UTC))

    @property
    def period(self) -> Period:
        """The session as a period."""
        return Period(self.starts_at, self.ends_at)


def session_for(at: datetime, duration: timedelta) -> FocusSession:
    """A session starting at `at` for `duration` (the grammar has already checked 5m..12h)."""
    require_aware(at)
    return FocusSession(at, at + duration)


def session_until(at: datetime, tz: ZoneInfo, local_minute: int) -> FocusSession:
    """A session from `at` to the next time the local clock reads `local_minute` (≤ 12 h).

    "Next" is the earliest instant after `at` showing that wall time: in a fold that is the
    first occurrence still ahead; in a gap it is the end of the gap (see periods.py).
    """
    require_aware(at)
    if not 0 <= local_minute < MINUTES_PER_DAY:
        raise ValueError(f"local minute {local_minute} is outside the day")
    today = utc_to_local(at, tz).date()
    candidates = [
        local_to_utc(_wall(today + timedelta(days=offset), local_minute), tz, end=second)
        for offset in (-1, 0, 1, 2)
        for second in (False, True)
    ]
    ends_at = min(c for c in candidates if c > at)
    if ends_at - at > MAX_SESSION:
        wanted = f"{local_minute // 60:02d}:{local_minute % 60:02d}"
        hours = (ends_at - at) // timedelta(hours=1)
        soon = utc_to_local(at + timedelta(hours=2), tz)
        raise KairosUserError(
            _(
                "{time} is next in about {hours} hours, and a focus session lasts at most "
                "12 hours. For focus every day, add a focus block instead.",
                time=wanted,
                hours=hours,
            ),
            example=f"/focus until {soon:%H}:00",
        )
    return FocusSession(at, ends_at)


def _wall(day: date, minute: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(minutes=minute)
