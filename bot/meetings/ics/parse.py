"""One feed body parsed into the sync window's meetings, as a value that crosses processes.

Its own module, below both pool.py (which runs it here or sends it to a worker) and
worker.py (which runs it in the worker), so that neither imports the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.meetings.absence import LEAVE_WORDS, Absence
from bot.meetings.ics.calendar import InvalidCalendar, parse_calendar
from bot.meetings.model import Occurrence


@dataclass(frozen=True)
class ParsedFeed:
    """One feed's meetings in the sync window, or why it is not a calendar."""

    occurrences: list[Occurrence]
    skipped: int = 0
    problem: str | None = None  # InvalidCalendar's message: the feed is not usable
    # Its detail as an English id: a worker process does not know the reader's language, so
    # the reader's words are made from this where it is shown (invalid_calendar_text).
    problem_id: str | None = None
    # As ParsedCalendar's: skipped events by reason code, and the zone names no one knows.
    skip_reasons: dict[str, int] = field(default_factory=dict)
    unknown_zones: list[str] = field(default_factory=list)
    fallback_zone: str | None = None
    absences: list[Absence] = field(default_factory=list)  # the owner's out-of-office days


def parse_feed(
    body: bytes,
    window_start: datetime,
    window_end: datetime,
    tz: str,
    leave_words: tuple[str, ...] = LEAVE_WORDS,
) -> ParsedFeed:
    """parse_calendar with its refusal as a value (exceptions do not cross processes well)."""
    try:
        parsed = parse_calendar(
            body,
            window_start=window_start,
            window_end=window_end,
            default_tz=tz,
            leave_words=leave_words,
        )
    except InvalidCalendar as error:
        return ParsedFeed(occurrences=[], problem=error.message, problem_id=error.detail)
    return ParsedFeed(
        occurrences=parsed.occurrences,
        skipped=parsed.skipped,
        skip_reasons=parsed.skip_reasons,
        unknown_zones=parsed.unknown_zones,
        fallback_zone=parsed.fallback_zone,
        absences=parsed.absences,
    )
