"""Parsing calendar feeds: broken input, window edges, defensive paths, and properties."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import KairosUserError
from bot.meetings.ics.calendar import InvalidCalendar
from bot.meetings.ics.occurrences import series_key
from bot.meetings.ics.report import SkipReason
from bot.meetings.model import ParsedCalendar
from tests.unit.meetings.ics_helpers import (
    WINDOW_END,
    WINDOW_START,
    at,
    by_title,
    calendar,
    fixture,
    parse,
)

# --- broken input ----------------------------------------------------------------------------


def test_broken_events_are_skipped_and_counted() -> None:
    parsed = fixture("broken_events.ics")
    assert [o.title for o in parsed.occurrences] == [
        "Good morning sync",
        "Unknown zone",
        "Good weekly",
        "Good weekly",
        "Good weekly",
    ]
    assert parsed.skipped == 6
    reasons = "\n".join(parsed.errors)
    for uid in ("bad-start", "bad-rule", "no-start", "corrupt-parameter", "ends-before-start"):
        assert f"{uid}@example.com" in reasons
    assert "cut off" in reasons


def test_unknown_time_zone_falls_back_with_a_warning() -> None:
    parsed = fixture("broken_events.ics")
    (unknown,) = by_title(parsed, "Unknown zone")
    assert unknown.start == at(2026, 1, 8, 13, 0)  # 14:00 in X-WR-TIMEZONE Europe/Amsterdam
    assert parsed.warnings == [
        "Unknown time zone 'Mars/Olympus_Mons'; its times were read in Europe/Amsterdam."
    ]


def test_unknown_time_zone_without_calendar_zone_uses_the_default() -> None:
    text = calendar("UID:x@example.com\nDTSTART;TZID=Nowhere:20260112T100000\nDURATION:PT25M")
    parsed = parse(text, default_tz="Asia/Tokyo")
    assert parsed.occurrences[0].start == at(2026, 1, 12, 1, 0)
    assert parsed.occurrences[0].minutes == 25
    assert len(parsed.warnings) == 1


@pytest.mark.parametrize("tzid", ["Pacific", "America", "../etc/passwd", "Europe/"])
def test_a_zone_name_zoneinfo_chokes_on_is_unknown_not_fatal(tzid: str) -> None:
    # Apple iCal 1.5 wrote TZID=Pacific (a folder of the zone database) with no VTIMEZONE.
    text = calendar(f"UID:x@example.com\nDTSTART;TZID={tzid}:20260112T100000\nDURATION:PT25M")
    parsed = parse(text, default_tz="Asia/Tokyo")
    assert [o.start for o in parsed.occurrences] == [at(2026, 1, 12, 1, 0)]
    assert parsed.skipped == 0
    assert parsed.unknown_zones == [tzid]


def test_invalid_calendar_zone_is_ignored_not_fatal() -> None:
    text = calendar(
        "UID:x@example.com\nDTSTART:20260112T100000\nDTEND:20260112T102500",
        header="X-WR-TIMEZONE:Not/AZone",
    )
    parsed = parse(text, default_tz="UTC")
    assert parsed.occurrences[0].start == at(2026, 1, 12, 10, 0)
    assert parsed.warnings


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "<!DOCTYPE html><html><body>Sign in</body></html>",
        '{"error": "not found"}',
        b"\x89PNG\r\n\x1a\n\x00\x00",
    ],
)
def test_not_a_calendar_raises_a_kind_user_error(text: str | bytes) -> None:
    with pytest.raises(InvalidCalendar) as raised:
        parse(text)
    assert isinstance(raised.value, KairosUserError)
    assert "iCal" in raised.value.user_text()


def test_html_login_page_fixture() -> None:
    with pytest.raises(InvalidCalendar, match="not an iCalendar file"):
        fixture("not_a_calendar.ics")


def test_an_empty_calendar_is_fine() -> None:
    parsed = parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    assert parsed.occurrences == []
    assert parsed.skipped == 0


def test_non_gregorian_calendars_are_refused() -> None:
    with pytest.raises(InvalidCalendar, match="Gregorian"):
        parse(calendar("UID:x\nDTSTART:20260112T100000Z", header="CALSCALE:CHINESE"))


def test_window_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse(calendar("UID:x\nDTSTART:20260112T100000Z"), start=datetime(2026, 1, 5))


# --- details -------------------------------------------------------------------------------


def test_window_includes_its_start_and_excludes_its_end() -> None:
    text = calendar(
        "UID:a\nDTSTART:20260105T000000Z\nDTEND:20260105T002500Z",
        "UID:b\nDTSTART:20260201T000000Z\nDTEND:20260201T002500Z",
        "UID:c\nDTSTART:20260104T235000Z\nDTEND:20260105T001500Z",
    )
    assert [o.uid for o in parse(text).occurrences] == ["a"]


def test_rdate_and_moved_instances_across_the_window_edge() -> None:
    text = calendar(
        # Weekly on Monday 10:00Z since December; the Feb 2 instance moved into the window,
        # the Jan 12 instance moved out of it, and an extra date via RDATE.
        "UID:w\nDTSTART:20251201T100000Z\nDTEND:20251201T102500Z\nRRULE:FREQ=WEEKLY\n"
        "RDATE:20260114T100000Z",
        "UID:w\nRECURRENCE-ID:20260202T100000Z\nDTSTART:20260130T100000Z\nDTEND:20260130T102500Z",
        "UID:w\nRECURRENCE-ID:20260112T100000Z\nDTSTART:20260220T100000Z\nDTEND:20260220T102500Z",
    )
    starts = [o.start for o in parse(text).occurrences]
    assert starts == [
        at(2026, 1, 5, 10),
        at(2026, 1, 14, 10),
        at(2026, 1, 19, 10),
        at(2026, 1, 26, 10),
        at(2026, 1, 30, 10),
    ]


def test_series_that_ended_before_the_window_are_not_expanded() -> None:
    text = calendar(
        "UID:old\nDTSTART:20200106T100000Z\nDTEND:20200106T102500Z\n"
        "RRULE:FREQ=DAILY;UNTIL=20211231T000000Z",
        "UID:new\nDTSTART:20200106T100000Z\nDTEND:20200106T102500Z\nRRULE:FREQ=WEEKLY;COUNT=400",
    )
    parsed = parse(text)
    assert {o.uid for o in parsed.occurrences} == {"new"}


def test_folded_utf8_split_inside_a_character() -> None:
    # RFC 5545 folds at 75 octets, which may cut a multi-byte character in two.
    summary = "SUMMARY:Overleg " + "é" * 40
    raw = summary.encode()
    folded = raw[:75] + b"\r\n " + raw[75:]
    text = calendar("UID:f\nDTSTART:20260112T100000Z\nDTEND:20260112T102500Z\nSUMMARY:x")
    data = text.encode().replace(b"SUMMARY:x", folded)
    (occ,) = parse(data).occurrences
    assert occ.title == "Overleg " + "é" * 40


def test_floating_time_in_a_dst_gap_does_not_crash() -> None:
    text = calendar("UID:gap\nDTSTART:20260329T023000\nDTEND:20260329T030000")
    parsed = parse(text, start=at(2026, 3, 28), end=at(2026, 3, 31))
    assert len(parsed.occurrences) == 1


def test_a_duplicated_event_is_listed_once() -> None:
    body = "UID:dup\nDTSTART:20260112T100000Z\nDTEND:20260112T102500Z\nSEQUENCE:{}\nSUMMARY:v{}"
    parsed = parse(calendar(body.format(1, 1), body.format(2, 2)))
    (occ,) = parsed.occurrences
    assert occ.title == "v2"


def test_events_without_end_last_zero_minutes() -> None:
    (occ,) = parse(calendar("UID:p\nDTSTART:20260112T100000Z")).occurrences
    assert occ.end == occ.start


def test_series_key_strips_only_googles_split_suffix() -> None:
    assert series_key("abc_R20260115T143000@google.com") == "abc@google.com"
    assert series_key("abc_R20260115T143000") == "abc"
    assert series_key("abc_R2026@google.com") == "abc_R2026@google.com"
    assert series_key("040000008200E00074C5B7") == "040000008200E00074C5B7"


def test_status_and_class_values() -> None:
    text = calendar(
        "UID:c\nDTSTART:20260112T100000Z\nDTEND:20260112T102500Z\nCLASS:CONFIDENTIAL\n"
        "STATUS:TENTATIVE\nSEQUENCE:not-a-number"
    )
    (occ,) = parse(text).occurrences
    assert occ.is_private
    assert occ.status == "TENTATIVE"
    assert occ.sequence == 0


def test_window_of_one_day_in_a_long_feed() -> None:
    parsed = fixture("google_export.ics", start=at(2026, 1, 12), end=at(2026, 1, 13))
    assert {o.title for o in parsed.occurrences} == {"Platform standup", "Weekly planning (moved)"}
    assert all(at(2026, 1, 12) <= o.start < at(2026, 1, 13) for o in parsed.occurrences)
    assert parsed.occurrences[0].end - parsed.occurrences[0].start == timedelta(minutes=15)


# --- defensive paths -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason", "why"),
    [
        (
            "UID:r\nDTSTART:20260112T100000Z\nRRULE;VALUE=DATE:20260113",
            SkipReason.BAD_REPEAT_RULE,
            "RRULE could not be read",
        ),
        (
            "UID:k\nDTSTART:20260112T100000Z\nDTEND;VALUE=DATE:20260113",
            SkipReason.BAD_TIME,
            "different kinds",
        ),
        ("UID:n\nSUMMARY:no start", SkipReason.NO_START, "no DTSTART"),
        # Rules that would keep dateutil busy forever or for seconds are refused.
        (
            "UID:i\nDTSTART:20260112T100000Z\nRRULE:FREQ=DAILY;INTERVAL=0",
            SkipReason.BAD_REPEAT_RULE,
            "interval below 1",
        ),
        (
            "UID:h\nDTSTART:20260112T100000Z\nRRULE:FREQ=MINUTELY",
            SkipReason.BAD_REPEAT_RULE,
            "more often than daily",
        ),
        (
            "UID:m\nDTSTART:20260112T100000Z\nRRULE:FREQ=YEARLY;BYMONTH=13",
            SkipReason.BAD_REPEAT_RULE,
            "BYMONTH out of range",
        ),
        (
            "UID:o\nDTSTART:16010101T100000Z\nRRULE:FREQ=DAILY",
            SkipReason.TOO_OLD,
            "starts before 1970",
        ),
    ],
)
def test_unusable_events_are_skipped_with_a_reason(body: str, reason: SkipReason, why: str) -> None:
    parsed = parse(calendar(body, "UID:fine\nDTSTART:20260112T100000Z\nDTEND:20260112T102500Z"))
    assert [o.uid for o in parsed.occurrences] == ["fine"]
    assert parsed.skipped == 1
    assert parsed.skip_reasons == {reason: 1}
    assert why in parsed.errors[0]


def test_a_series_the_expander_rejects_is_skipped_alone() -> None:
    # Passes our checks, but recurring_ical_events cannot build a series from it.
    weird = "UID:weird\nDTSTART:20260112T100000Z\nDURATION;VALUE=DATE-TIME:20260105T090000Z"
    parsed = parse(calendar(weird, "UID:fine\nDTSTART:20260112T110000Z"))
    assert [o.uid for o in parsed.occurrences] == ["fine"]
    assert parsed.errors == ["Skipped event weird: its repetition could not be read."]


def test_an_unreadable_custom_time_zone_falls_back_with_a_warning() -> None:
    zone = (
        "BEGIN:VTIMEZONE\nTZID:Broken Zone\nBEGIN:STANDARD\nDTSTART:16010101T000000\n"
        "TZOFFSETFROM:banana\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE"
    )
    text = calendar("UID:z\nDTSTART;TZID=Broken Zone:20260112T100000", header=zone)
    parsed = parse(text, default_tz="UTC")
    assert parsed.occurrences[0].start == at(2026, 1, 12, 10, 0)
    assert parsed.warnings == ["Unknown time zone 'Broken Zone'; its times were read in UTC."]


def test_an_event_cut_off_by_the_next_one_is_skipped() -> None:
    text = calendar("UID:second\nDTSTART:20260112T110000Z").replace(
        "BEGIN:VEVENT", "BEGIN:VEVENT\r\nUID:first\r\nDTSTART:20260112T100000Z\r\nBEGIN:VEVENT", 1
    )
    parsed = parse(text)
    assert [o.uid for o in parsed.occurrences] == ["second"]
    assert parsed.skipped == 1


def test_other_components_are_ignored_with_their_lines() -> None:
    todo = (
        # A calendar-level property inside a VTODO must not leak out (it would be refused).
        "BEGIN:VTODO\nUID:todo\nDTSTART:20260112T090000Z\nCALSCALE:CHINESE\n"
        "BEGIN:VALARM\nTRIGGER:-PT5M\nEND:VALARM\nEND:VTODO"
    )
    parsed = parse(calendar("UID:e\nDTSTART:20260112T100000Z", header=todo))
    assert [o.uid for o in parsed.occurrences] == ["e"]


def test_series_starting_after_the_window_are_not_expanded() -> None:
    text = calendar("UID:later\nDTSTART:20260301T100000Z\nRRULE:FREQ=DAILY")
    assert parse(text).occurrences == []


_NAMES = ["DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "SUMMARY",
          "DESCRIPTION", "ATTENDEE", "ORGANIZER", "SEQUENCE", "STATUS", "CLASS", "TRANSP", "UID",
          "BEGIN", "END"]  # fmt: skip
_PARAMS = ["", ";VALUE=DATE", ";VALUE=PERIOD", ";TZID=Europe/Berlin", ";TZID=Nowhere",
           ";TZID=W. Europe Standard Time", ";RANGE=THISANDFUTURE", ";PARTSTAT=DECLINED",
           ";CUTYPE=ROOM", ';CN="a:b;c"', ";VALUE=A,B"]  # fmt: skip
_VALUES = ["20260112T100000Z", "20260112T100000", "20260112", "20260113T100000Z,20260114T100000Z",
           "FREQ=WEEKLY;BYDAY=MO, TU", "FREQ=DAILY;COUNT=3", "FREQ=WEEKLY;UNTIL=20260120",
           "PT25M", "-PT1H", "P1D", "20260112T100000Z/PT1H", "mailto:ana.devries@example.com",
           "CANCELLED", "TRANSPARENT", "PRIVATE", "VEVENT", "VALARM", "x", "", "1",
           "-1"]  # fmt: skip
_LINE = st.builds(
    lambda n, p, v: f"{n}{p}:{v}",
    st.sampled_from(_NAMES),
    st.sampled_from(_PARAMS),
    st.one_of(st.sampled_from(_VALUES), st.text(max_size=20).filter(lambda v: "\n" not in v)),
)


@settings(max_examples=200, deadline=None)
@given(events=st.lists(st.lists(_LINE, max_size=6), max_size=4))
def test_any_mix_of_event_lines_never_raises(events: list[list[str]]) -> None:
    bodies = [
        "UID:u{}\nDTSTART:20260112T090000Z\n{}".format(i, "\n".join(lines))
        for i, lines in enumerate(events)
    ]
    parsed = parse(calendar(*bodies))
    assert parsed.skipped >= 0
    assert all(WINDOW_START <= o.start < WINDOW_END for o in parsed.occurrences)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_text_is_a_calendar_or_a_kind_error(text: str) -> None:
    try:
        parsed = parse("BEGIN:VCALENDAR\r\n" + text)
    except InvalidCalendar:
        return
    assert isinstance(parsed, ParsedCalendar)


def test_classic_mac_line_ends() -> None:
    text = calendar("UID:mac\nDTSTART:20260112T100000Z").replace("\r\n", "\r")
    assert [o.uid for o in parse(text).occurrences] == ["mac"]


def test_lower_case_property_names_are_read() -> None:
    # Names are case-insensitive (RFC 5545 3.1); the fast pre-pass must not skip "rrule".
    text = calendar(
        "UID:lower\nDTSTART:20251201T100000Z\nDTEND:20251201T102500Z\nrrule:FREQ=WEEKLY"
    )
    assert [o.start for o in parse(text).occurrences] == [
        at(2026, 1, 5, 10),
        at(2026, 1, 12, 10),
        at(2026, 1, 19, 10),
        at(2026, 1, 26, 10),
    ]
