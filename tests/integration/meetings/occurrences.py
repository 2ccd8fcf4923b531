"""Meetings as a parsed feed gives them, and the feeds they are seen in, for the storing tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.db.uow import UnitOfWork
from bot.meetings.model import Attendee, Occurrence
from bot.meetings.tables import CalendarFeed


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


def add_feeds(uow: UnitOfWork, users: Sequence[str], now: datetime) -> None:
    """A connected feed for each of these people: a sighting needs its person's feed."""
    with uow() as session:
        session.add_all(
            CalendarFeed(
                user_id=user,
                url_encrypted="x",
                host="calendar.example.com",
                created_at=now,
                next_poll_at=now + timedelta(days=1),
            )
            for user in users
        )
