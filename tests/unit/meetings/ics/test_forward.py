"""fast_forward: a long-running series' start moved forward, every occurrence that can
reach the window kept exactly as the library expands the series as written."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.meetings.ics.forward import fast_forward
from tests.unit.meetings.ics_helpers import parse

EARLIEST = date(2026, 1, 3)  # what _Splitter passes for a window from 2026-01-05


def _series(*lines: str) -> list[str]:
    return ["BEGIN:VEVENT", "UID:s@test", *lines, "END:VEVENT"]


def test_a_weekly_series_from_years_ago_moves_by_whole_weeks_to_just_before_the_window() -> None:
    moved = fast_forward(
        _series(
            "DTSTART;TZID=Europe/Amsterdam:20230306T093000",
            "DTEND;TZID=Europe/Amsterdam:20230306T100000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
        ),
        EARLIEST,
    )
    start = _start(moved)
    assert moved[2].startswith("DTSTART;TZID=Europe/Amsterdam:")
    assert moved[2].endswith("T093000")
    assert moved[3] == f"DTEND;TZID=Europe/Amsterdam:{start:%Y%m%d}T100000"
    assert (start - date(2023, 3, 6)).days % 7 == 0
    assert EARLIEST - timedelta(days=14) < start <= EARLIEST - timedelta(days=7)


def test_the_move_is_a_whole_number_of_periods_of_the_rule() -> None:
    every_other_week = fast_forward(
        _series(
            "DTSTART:20240102T080000Z", "DTEND:20240102T081500Z", "RRULE:FREQ=WEEKLY;INTERVAL=2"
        ),
        EARLIEST,
    )
    every_third_day = fast_forward(
        _series("DTSTART:20240102T080000", "DTEND:20240102T081500", "RRULE:FREQ=DAILY;INTERVAL=3"),
        EARLIEST,
    )
    two_weeks = (_start(every_other_week) - date(2024, 1, 2)).days
    three_days = (_start(every_third_day) - date(2024, 1, 2)).days
    assert two_weeks > 0
    assert two_weeks % 14 == 0
    assert three_days > 0
    assert three_days % 3 == 0
    assert every_other_week[2].endswith("T080000Z")


def test_a_multi_day_event_moves_back_by_its_length_too() -> None:
    moved = fast_forward(
        _series("DTSTART:20240101T090000Z", "DTEND:20240104T090000Z", "RRULE:FREQ=DAILY"), EARLIEST
    )
    assert _start(moved) == EARLIEST - timedelta(days=10)


def _start(lines: list[str]) -> date:
    digits = lines[2].rpartition(":")[2]
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


@given(
    st.sampled_from(
        [
            # Counted from DTSTART, or not a daily or weekly rule.
            ("DTSTART:20240101T090000Z", "DTEND:20240101T100000Z", "RRULE:FREQ=DAILY;COUNT=900"),
            ("DTSTART:20240101T090000Z", "DTEND:20240101T100000Z", "RRULE:FREQ=MONTHLY"),
            ("DTSTART:20240101T090000Z", "DTEND:20240101T100000Z", "RRULE:FREQ=DAILY;INTERVAL=0"),
            # A DURATION, an RDATE, an EXRULE, two rules.
            ("DTSTART:20240101T090000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY"),
            (
                "DTSTART:20240101T090000Z",
                "DTEND:20240101T100000Z",
                "RRULE:FREQ=DAILY",
                "RDATE:20260110T090000Z",
            ),
            (
                "DTSTART:20240101T090000Z",
                "DTEND:20240101T100000Z",
                "RRULE:FREQ=DAILY",
                "EXRULE:FREQ=WEEKLY",
            ),
            (
                "DTSTART:20240101T090000Z",
                "DTEND:20240101T100000Z",
                "RRULE:FREQ=DAILY",
                "RRULE:FREQ=WEEKLY",
            ),
            # Start and end on different clocks, or not date-times.
            (
                "DTSTART;TZID=Europe/Amsterdam:20240101T090000",
                "DTEND:20240101T100000Z",
                "RRULE:FREQ=DAILY",
            ),
            (
                "DTSTART;TZID=Europe/Amsterdam:20240101T090000",
                "DTEND;TZID=Europe/London:20240101T100000",
                "RRULE:FREQ=DAILY",
            ),
            ("DTSTART;VALUE=DATE:20240101", "DTEND;VALUE=DATE:20240102", "RRULE:FREQ=DAILY"),
            # Ends before it starts; begins too recently to gain anything.
            ("DTSTART:20240101T090000Z", "DTEND:20231231T100000Z", "RRULE:FREQ=DAILY"),
            ("DTSTART:20251222T090000Z", "DTEND:20251222T100000Z", "RRULE:FREQ=WEEKLY"),
        ]
    )
)
def test_series_it_is_not_sure_of_are_left_as_written(lines: tuple[str, ...]) -> None:
    given_lines = _series(*lines)
    assert fast_forward(given_lines, EARLIEST) == given_lines


ZONES = ["Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@st.composite
def series_blocks(draw: st.DrawFn) -> str:
    """A DAILY or WEEKLY series up to four years old, with what may go with it: clocks,
    DST-night times, multi-day lengths, BYDAY, WKST, UNTIL, an EXDATE, an override of an
    old occurrence moved into the window, and a THISANDFUTURE change from an old one on."""
    zone = draw(st.sampled_from([*ZONES, "floating"]))
    first = date(2026, 1, 5) - timedelta(days=draw(st.integers(0, 1500)))
    at = datetime.combine(first, datetime.min.time()) + timedelta(
        minutes=draw(st.integers(0, 24 * 60 - 1))
    )
    end = at + timedelta(minutes=draw(st.sampled_from([15, 30, 60, 90, 600, 1440, 4000])))

    def clock(name: str, value: datetime) -> str:
        if zone == "UTC":
            return f"{name}:{value:%Y%m%dT%H%M%S}Z"
        if zone == "floating":
            return f"{name}:{value:%Y%m%dT%H%M%S}"
        return f"{name};TZID={zone}:{value:%Y%m%dT%H%M%S}"

    rule = "FREQ=" + draw(st.sampled_from(["DAILY", "WEEKLY"]))
    rule += f";INTERVAL={draw(st.integers(1, 3))}"
    if draw(st.booleans()):
        rule += ";BYDAY=" + ",".join(draw(st.sets(st.sampled_from(DAYS), min_size=1)))
    if draw(st.booleans()):
        rule += ";WKST=" + draw(st.sampled_from(["MO", "SU"]))
    if draw(st.booleans()):
        until = date(2026, 1, 5) + timedelta(days=draw(st.integers(-30, 40)))
        rule += f";UNTIL={until:%Y%m%d}T235959Z"
    master = ["BEGIN:VEVENT", "UID:s@test", "SUMMARY:Series", clock("DTSTART", at)]
    master += [clock("DTEND", end), f"RRULE:{rule}"]
    in_window = at + timedelta(days=7 * ((date(2026, 1, 12) - first).days // 7))
    if draw(st.booleans()):
        master.append(clock("EXDATE", in_window))
    blocks = [*master, "END:VEVENT"]
    if draw(st.booleans()):  # the first occurrence, moved into the window
        blocks += ["BEGIN:VEVENT", "UID:s@test", "SUMMARY:Moved", clock("RECURRENCE-ID", at)]
        blocks += [clock("DTSTART", in_window + timedelta(hours=2))]
        blocks += [clock("DTEND", in_window + timedelta(hours=3)), "END:VEVENT"]
    if draw(st.booleans()):  # from an old occurrence on, every one an hour later
        old = at + timedelta(days=7 * draw(st.integers(0, 200)))
        since = clock("RECURRENCE-ID", old).replace(
            "RECURRENCE-ID", "RECURRENCE-ID;RANGE=THISANDFUTURE", 1
        )
        blocks += ["BEGIN:VEVENT", "UID:s@test", "SUMMARY:Later", since]
        blocks += [clock("DTSTART", old + timedelta(hours=1))]
        blocks += [clock("DTEND", end + (old - at) + timedelta(hours=1)), "END:VEVENT"]
    return "\n".join(blocks)


def _expanded(blocks: list[str]) -> list[tuple[str, datetime, datetime]]:
    text = "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *blocks])
    calendar = icalendar.Calendar.from_ical(text + "\nEND:VCALENDAR\n")
    window = (datetime(2026, 1, 4, tzinfo=UTC), datetime(2026, 2, 2, tzinfo=UTC))
    found = recurring_ical_events.of(calendar).between(*window)
    return sorted((str(e["SUMMARY"]), e["DTSTART"].dt, e["DTEND"].dt) for e in found)


@settings(max_examples=300, deadline=None)
@given(series_blocks())
def test_moved_series_expand_to_the_same_occurrences_in_the_window(text: str) -> None:
    lines = text.split("\n")
    master_end = lines.index("END:VEVENT") + 1
    moved = fast_forward(lines[:master_end], EARLIEST) + lines[master_end:]
    assert _expanded(moved) == _expanded(lines)


def test_a_moved_series_parses_to_the_same_meetings() -> None:
    feed = "\n".join(
        [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT",
            "UID:standup@test", "SUMMARY:Stand-up", "DTSTART;TZID=Europe/Amsterdam:20210104T091500",
            "DTEND;TZID=Europe/Amsterdam:20210104T093000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "ORGANIZER:mailto:ana@example.com",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bo@example.com", "END:VEVENT", "END:VCALENDAR", "",
        ]
    )  # fmt: skip
    stand_ups = parse(feed).occurrences
    assert len(stand_ups) == 20  # four weeks of weekdays in the window
    assert {occ.start.astimezone(UTC).strftime("%H:%M") for occ in stand_ups} == {"08:15"}
    assert all(occ.recurrence_id == occ.start for occ in stand_ups)
