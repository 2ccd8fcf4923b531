"""Shared helpers for the calendar-parsing tests: fixtures, a fixed window, tiny calendars."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.meetings.ics.calendar import parse_calendar
from bot.meetings.model import Occurrence, ParsedCalendar

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ics"
WINDOW_START = datetime(2026, 1, 5, tzinfo=UTC)
WINDOW_END = datetime(2026, 2, 1, tzinfo=UTC)
OWNER = "ana.devries@example.com"


def parse(
    source: str | bytes,
    *,
    default_tz: str = "Europe/Amsterdam",
    owner_email: str | None = OWNER,
    start: datetime = WINDOW_START,
    end: datetime = WINDOW_END,
) -> ParsedCalendar:
    """Parse with the tests' window and owner unless told otherwise."""
    return parse_calendar(
        source, window_start=start, window_end=end, default_tz=default_tz, owner_email=owner_email
    )


def fixture(name: str, **kwargs: Any) -> ParsedCalendar:
    """Parse a file from tests/fixtures/ics."""
    return parse((FIXTURES / name).read_bytes(), **kwargs)


def by_title(parsed: ParsedCalendar, title: str) -> list[Occurrence]:
    """The occurrences with this title."""
    return [occ for occ in parsed.occurrences if occ.title == title]


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def calendar(*events: str, header: str = "") -> str:
    """A minimal calendar around VEVENT bodies (lines separated by newlines)."""
    blocks = [f"BEGIN:VEVENT\n{body.strip()}\nEND:VEVENT" for body in events]
    text = "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kairos tests//EN"])
    if header:
        text += "\n" + header.strip()
    return (text + "\n" + "\n".join(blocks) + "\nEND:VCALENDAR\n").replace("\n", "\r\n")
