"""Time zones read without surprises, shared by every domain's pure model: a zone by name,
and a local wall time as the UTC instant it names across DST gaps and folds (pure)."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_named(name: str) -> ZoneInfo:
    """A zone by IANA name; an unknown name (a renamed or missing zone) falls back to UTC."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_to_utc(wall: datetime, tz: ZoneInfo, *, end: bool) -> datetime:
    """The UTC instant a naive local wall time names: a gap moves forward, a fold picks a side.

    `end=False` (a start) takes the first occurrence in a fold, `end=True` the second.
    """
    if wall.tzinfo is not None:
        raise ValueError("local_to_utc takes a naive wall time")
    # PEP 495: fold=0 reads the wall time with the offset before a transition, fold=1 after.
    before = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    after = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if before == after:
        return before
    if before < after:
        # A fold: the wall time happens twice.
        return after if end else before
    # A gap: `after` < transition <= `before`. The transition is the first valid instant
    # after the gap; find it to the second (zone data is in whole seconds).
    low, high = math.floor(after.timestamp()), math.ceil(before.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).replace(tzinfo=None) > wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)
