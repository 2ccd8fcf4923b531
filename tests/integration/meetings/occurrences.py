"""Meetings as a parsed feed gives them, for the storing tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.meetings.model import Attendee, Occurrence


def occurrence(
    uid: str,
    day: int = 24,
    *,
    title: str = "Roadmap",
    sequence: int = 0,
    people: Sequence[str] = ("alice", "bob"),
) -> Occurrence:
    """A 25-minute meeting at 10:00 UTC on that day of November 2026; `people` are the
    local parts of the attendees' @acme.test addresses. The organizer is no Slack user,
    so every attendee row comes from the attendee list."""
    start = datetime(2026, 11, day, 10, 0, tzinfo=UTC)
    return Occurrence(
        uid=uid,
        series_key=uid,
        start=start,
        end=start + timedelta(minutes=25),
        title=title,
        organizer="host@acme.test",
        attendees=tuple(Attendee(f"{p}@acme.test", partstat="ACCEPTED") for p in people),
        sequence=sequence,
    )
