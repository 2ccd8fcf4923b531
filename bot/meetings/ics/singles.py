"""Lone one-off events, read without recurring_ical_events' series machinery.

A one-off is the only event of its UID and does not repeat: over half the events of a feed.
recurring_ical_events would build a Series, a rule set and a copy for each; here its one
occurrence is worked out from icalendar's public values, by the library's own rules, and
any event whose values the library treats its own way is left to the library.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import x_wr_timezone

from bot.meetings.ics.reader import Instance

# With any of these an event is (part of) a series, or its own EXDATE may cancel it.
_REPEATING = ("RRULE", "RDATE", "EXRULE", "EXDATE", "RECURRENCE-ID")


class _OddEventError(ValueError):
    """An event whose values recurring_ical_events treats its own way, or may refuse."""


def one_offs(calendar: Any, span_start: Any, span_end: Any) -> tuple[list[Instance], Any]:
    """The Instances in the span of the calendar's one-off events, and a copy of the
    calendar holding only the events that still need event_series.

    A one-off is the only event of its UID and does not repeat. recurring_ical_events
    would build a Series, a rule set and a copy for each (over half the events of a feed)
    to give what _one_off works out from the event's DTSTART, DTEND and DURATION.
    """
    by_uid: dict[str, list[Any]] = {}
    for event in calendar.walk("VEVENT"):
        uid = event.get("UID")
        if isinstance(uid, str):  # a UID given twice is a list: the library judges it
            by_uid.setdefault(uid, []).append(event)
    singles = [
        group[0]
        for group in by_uid.values()
        if len(group) == 1 and not any(name in group[0] for name in _REPEATING)
    ]
    if _is_pytz(span_start) or _is_pytz(span_end):
        singles = []  # the library normalizes pytz spans: leave it all to it
    instances: list[Instance] = []
    done: set[int] = set()
    if singles:
        try:
            # As recurring_ical_events.of does: X-WR-TIMEZONE gives floating times a zone.
            standard = x_wr_timezone.to_standard(_with_events(calendar, singles)).subcomponents
        except Exception:  # the library raises the same for the whole calendar
            standard = []
        for original, event in zip(singles, standard, strict=False):
            try:
                instance = _one_off(event, span_start, span_end)
            except Exception:  # noqa: S112 - odd values: the library reads or fails it
                continue
            done.add(id(original))
            if instance is not None:
                instances.append(instance)
    rest = [event for event in calendar.subcomponents if id(event) not in done]
    return instances, _with_events(calendar, rest)


def _with_events(calendar: Any, components: list[Any]) -> Any:
    """A calendar with the given calendar's properties and these components."""
    copy = calendar.copy()
    copy.subcomponents = components
    return copy


def _one_off(event: Any, span_start: Any, span_end: Any) -> Instance | None:
    """What Series.between(span_start, span_end) gives for a lone, non-repeating event.

    Raises where the library might fail or take its own path (a SEQUENCE that is not one
    number, pytz zones, DTSTART and DTEND of different kinds, times that overflow): the
    caller then leaves the event to the library, which fails it or not as it decides.
    """
    sequence = event.get("SEQUENCE")
    if sequence is not None and not isinstance(sequence, int):
        raise _OddEventError("the library compares SEQUENCE with a number")
    start, end = _start_and_end(event)
    if start > end:
        start, end = end, start  # the library swaps them rather than refusing
    # The library's occurrence lasts end - start from its start: with DTSTART and DTEND in
    # different zones and a DST change between, that is not DTEND on the wall clock.
    length = end - start
    stop = start + length
    # Its rule set is asked for starts from span_start - length to span_end, both
    # included, in the event's zone (a floating or all-day one on the span's wall clock).
    # Across a DST change that leaves out an event that does overlap the span's start.
    zone = start.tzinfo if isinstance(start, datetime) else None
    moment = _as_datetime(start, zone)
    if not _as_datetime(span_start - length, zone) <= moment <= _as_datetime(span_end, zone):
        return None
    if moment.tzinfo is not None:
        moment.astimezone(UTC)  # the library keys each start in UTC: it can overflow
    if not _overlaps(span_start, span_end, start, stop):
        return None
    return Instance(event, start, stop)


def _start_and_end(event: Any) -> tuple[Any, Any]:
    """DTSTART and DTEND as the library reads them: DTEND, else DTSTART + DURATION, else a
    day after a date and nothing after a time."""
    start = _time(event.get("DTSTART"), "DTSTART")
    given_end = event.get("DTEND")
    if given_end is not None:
        end = _time(given_end, "DTEND")
        if _kind(end) != _kind(start):
            raise _OddEventError("the library converts a DTEND of another kind")
        return start, end
    if "DURATION" not in event:
        return start, (start if isinstance(start, datetime) else start + timedelta(days=1))
    length = getattr(event.get("DURATION"), "dt", None)
    if not isinstance(length, timedelta):
        raise _OddEventError("DURATION is not one length of time")
    if length.seconds and not isinstance(start, datetime):
        # The library's reading: a date lasting hours starts at its floating midnight.
        start = datetime(start.year, start.month, start.day)  # noqa: DTZ001
    return start, start + length


def _time(given: Any, name: str) -> Any:
    """The date or time of a property given once, in a zone the library reads as is."""
    value = getattr(given, "dt", None)  # a list (given twice) has no .dt
    if not isinstance(value, date) or _is_pytz(value):
        raise _OddEventError(f"{name} is not one date or time the library reads plainly")
    return value


def _kind(value: date) -> tuple[bool, bool]:
    """Date or time, floating or not: the library converts one kind into another."""
    return isinstance(value, datetime), getattr(value, "tzinfo", None) is None


def _is_pytz(value: Any) -> bool:
    """Whether the value is a time in a pytz zone (which needs localize and normalize)."""
    return isinstance(value, datetime) and hasattr(value.tzinfo, "localize")


def _as_datetime(value: date, zone: Any) -> datetime:
    """The value as the library compares it with a time in zone: a date at midnight, a
    floating time put in zone, an aware one as is, or its own wall clock if zone is None."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)  # noqa: DTZ001
    if value.tzinfo is None:
        return value if zone is None else value.replace(tzinfo=zone)
    return value if zone is not None else value.replace(tzinfo=None)


def _overlaps(span_start: Any, span_end: Any, start: Any, stop: Any) -> bool:
    """The library's span test: starts are inclusive and ends exclusive; a moment is in
    the span from its start up to its end, a stretch of time if it overlaps it."""
    values = (span_start, span_end, start, stop)
    if any(isinstance(value, datetime) for value in values):
        # All compared in the zone of the first aware one (dates at midnight there).
        zone = next((v.tzinfo for v in values if getattr(v, "tzinfo", None) is not None), None)
        span_start, span_end, start, stop = (_as_datetime(v, zone) for v in values)
    if start > stop or span_start > span_end:
        raise _OddEventError("the library refuses a stretch of time that ends before it starts")
    if start == stop:
        return bool(span_start <= start < span_end or start == span_start == span_end)
    if span_start == span_end:
        return bool(start <= span_start < stop)
    return bool(span_start < stop and start < span_end)
