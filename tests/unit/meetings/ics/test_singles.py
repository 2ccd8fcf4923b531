"""One-off events skip recurring_ical_events' series: singles.one_offs must give exactly
what Series.between gives for them, at the span's edges too, and leave the rest alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.meetings.ics import calendar as ics
from bot.meetings.ics.reader import event_series, read_calendar
from bot.meetings.ics.singles import one_offs
from bot.meetings.model import ParsedCalendar
from tests.unit.meetings.ics_helpers import FIXTURES, at, calendar, parse

SPAN_START = datetime(2026, 1, 5, tzinfo=UTC)
SPAN_END = datetime(2026, 1, 12, tzinfo=UTC)
FEEDS = sorted(path.name for path in FIXTURES.glob("*.ics") if path.name != "not_a_calendar.ics")


def _times(instances: list[Any]) -> list[tuple[Any, Any]]:
    return sorted(((i["DTSTART"].dt, i["DTEND"].dt) for i in instances), key=repr)


def _shortcut(text: str) -> tuple[list[tuple[Any, Any]], list[str]]:
    """The one-offs' (start, end) in the span, and the UIDs left to the library."""
    instances, rest = one_offs(read_calendar(text), SPAN_START, SPAN_END)
    return _times(instances), [str(event["UID"]) for event in rest.walk("VEVENT")]


def _library(text: str) -> list[tuple[Any, Any]]:
    """What recurring_ical_events' series give for the same calendar and span."""
    found = [
        occurrence.as_component(False)
        for series in event_series(read_calendar(text))
        for occurrence in series.between(SPAN_START, SPAN_END)
    ]
    return _times(found)


def _library_only(body: str | bytes, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(ics, "one_offs", lambda calendar, start, end: ([], calendar))
        return parse(body, **kwargs)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # DURATION instead of DTEND.
        (
            "DTSTART:20260106T100000Z\nDURATION:PT45M",
            (at(2026, 1, 6, 10), at(2026, 1, 6, 10, 45)),
        ),
        # Neither DTEND nor DURATION: a moment.
        ("DTSTART:20260106T100000Z", (at(2026, 1, 6, 10), at(2026, 1, 6, 10))),
        # A day, and a date with a duration in hours (the library makes it a datetime).
        ("DTSTART;VALUE=DATE:20260106", (date(2026, 1, 6), date(2026, 1, 7))),
        (
            "DTSTART;VALUE=DATE:20260106\nDURATION:PT1H",
            (datetime(2026, 1, 6), datetime(2026, 1, 6, 1)),
        ),
        # Floating times stay floating here; parse_calendar gives them a zone.
        (
            "DTSTART:20260106T100000\nDTEND:20260106T110000",
            (datetime(2026, 1, 6, 10), datetime(2026, 1, 6, 11)),
        ),
        # A moment exactly at the span's start is in it; one at its end is not.
        ("DTSTART:20260105T000000Z", (at(2026, 1, 5), at(2026, 1, 5))),
        ("DTSTART:20260112T000000Z", None),
        # Ending exactly at the span's start is before it; a minute later is in it.
        ("DTSTART:20260104T230000Z\nDTEND:20260105T000000Z", None),
        (
            "DTSTART:20260104T230000Z\nDTEND:20260105T000100Z",
            (at(2026, 1, 4, 23), at(2026, 1, 5, 0, 1)),
        ),
    ],
)
def test_a_one_off_gets_the_times_the_library_gives(
    body: str, expected: tuple[Any, Any] | None
) -> None:
    text = calendar(f"UID:one\n{body}")
    times, left = _shortcut(text)
    assert times == ([expected] if expected else [])
    assert left == []
    assert times == _library(text)


def test_series_overrides_and_repeated_uids_are_left_to_the_library() -> None:
    text = calendar(
        "UID:lone\nDTSTART:20260106T090000Z",
        "UID:series\nDTSTART:20260106T100000Z\nRRULE:FREQ=DAILY;COUNT=2",
        "UID:master\nDTSTART:20260106T110000Z",
        "UID:master\nRECURRENCE-ID:20260106T110000Z\nDTSTART:20260106T120000Z",
        "UID:twice\nDTSTART:20260106T130000Z",
        "UID:twice\nDTSTART:20260107T130000Z\nSEQUENCE:1",
        "UID:cancelled-slot\nDTSTART:20260106T140000Z\nEXDATE:20260106T140000Z",
        "UID:extra\nDTSTART:20260106T150000Z\nRDATE:20260107T150000Z",
    )
    times, left = _shortcut(text)
    assert times == [(at(2026, 1, 6, 9), at(2026, 1, 6, 9))]
    assert left == [
        "series", "master", "master", "twice", "twice", "cancelled-slot", "extra"
    ]  # fmt: skip


def test_an_override_without_a_rule_replaces_its_event() -> None:
    parsed = parse(
        calendar(
            "UID:o\nDTSTART:20260110T100000Z\nDTEND:20260110T110000Z\nSUMMARY:Master",
            "UID:o\nRECURRENCE-ID:20260110T100000Z\nDTSTART:20260110T140000Z\n"
            "DTEND:20260110T150000Z\nSUMMARY:Moved\nSEQUENCE:1",
        )
    )
    (moved,) = parsed.occurrences
    assert (moved.title, moved.start, moved.recurrence_id) == (
        "Moved",
        at(2026, 1, 10, 14),
        at(2026, 1, 10, 10),
    )


def test_a_uid_listed_twice_keeps_the_newest() -> None:
    parsed = parse(
        calendar(
            "UID:d\nDTSTART:20260110T100000Z\nDTEND:20260110T110000Z\nSUMMARY:Old\nSEQUENCE:0",
            "UID:d\nDTSTART:20260111T100000Z\nDTEND:20260111T110000Z\nSUMMARY:New\nSEQUENCE:1",
        )
    )
    assert [(o.title, o.start, o.is_recurring) for o in parsed.occurrences] == [
        ("New", at(2026, 1, 11, 10), False)
    ]


def test_one_offs_read_in_parse_calendar() -> None:
    parsed = parse(
        calendar(
            "UID:dur\nDTSTART:20260106T100000Z\nDURATION:PT45M\nSUMMARY:Duration",
            "UID:float\nDTSTART:20260107T100000\nDTEND:20260107T110000\nSUMMARY:Floating",
            "UID:day\nDTSTART;VALUE=DATE:20260108\nSUMMARY:All day",
            "UID:off\nDTSTART:20260109T100000Z\nSTATUS:CANCELLED\nSUMMARY:Cancelled",
            "UID:bad\nDTSTART:20261305T100000Z\nSUMMARY:Broken",
        ),
        default_tz="Europe/Amsterdam",
    )
    assert [(o.title, o.start, o.end) for o in parsed.occurrences] == [
        ("Duration", at(2026, 1, 6, 10), at(2026, 1, 6, 10, 45)),
        ("Floating", at(2026, 1, 7, 9), at(2026, 1, 7, 10)),  # Amsterdam is UTC+1
    ]
    assert (parsed.skipped, parsed.errors) == (
        1,
        ["Skipped event bad: its DTSTART could not be read."],
    )


def test_floating_one_offs_are_read_in_the_calendars_zone() -> None:
    parsed = parse(
        calendar(
            "UID:float\nDTSTART:20260107T100000\nDTEND:20260107T110000",
            header="X-WR-TIMEZONE:America/New_York",
        )
    )
    assert [(o.start, o.end) for o in parsed.occurrences] == [
        (at(2026, 1, 7, 15), at(2026, 1, 7, 16))
    ]


def test_a_one_off_the_library_refuses_is_still_reported() -> None:
    # SEQUENCE given twice is a list, which recurring_ical_events cannot compare.
    parsed = parse(
        calendar(
            "UID:s\nDTSTART:20260110T100000Z\nSEQUENCE:1\nSEQUENCE:2",
            "UID:ok\nDTSTART:20260110T100000Z",
        )
    )
    assert [o.uid for o in parsed.occurrences] == ["ok"]
    assert parsed.errors == ["Skipped event s: its repetition could not be read."]


@pytest.mark.parametrize("name", FEEDS)
def test_fixtures_parse_as_without_the_shortcut(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = (FIXTURES / name).read_bytes()
    for zone in ("UTC", "Europe/Amsterdam", "America/Los_Angeles"):
        shortcut: ParsedCalendar = parse(body, default_tz=zone)
        assert shortcut == _library_only(body, monkeypatch, default_tz=zone)


_MINUTES = st.integers(min_value=-3 * 24 * 60, max_value=10 * 24 * 60)
_KINDS = st.sampled_from(["Z", "TZID=Europe/Amsterdam", "floating", "date"])
_ENDS = st.sampled_from(["DTEND", "DURATION", "none"])


def _when(minutes: int, kind: str) -> str:
    moment = SPAN_START + timedelta(minutes=minutes)
    if kind == "date":
        return f";VALUE=DATE:{moment:%Y%m%d}"
    if kind == "Z":
        return f":{moment:%Y%m%dT%H%M%S}Z"
    prefix = ";TZID=Europe/Amsterdam" if kind.startswith("TZID") else ""
    return f"{prefix}:{moment:%Y%m%dT%H%M%S}"


@settings(max_examples=150, deadline=None)
@given(_MINUTES, st.integers(min_value=0, max_value=3 * 24 * 60), _KINDS, _ENDS)
def test_any_one_off_gets_what_the_library_gives(
    start: int, length: int, kind: str, end_by: str
) -> None:
    lines = ["UID:one", f"DTSTART{_when(start, kind)}"]
    if end_by == "DTEND":
        lines.append(f"DTEND{_when(start + length, kind)}")
    elif end_by == "DURATION":
        lines.append(f"DURATION:PT{length}M")
    text = calendar("\n".join(lines))
    times, left = _shortcut(text)
    assert left == []
    assert times == _library(text)
