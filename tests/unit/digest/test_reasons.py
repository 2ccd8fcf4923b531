"""Why held mentions waited, told from when they were held: leave, a public holiday, focus,
off hours, and what a digest after leave is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digest.reasons import held_on_leave, held_reason, reason_text, why_held
from bot.focus.absence import HOLIDAY, LEAVE, DaysOff, Leave
from bot.focus.model import FOCUSING, OFF_HOURS, FocusSession, FocusState
from bot.focus.schedule import windows_for

AMS = ZoneInfo("Europe/Amsterdam")
# Monday 23 November 2026 to Friday 27th: a week of leave; Friday 4 December a holiday.
LEAVE_WEEK = Leave(date(2026, 11, 23), date(2026, 11, 27))
HOLIDAYS = frozenset({date(2026, 12, 4), date(2026, 12, 7)})
MON_9_TO_5 = windows_for(range(7), 9 * 60, 17 * 60)  # every day 09:00-17:00


def at(day: int, month: int, hour: int, minute: int = 0) -> datetime:
    """An Amsterdam wall time in 2026 (CET, UTC+1), as UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


STATE = FocusState(
    working_hours=MON_9_TO_5,
    days_off=DaysOff((LEAVE_WEEK,), HOLIDAYS),
    session=FocusSession(at(1, 12, 10), at(1, 12, 11)),
)


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        (at(23, 11, 0, 5), LEAVE),  # just after midnight on the leave's first day
        (at(27, 11, 23, 59), LEAVE),
        (at(4, 12, 11), HOLIDAY),
        (at(1, 12, 10, 30), FOCUSING),
        (at(1, 12, 7), OFF_HOURS),
        # Held within working hours the day after what is left of a leave: the day
        # `/focus back` cut from it.
        (at(28, 11, 12), LEAVE),
        (at(2, 12, 12), FOCUSING),  # a session since ended with `/focus off`
    ],
)
def test_held_reason(held: datetime, expected: str) -> None:
    assert held_reason(STATE, AMS, held) == expected


@pytest.mark.parametrize(
    ("reasons", "holidays", "expected"),
    [
        ({LEAVE}, 1, "on leave"),
        ({HOLIDAY}, 1, "on a public holiday"),
        ({HOLIDAY}, 2, "on public holidays"),
        ({FOCUSING}, 1, "focusing"),
        ({OFF_HOURS}, 1, "outside your working hours"),
        ({FOCUSING, OFF_HOURS}, 1, "focusing or outside your working hours"),
        ({LEAVE, HOLIDAY}, 1, "on leave or on a public holiday"),
        ({OFF_HOURS, LEAVE, FOCUSING}, 1, "on leave, focusing or outside your working hours"),
        (set(), 1, "away"),
    ],
)
def test_reason_text(reasons: set[str], holidays: int, expected: str) -> None:
    assert reason_text(reasons, holidays=holidays) == expected


def _unstored(*instants: datetime) -> list[tuple[datetime, str | None]]:
    """Mentions held before the reason was stored: told from when they were held."""
    return [(instant, None) for instant in instants]


def test_a_digest_with_anything_held_on_leave_is_an_away_digest() -> None:
    held = _unstored(at(1, 12, 7), at(25, 11, 15), at(1, 12, 10, 30))
    assert why_held(STATE, AMS, held) == ("on leave, focusing or outside your working hours", True)
    assert held_on_leave(STATE, AMS, held)


def test_public_holidays_alone_make_no_away_digest() -> None:
    held = _unstored(at(4, 12, 9), at(4, 12, 16), at(7, 12, 10))
    assert why_held(STATE, AMS, held) == ("on public holidays", False)
    assert not held_on_leave(STATE, AMS, held)


def test_leave_is_read_in_the_persons_own_zone() -> None:
    # 21:30 UTC on Sunday 22 November is 06:30 on Monday, the leave's first day, in Tokyo,
    # and 22:30 on Sunday, after working hours, in Amsterdam.
    tokyo = ZoneInfo("Asia/Tokyo")
    held = datetime(2026, 11, 22, 21, 30, tzinfo=UTC)
    assert held_reason(STATE, tokyo, held) == LEAVE
    assert held_reason(STATE, AMS, held) == OFF_HOURS
    assert held_reason(STATE, AMS, held + timedelta(hours=9)) == LEAVE


def test_a_stored_reason_wins_over_the_state_as_it_is_now() -> None:
    # Held on leave that `/focus back` has since deleted: at noon on an ordinary working
    # Wednesday the state alone would say "focusing" (no reason left), the stored one leave.
    wednesday = at(2, 12, 12)
    assert held_reason(STATE, AMS, wednesday) == FOCUSING
    assert why_held(STATE, AMS, [(wednesday, LEAVE)]) == ("on leave", True)
    assert held_on_leave(STATE, AMS, [(wednesday, LEAVE)])
    # An unknown stored value (a future kind) falls back to the state.
    assert why_held(STATE, AMS, [(wednesday, "on the moon")]) == ("focusing", False)


def test_saved_messages_give_no_reason_and_alone_say_so() -> None:
    # "Read after focus": a message the person saved is not held for anything.
    assert why_held(STATE, AMS, [(at(2, 12, 12), "saved")]) == ("saved", False)
    mixed = [(at(2, 12, 12), "saved"), (at(1, 12, 7), None)]
    assert why_held(STATE, AMS, mixed) == ("outside your working hours", False)
