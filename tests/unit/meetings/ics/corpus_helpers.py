"""Kairos against the plain libraries on one real-world calendar (tests/fixtures/ics/corpus).

Both sides read the same file over the same window and are reduced to what Kairos counts as
a meeting: a timed occurrence, not cancelled, not free (TRANSP:TRANSPARENT), starting in the
window. They are compared as sets of (meeting key, start in UTC); the differences are
returned per key, with how many starts each side has that the other lacks.

The window runs from the day before the earliest timed DTSTART of the file's events to 400
days after the latest one: it covers every one-off meeting and at least a year of each
series, and stays small enough that the whole corpus takes a few seconds.

Run ``python -m tests.unit.meetings.ics.corpus_helpers`` to print today's differences in
the form of test_corpus.py's tables, to update them after a parser change.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from bot.meetings.ics.calendar import parse_calendar
from bot.meetings.model import ParsedCalendar

CORPUS = Path(__file__).parents[3] / "fixtures" / "ics" / "corpus"
# Kairos gives an event without a UID a key of its own making; the library has none. Both
# are compared under this one key.
NO_UID = "(no UID)"
DAYS_AFTER = timedelta(days=400)
# recurring_ical_events compares floating times as if they were UTC: ask it for a day more
# on each side and cut exactly afterwards, as parse_calendar does.
MARGIN = timedelta(days=1)
_UNFOLD = re.compile(r"\r?\n[ \t]")
_EVENT = re.compile(r"^BEGIN:VEVENT[ \t\r]*$(.*?)^END:VEVENT", re.MULTILINE | re.DOTALL | re.I)
# A DTSTART's date, past parameters that may hold a colon in quotes ("(UTC-05:00) ...").
_START = re.compile(r'^DTSTART(?:"[^"]*"|[^":\r\n])*:(\d{8})(T?)', re.MULTILINE | re.IGNORECASE)
_UID = re.compile(r"^UID(?:;[^:\r\n]*)?:(.*?)\r?$", re.MULTILINE | re.IGNORECASE)
_WR_TIMEZONE = re.compile(r"^X-WR-TIMEZONE[^:\r\n]*:(.*?)\r?$", re.MULTILINE | re.IGNORECASE)

Meeting = tuple[str, datetime]


@dataclass(frozen=True)
class Window:
    """The time window a file is read over, and the zone of its floating times."""

    start: datetime
    end: datetime
    zone: str


@dataclass(frozen=True)
class Expected:
    """A difference Kairos is right about: why, and the starts each side has alone, by key."""

    reason: str
    library_only: dict[str, int] = field(default_factory=dict)
    kairos_only: dict[str, int] = field(default_factory=dict)


@dataclass
class Comparison:
    """One file read by both sides."""

    parsed: ParsedCalendar
    library_error: str | None
    library_only: dict[str, int]
    kairos_only: dict[str, int]


def corpus_files() -> list[Path]:
    """The corpus, by name."""
    return sorted(CORPUS.glob("*.ics"))


def _text(raw: bytes) -> str:
    return _UNFOLD.sub("", raw.decode("utf-8", errors="replace"))


def _zone(text: str) -> str:
    """The file's X-WR-TIMEZONE where it names an IANA zone, else UTC."""
    match = _WR_TIMEZONE.search(text)
    name = match.group(1).strip() if match else ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return "UTC"
    return name


def window_for(raw: bytes) -> Window:
    """The window a file is compared over (see the module docstring)."""
    text = _text(raw)
    timed: list[date] = []
    dated: list[date] = []
    for block in _EVENT.findall(text):
        match = _START.search(block)
        if match:
            digits = match.group(1)
            day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            (timed if match.group(2) else dated).append(day)
    days = timed or dated or [date(2020, 1, 1)]
    start = datetime.combine(min(days) - timedelta(days=1), time(), UTC)
    end = datetime.combine(max(days), time(), UTC) + DAYS_AFTER
    return Window(start, end, _zone(text))


def file_uids(raw: bytes) -> frozenset[str]:
    """The UIDs the file's events carry."""
    return frozenset(value.strip() for value in _UID.findall(_text(raw)))


def _utc(value: datetime, zone: ZoneInfo) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(UTC)


def library_meetings(raw: bytes, window: Window) -> set[Meeting]:
    """What icalendar and recurring_ical_events give, reduced to meetings; raises as they do."""
    zone = ZoneInfo(window.zone)
    found: set[Meeting] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the libraries' complaints about a file are not ours
        calendar = icalendar.Calendar.from_ical(raw)
        components = recurring_ical_events.of(calendar).between(
            window.start - MARGIN, window.end + MARGIN
        )
        for component in components:
            start = component["DTSTART"].dt
            end = component["DTEND"].dt if "DTEND" in component else start
            if not isinstance(start, datetime) or not isinstance(end, datetime):
                continue  # all-day
            if _upper(component, "STATUS") == "CANCELLED":
                continue
            if _upper(component, "TRANSP") == "TRANSPARENT":
                continue
            utc = _utc(start, zone)
            if window.start <= utc < window.end:
                found.add((str(component.get("UID") or NO_UID), utc))
    return found


def _upper(component: Any, name: str) -> str:
    return str(component.get(name, "")).upper()


def kairos_meetings(raw: bytes, window: Window) -> tuple[ParsedCalendar, set[Meeting]]:
    """What parse_calendar gives; a key the file does not hold is Kairos's for a UID-less event."""
    parsed = parse_calendar(
        raw, window_start=window.start, window_end=window.end, default_tz=window.zone
    )
    uids = file_uids(raw)
    return parsed, {
        (occurrence.uid if occurrence.uid in uids else NO_UID, occurrence.start)
        for occurrence in parsed.occurrences
    }


def _by_key(meetings: Iterable[Meeting]) -> dict[str, int]:
    return dict(sorted(Counter(key for key, _ in meetings).items()))


def compare(path: Path) -> Comparison:
    """Read one file both ways."""
    raw = path.read_bytes()
    window = window_for(raw)
    parsed, kairos = kairos_meetings(raw, window)
    try:
        library = library_meetings(raw, window)
    except Exception as error:  # any failure of the plain libraries: compared to nothing
        return Comparison(parsed, f"{type(error).__name__}: {error}", {}, {})
    return Comparison(parsed, None, _by_key(library - kairos), _by_key(kairos - library))


def main() -> None:
    """Print today's differences as entries for test_corpus.py's tables."""
    for path in corpus_files():
        result = compare(path)
        if result.library_error is not None:
            print(f"# library raises: {path.name}: {result.library_error[:120]}")
        elif result.library_only or result.kairos_only:
            print(f'    "{path.name}": Expected(\n        "REASON",')
            print(f"        library_only={result.library_only},")
            print(f"        kairos_only={result.kairos_only},\n    ),")
            print(f"    # Kairos said: {(result.parsed.errors + result.parsed.warnings)[:2]}")


if __name__ == "__main__":
    main()
