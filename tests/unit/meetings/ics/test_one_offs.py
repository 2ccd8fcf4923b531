"""singles.one_offs works a lone event's occurrence out from icalendar's values alone: at
each edge it must give what recurring_ical_events' Series.between gives, and leave to the
library every event whose values the library treats its own way or refuses."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.meetings.ics.reader import event_series, read_calendar
from bot.meetings.ics.singles import one_offs
from tests.unit.meetings.ics_helpers import at, calendar

SPAN = (at(2026, 1, 5), at(2026, 1, 12))
AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
Times = list[tuple[Any, Any]]


def _shortcut(cal: Any, span: tuple[datetime, datetime]) -> tuple[Times, list[str]]:
    """The one-offs' (start, end) in the span, and the UIDs left to the library."""
    instances, rest = one_offs(cal, *span)
    times = [(i["DTSTART"].dt, i["DTEND"].dt) for i in instances]
    return sorted(times, key=repr), [str(event["UID"]) for event in rest.walk("VEVENT")]


def _library(cal: Any, span: tuple[datetime, datetime]) -> Times | type[Exception]:
    """What recurring_ical_events gives for the same calendar and span, or what it raises."""
    try:
        found = [
            occurrence.as_component(False)
            for series in event_series(cal)
            for occurrence in series.between(*span)
        ]
    except Exception as error:  # the library's verdict on an odd event: compared as a type
        return type(error)
    return sorted(((c["DTSTART"].dt, c["DTEND"].dt) for c in found), key=repr)


def _both(text: str, span: tuple[datetime, datetime] = SPAN) -> tuple[Times, list[str], Any]:
    return (*_shortcut(read_calendar(text), span), _library(read_calendar(text), span))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # All-day: a day long, dates kept; the day before the span ends as it starts.
        ("DTSTART;VALUE=DATE:20260105", (date(2026, 1, 5), date(2026, 1, 6))),
        ("DTSTART;VALUE=DATE:20260104", None),
        ("DTSTART;VALUE=DATE:20260112", None),
        (
            "DTSTART;VALUE=DATE:20260103\nDTEND;VALUE=DATE:20260106",
            (date(2026, 1, 3), date(2026, 1, 6)),
        ),
        # A zero-length day is a moment at midnight: in at the span's start, out at its end.
        (
            "DTSTART;VALUE=DATE:20260105\nDTEND;VALUE=DATE:20260105",
            (date(2026, 1, 5), date(2026, 1, 5)),
        ),
        ("DTSTART;VALUE=DATE:20260112\nDTEND;VALUE=DATE:20260112", None),
        # DURATION on a date: whole days stay dates, hours make it a floating time.
        ("DTSTART;VALUE=DATE:20260106\nDURATION:P2D", (date(2026, 1, 6), date(2026, 1, 8))),
        (
            "DTSTART;VALUE=DATE:20260106\nDURATION:P1DT12H",
            (datetime(2026, 1, 6), datetime(2026, 1, 7, 12)),
        ),
        # Zero-length by DURATION, at either edge.
        ("DTSTART:20260105T000000Z\nDURATION:PT0S", (at(2026, 1, 5), at(2026, 1, 5))),
        ("DTSTART:20260112T000000Z\nDURATION:PT0S", None),
        ("DTSTART:20260112T000000\nDTEND:20260112T000000", None),
        ("DTSTART:20260105T000000", (datetime(2026, 1, 5), datetime(2026, 1, 5))),
        # Crossing the span's start, and ending just before the span's end.
        (
            "DTSTART:20260104T230000Z\nDTEND:20260105T010000Z",
            (at(2026, 1, 4, 23), at(2026, 1, 5, 1)),
        ),
        (
            "DTSTART:20260111T235900Z\nDURATION:PT2H",
            (at(2026, 1, 11, 23, 59), at(2026, 1, 12, 1, 59)),
        ),
        # Floating with no X-WR-TIMEZONE: on the span's (UTC) wall clock.
        ("DTSTART:20260104T230000\nDTEND:20260105T000000", None),
        # An end before the start, by DTEND or a negative DURATION: the library swaps them.
        (
            "DTSTART:20260105T010000Z\nDTEND:20260104T230000Z",
            (at(2026, 1, 4, 23), at(2026, 1, 5, 1)),
        ),
        (
            "DTSTART:20260105T003000Z\nDURATION:-PT1H",
            (at(2026, 1, 4, 23, 30), at(2026, 1, 5, 0, 30)),
        ),
    ],
)
def test_an_edge_gets_what_the_library_gives(body: str, expected: tuple[Any, Any] | None) -> None:
    times, left, library = _both(calendar(f"UID:one\n{body}"))
    assert (times, left) == ([expected] if expected else [], [])
    assert times == library


def test_floating_times_take_the_calendars_x_wr_timezone() -> None:
    text = calendar(
        "UID:early\nDTSTART:20260104T220000\nDTEND:20260104T230000",  # 03:00Z on the 5th
        "UID:late\nDTSTART:20260111T200000\nDTEND:20260111T210000",  # 01:00Z on the 12th
        "UID:utc\nDTSTART:20260106T100000Z\nDTEND:20260106T110000Z",
        header="X-WR-TIMEZONE:America/New_York",
    )
    times, left, library = _both(text)
    assert (times, left) == (
        [
            (datetime(2026, 1, 4, 22, tzinfo=NYC), datetime(2026, 1, 4, 23, tzinfo=NYC)),
            (datetime(2026, 1, 6, 5, tzinfo=NYC), datetime(2026, 1, 6, 6, tzinfo=NYC)),
        ],
        [],
    )
    assert times == library


def test_an_unknown_x_wr_timezone_leaves_every_event_to_the_library() -> None:
    text = calendar("UID:a\nDTSTART:20260106T100000", header="X-WR-TIMEZONE:Mars/Olympus")
    assert _shortcut(read_calendar(text), SPAN) == ([], ["a"])


def test_across_a_dst_change_the_librarys_reading_is_kept() -> None:
    # 00:00-04:00 in Amsterdam on the night clocks go back lasts 5 hours, but the library
    # asks its rule set for starts from the span's start minus 4: it leaves this one out.
    span = (at(2026, 10, 25, 2, 30), at(2026, 10, 26))
    night = "DTSTART;TZID=Europe/Amsterdam:20261025T000000\nDTEND;TZID=Europe/Amsterdam:"
    assert _both(calendar(f"UID:n\n{night}20261025T040000"), span) == ([], [], [])
    # DTEND in another zone: the occurrence lasts DTEND - DTSTART (26 h) from the start on
    # the wall clock, which ends an hour after DTEND when the clocks go back between...
    text = calendar("UID:z\nDTSTART;TZID=Europe/Amsterdam:20261024T120000\nDTEND:20261025T120000Z")
    times, left, library = _both(text, (at(2026, 10, 25, 11), at(2026, 10, 26)))
    start, end = datetime(2026, 10, 24, 12, tzinfo=AMS), datetime(2026, 10, 25, 14, tzinfo=AMS)
    assert (times, left) == ([(start, end)], [])
    assert times == library
    # ...and an hour before it when they go forward: then it has ended when the span starts.
    text = calendar("UID:z\nDTSTART;TZID=Europe/Amsterdam:20260328T120000\nDTEND:20260329T120000Z")
    assert _both(text, (at(2026, 3, 29, 11, 30), at(2026, 3, 30))) == ([], [], [])


@pytest.mark.parametrize(
    ("body", "verdict"),
    [
        # The library compares SEQUENCE with a number, and fails a list.
        ("DTSTART:20260106T100000Z\nSEQUENCE:1\nSEQUENCE:2", TypeError),
        # It converts a date or floating DTSTART to DTEND's kind, and reads the event.
        ("DTSTART;VALUE=DATE:20260106\nDTEND:20260106T110000Z", "reads it"),
        ("DTSTART:20260106T100000\nDTEND:20260106T110000Z", "reads it"),
        ("DTSTART:20260106T100000Z\nDTSTART:20260107T100000Z", AttributeError),
        ("DTSTART:99991231T230000Z\nDURATION:PT2H", OverflowError),  # the end overflows
        ("DTSTART;VALUE=DATE:00010101\nDTEND;VALUE=DATE:99991231", OverflowError),  # the span
        ("SUMMARY:no start", KeyError),
    ],
)
def test_odd_values_are_left_to_the_library(body: str, verdict: object) -> None:
    times, left, library = _both(calendar(f"UID:odd\n{body}"))
    assert (times, left) == ([], ["odd"])
    assert (library if isinstance(library, type) else "reads it") == verdict


class _PytzLike(tzinfo):
    """A fixed UTC+1 with pytz's localize and normalize, which the library calls for them."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "+01"

    def localize(self, dt: datetime) -> datetime:
        return dt.replace(tzinfo=self)

    def normalize(self, dt: datetime) -> datetime:
        return dt


def test_pytz_times_and_spans_are_left_to_the_library() -> None:
    text = calendar("UID:p\nDTSTART:20260106T100000Z", "UID:plain\nDTSTART:20260106T100000Z")
    cal = read_calendar(text)
    moment = datetime(2026, 1, 6, 11, tzinfo=_PytzLike())
    cal.walk("VEVENT")[0]["DTSTART"] = icalendar.vDDDTypes(moment)
    assert _shortcut(cal, SPAN) == ([(at(2026, 1, 6, 10), at(2026, 1, 6, 10))], ["p"])
    pytz_span = (datetime(2026, 1, 5, tzinfo=_PytzLike()), SPAN[1])
    assert _shortcut(read_calendar(text), pytz_span) == ([], ["p", "plain"])


_KINDS = st.sampled_from(["Z", "Europe/Amsterdam", "America/New_York", "floating", "date"])
_SPAN_STARTS = st.sampled_from([SPAN[0], at(2026, 3, 29, 1, 30), at(2026, 10, 25, 0, 30)])


def _when(moment: datetime, kind: str) -> str:
    if kind == "date":
        return f";VALUE=DATE:{moment:%Y%m%d}"
    if kind == "Z":
        return f":{moment:%Y%m%dT%H%M%S}Z"
    return f"{'' if kind == 'floating' else ';TZID=' + kind}:{moment:%Y%m%dT%H%M%S}"


@settings(max_examples=300, deadline=None)
@given(
    _SPAN_STARTS,
    st.integers(min_value=-2 * 24 * 60, max_value=3 * 24 * 60),
    st.integers(min_value=-2 * 24 * 60, max_value=2 * 24 * 60),
    st.tuples(_KINDS, _KINDS),
    st.sampled_from(["DTEND", "DURATION", "none"]),
    st.booleans(),
)
def test_any_lone_event_gets_what_the_library_gives(
    span_start: datetime,
    offset: int,
    length: int,
    kinds: tuple[str, str],
    end_by: str,
    x_wr_timezone: bool,
) -> None:
    begin = span_start.replace(tzinfo=None) + timedelta(minutes=offset)
    lines = ["UID:one", f"DTSTART{_when(begin, kinds[0])}"]
    if end_by == "DTEND":
        lines.append(f"DTEND{_when(begin + timedelta(minutes=length), kinds[1])}")
    elif end_by == "DURATION":
        lines.append(f"DURATION:{'-' if length < 0 else ''}PT{abs(length)}M")
    header = "X-WR-TIMEZONE:Asia/Tokyo" if x_wr_timezone else ""
    times, left, library = _both(
        calendar("\n".join(lines), header=header), (span_start, span_start + timedelta(days=2))
    )
    # X-WR-TIMEZONE puts floating times in its zone first.
    start_kind, end_kind = (_kind(kind, floating=not x_wr_timezone) for kind in kinds)
    if end_by == "DTEND" and start_kind != end_kind:
        assert (times, left) == ([], ["one"])  # the library converts one kind to another
    else:
        assert left == []  # the shortcut is taken...
        assert times == library  # ...and gives what the library gives


def _kind(kind: str, *, floating: bool) -> str:
    return kind if kind == "date" or (kind == "floating" and floating) else "aware"
