"""Connect's pure rules for days off: the status during leave and public holidays, which
statuses are Kairos's, when a pause is a new one, and snoozing a long leave in steps.

The run of days off ends at a local midnight (absence.py); where daylight saving moves
that midnight (a gap or a fold at 00:00), the status must still name the right last day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.connect.model import (
    AWAY_EMOJI,
    FOCUS_EMOJI,
    MAX_SNOOZE,
    ON_HOLIDAY,
    ON_LEAVE,
    RENEW_BEFORE,
    STATUS_GRACE,
    Focus,
    Status,
    away_status,
    last_day_off,
    looks_like_ours,
    next_change,
    pause_changed,
    snooze_minutes,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SANTIAGO = ZoneInfo("America/Santiago")  # 2026-09-06: 00:00 jumps to 01:00
HAVANA = ZoneInfo("America/Havana")  # 2026-11-01: 01:00 falls back to 00:00
BEIRUT = ZoneInfo("Asia/Beirut")  # 2026-03-29: 00:00 jumps to 01:00


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# (zone, the run's end as an instant, the last local day off, as the status names it)
DST_ENDS = [
    # Santiago's Sunday starts at 01:00 (-03): the instant is 04:00 UTC, Saturday is last.
    (SANTIAGO, _utc(2026, 9, 6, 4), date(2026, 9, 5), "Sat 5 Sep"),
    # Havana's Sunday starts at the first 00:00 (-04); the hour repeats after it.
    (HAVANA, _utc(2026, 11, 1, 4), date(2026, 10, 31), "Sat 31 Oct"),
    # Beirut's Sunday starts at 01:00 (+03), the gap having swallowed midnight.
    (BEIRUT, _utc(2026, 3, 28, 22), date(2026, 3, 28), "Sat 28 Mar"),
    # Amsterdam moves its clocks at 02:00, the night after this Saturday ends (+01).
    (AMSTERDAM, _utc(2026, 3, 28, 23), date(2026, 3, 28), "Sat 28 Mar"),
    # ... and back at 03:00 the next autumn night; Saturday ends at 00:00 (+02).
    (AMSTERDAM, _utc(2026, 10, 24, 22), date(2026, 10, 24), "Sat 24 Oct"),
]


@pytest.mark.parametrize(("tz", "end", "last", "label"), DST_ENDS)
def test_the_last_day_off_is_the_local_day_before_the_end(
    tz: ZoneInfo, end: datetime, last: date, label: str
) -> None:
    assert last_day_off(end, tz) == last


@pytest.mark.parametrize(("tz", "end", "last", "label"), DST_ENDS)
def test_leave_ending_across_a_dst_change_names_its_last_day(
    tz: ZoneInfo, end: datetime, last: date, label: str
) -> None:
    three_days_before = end - timedelta(days=3)
    status = away_status(ON_LEAVE, end, tz, three_days_before)

    assert status.text == f"On leave until {label}"
    assert status.emoji == AWAY_EMOJI
    assert status.expires_at == end + STATUS_GRACE
    # On the last day itself, an hour before its end, it is simply today.
    assert away_status(ON_LEAVE, end, tz, end - timedelta(hours=1)).text == "On leave today"


@pytest.mark.parametrize(
    ("away", "end", "now", "text"),
    [
        # Leave Mon 12 to Fri 16 Jan 2026 in Amsterdam: it ends Sat 00:00 (+01).
        (ON_LEAVE, _utc(2026, 1, 16, 23), _utc(2026, 1, 12, 9), "On leave until Fri 16 Jan"),
        (ON_LEAVE, _utc(2026, 1, 16, 23), _utc(2026, 1, 16, 9), "On leave today"),
        # Just before midnight on the last day, local time: still today, not tomorrow.
        (ON_LEAVE, _utc(2026, 1, 16, 23), _utc(2026, 1, 16, 22, 59), "On leave today"),
        # Over New Year the year is named.
        (ON_LEAVE, _utc(2027, 1, 4, 23), _utc(2026, 12, 28, 9), "On leave until Mon 4 Jan 2027"),
        # King's Day, Monday 27 April 2026: one holiday.
        (ON_HOLIDAY, _utc(2026, 4, 27, 22), _utc(2026, 4, 27, 8), "Public holiday"),
        # Christmas and Boxing Day, then the holiday's run goes on.
        (
            ON_HOLIDAY,
            _utc(2026, 12, 26, 23),
            _utc(2026, 12, 25, 9),
            "Public holiday, off until Sat 26 Dec",
        ),
    ],
)
def test_the_away_status_says_why_and_until_when(
    away: str, end: datetime, now: datetime, text: str
) -> None:
    assert away_status(away, end, AMSTERDAM, now) == Status(text, AWAY_EMOJI, end + STATUS_GRACE)


@pytest.mark.parametrize(
    ("status", "ours"),
    [
        (Status("On leave until Fri 16 Jan", AWAY_EMOJI, None), True),
        (Status("On leave until Mon 4 Jan 2027", AWAY_EMOJI, None), True),
        (Status("On leave today", AWAY_EMOJI, None), True),
        (Status("Public holiday", AWAY_EMOJI, None), True),
        (Status("Public holiday, off until Sat 26 Dec", AWAY_EMOJI, None), True),
        (Status("Focusing until 11:30", FOCUS_EMOJI, None), True),
        # A person's own words, even with the same emoji, are theirs to keep.
        (Status("On leave", AWAY_EMOJI, None), False),
        (Status("On leave until Friday", AWAY_EMOJI, None), False),
        (Status("On leave until Fri 16 Jan, ask Bob", AWAY_EMOJI, None), False),
        (Status("Public holiday in Bavaria", AWAY_EMOJI, None), False),
        (Status("Vacation", AWAY_EMOJI, None), False),
        (Status("On leave until Fri 16 Jan", ":airplane:", None), False),
        (Status("On leave until Fri 16 Jan", FOCUS_EMOJI, None), False),
    ],
)
def test_only_the_exact_away_statuses_kairos_writes_look_like_ours(
    status: Status, ours: bool
) -> None:
    assert looks_like_ours(status) is ours


END = _utc(2026, 1, 16, 23)
FOCUSING = Status("Focusing until 11:30", FOCUS_EMOJI, END)
ON_LEAVE_STATUS = Status("On leave until Fri 16 Jan", AWAY_EMOJI, END)
HOLIDAY_RUN = Status("Public holiday, off until Fri 16 Jan", AWAY_EMOJI, END)


@pytest.mark.parametrize(
    ("seen_end", "seen_status", "end", "wanted", "changed"),
    [
        (END, ON_LEAVE_STATUS, END, ON_LEAVE_STATUS, False),
        # The leave was made longer, or ended early with `/focus back` and focus goes on.
        (END, ON_LEAVE_STATUS, END + timedelta(days=3), ON_LEAVE_STATUS, True),
        (END, ON_LEAVE_STATUS, END - timedelta(hours=5), FOCUSING, True),
        # Focus turned into days off with the very same end: the status must say so.
        (END, FOCUSING, END, ON_LEAVE_STATUS, True),
        # Holiday then leave in one run: the text differs, the pause does not.
        (END, HOLIDAY_RUN, END, ON_LEAVE_STATUS, False),
        # The person's own status was kept: nothing to compare it with.
        (END, None, END, ON_LEAVE_STATUS, False),
    ],
)
def test_a_pause_is_new_when_its_end_or_its_kind_changes(
    seen_end: datetime,
    seen_status: Status | None,
    end: datetime,
    wanted: Status,
    changed: bool,
) -> None:
    assert pause_changed(seen_end, seen_status, end, wanted) is changed


@pytest.mark.parametrize(
    ("tz", "start", "end"),
    [
        # Two weeks in Amsterdam over the spring change: Mon 23 Mar to Sun 5 Apr 2026.
        (AMSTERDAM, _utc(2026, 3, 23, 8, 15), _utc(2026, 4, 5, 22)),
        # Ending where Santiago's midnight falls in the gap.
        (SANTIAGO, _utc(2026, 8, 24, 13, 7), _utc(2026, 9, 6, 4)),
        # Ending where Havana's midnight is followed by the fold.
        (HAVANA, _utc(2026, 10, 19, 12, 59), _utc(2026, 11, 1, 4)),
    ],
)
def test_a_long_leave_is_snoozed_in_renewed_steps_up_to_its_end(
    tz: ZoneInfo, start: datetime, end: datetime
) -> None:
    pause = Focus(ends_at=end, next_start=None, tz=tz, away=ON_LEAVE)
    now, steps = start, []
    while now < end and len(steps) < 100:
        minutes = snooze_minutes(end, now)
        snooze_ends = now + timedelta(minutes=minutes)
        steps.append(minutes)
        # No step is longer than Slack is asked for, or outlasts the leave by a minute.
        assert timedelta(minutes=minutes) <= MAX_SNOOZE
        assert snooze_ends < end + timedelta(minutes=1)
        wake = next_change(pause, snooze_ends, now)
        # The sweep wakes before the snooze runs out (or at the end): never a gap.
        assert now < wake <= snooze_ends
        if snooze_ends < end:
            assert wake == snooze_ends - RENEW_BEFORE
        now = wake
    assert now == end
    expected = (end - start) / (MAX_SNOOZE - RENEW_BEFORE)
    assert len(steps) == pytest.approx(expected, abs=1)
