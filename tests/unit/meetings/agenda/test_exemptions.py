"""Nudge exemptions: private events, meetings of one, and titles that need no agenda."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.meetings.agenda.detection import (
    DEFAULT_EXEMPT_TITLE_PATTERNS,
    nudge_exemption,
    title_matches,
)
from bot.meetings.model import Attendee, Occurrence

START = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


def meeting(
    title: str = "Roadmap review",
    *,
    people: int = 3,
    private: bool = False,
    rooms: int = 0,
) -> Occurrence:
    attendees = tuple(Attendee(f"person{i}@example.com") for i in range(people))
    attendees += tuple(Attendee(f"room{i}@example.com", is_resource=True) for i in range(rooms))
    return Occurrence(
        uid="uid-1",
        series_key="uid-1",
        start=START,
        end=START + timedelta(minutes=25),
        title=title,
        attendees=attendees,
        is_private=private,
    )


def test_an_ordinary_meeting_is_not_exempt() -> None:
    assert nudge_exemption(meeting(), DEFAULT_EXEMPT_TITLE_PATTERNS) is None


def test_private_events_are_never_nudged() -> None:
    assert nudge_exemption(meeting(private=True), ()) == "private"


def test_private_wins_over_the_other_reasons() -> None:
    assert nudge_exemption(meeting("Coffee", people=1, private=True)) == "private"


def test_a_meeting_needs_two_humans_rooms_do_not_count() -> None:
    assert nudge_exemption(meeting(people=1, rooms=3), ()) == "too_few_people"
    assert nudge_exemption(meeting(people=2, rooms=0), ()) is None


@pytest.mark.parametrize(
    ("title", "pattern"),
    [
        ("Coffee with Femke ☕", "coffee"),
        ("LUNCH & learn", "lunch"),
        ("Team social", "social"),
        ("Vrijdagmiddagborrel? no: Borrel!", "borrel"),
        ("Vrijmibo", "vrijmibo"),
        ("Focus  Time", "focus time"),
        ("OOO - Lisbon", "ooo"),
        ("Out of office", "out of office"),
        ("Block: deep work", "block"),
    ],
)
def test_default_title_patterns(title: str, pattern: str) -> None:
    assert nudge_exemption(meeting(title)) == f"title:{pattern}"


@pytest.mark.parametrize(
    "title",
    ["Unblock the release", "Blocker review", "Zoooom retro", "1:1 Ana / Bram", "Focus group"],
)
def test_patterns_match_whole_words_only(title: str) -> None:
    assert nudge_exemption(meeting(title)) is None


def test_custom_patterns_replace_the_defaults() -> None:
    assert nudge_exemption(meeting("1:1 Ana / Bram"), ["1:1"]) == "title:1:1"
    assert nudge_exemption(meeting("Coffee"), ["1:1"]) is None


def test_blank_patterns_are_ignored() -> None:
    assert title_matches("anything", ["", "  "]) is None
