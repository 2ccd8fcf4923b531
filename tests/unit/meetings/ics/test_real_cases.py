"""Issue 18, fixes 1-4 and the parse report, on real exports (tests/fixtures/ics/cases/,
origins in its README.md): each case is also checked against recurring_ical_events' own
expansion of the same file where the library reads it right."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from bot.meetings.ics.calendar import parse_calendar
from bot.meetings.ics.identity import DERIVED_UID_PREFIX, derived_uid
from bot.meetings.ics.parse import ParsedFeed, parse_feed
from bot.meetings.ics.report import SkipReason
from bot.meetings.ics.text import prepare_feed
from bot.meetings.model import ParsedCalendar, is_series_key, meeting_key
from tests.unit.meetings.ics_helpers import at, calendar, parse

CASES = Path(__file__).parents[3] / "fixtures" / "ics" / "cases"


def case(name: str, start: datetime, end: datetime, tz: str = "Europe/Amsterdam") -> ParsedCalendar:
    """Parse a file from tests/fixtures/ics/cases over [start, end)."""
    body = (CASES / name).read_bytes()
    return parse_calendar(body, window_start=start, window_end=end, default_tz=tz)


def library_starts(name: str, start: datetime, end: datetime) -> list[datetime]:
    """The timed occurrences recurring_ical_events itself finds in the file."""
    cal = icalendar.Calendar.from_ical((CASES / name).read_bytes())
    found = recurring_ical_events.of(cal).between(start, end)
    starts = [event["DTSTART"].dt for event in found]
    return sorted(dt.astimezone(UTC) for dt in starts if isinstance(dt, datetime))


# --- 1. escaped characters in a TZID -------------------------------------------------------


def test_an_escaped_tzid_definition_is_found_by_its_quoted_name() -> None:
    # "TZID:Kuala Lumpur\, Singapore" defines what DTSTART;TZID="Kuala Lumpur, Singapore"
    # names: the stand-up is at 10:00 +08:00, not 10:00 in the default zone.
    parsed = case("exchange_escaped_tzid.ics", at(2015, 7, 1), at(2015, 8, 1))
    assert parsed.unknown_zones == []
    assert parsed.warnings == []
    starts = [o.start for o in parsed.occurrences]
    assert len(starts) == 14  # weekdays from Friday 3 to Wednesday 22 July
    assert (starts[0], starts[-1]) == (at(2015, 7, 3, 2), at(2015, 7, 22, 2))
    assert {(o.start.hour, o.start.minute) for o in parsed.occurrences} == {(2, 0)}


def test_the_escaped_definition_is_kept_under_a_renamed_tzid() -> None:
    feed = prepare_feed(
        (CASES / "exchange_escaped_tzid.ics").read_bytes(),
        window_start=at(2015, 7, 1),
        window_end=at(2015, 8, 1),
    )
    assert feed.unknown_tzids == []
    assert list(feed.original_tzids.values()) == ["Kuala Lumpur, Singapore"]
    (renamed,) = feed.timezones
    assert f"TZID={renamed}:20150703T100000" in feed.events[0]


# --- 2. one instance of a timed series changed to all-day ----------------------------------


def test_a_timed_instance_changed_to_all_day_leaves_no_meeting_in_its_slot() -> None:
    # Thunderbird: "New Event" daily at 02:00 Berlin, 7-10 March 2019; the 8th and 9th
    # moved, the 10th made all-day. The 10th must not come back at 02:00.
    parsed = case("thunderbird_all_day_instance.ics", at(2019, 3, 1), at(2019, 4, 1))
    new_event = [o for o in parsed.occurrences if o.title == "New Event"]
    assert [o.start for o in new_event] == [at(2019, 3, 7, 1), at(2019, 3, 8, 0), at(2019, 3, 9, 2)]
    assert all(o.start.date() != date(2019, 3, 10) for o in parsed.occurrences)
    assert sorted(o.start for o in parsed.occurrences) == library_starts(
        "thunderbird_all_day_instance.ics", at(2019, 3, 1), at(2019, 4, 1)
    )


def test_a_changed_day_of_an_all_day_series_is_still_dropped_before_parsing() -> None:
    holidays = calendar(
        "UID:h\nDTSTART;VALUE=DATE:20260105\nRRULE:FREQ=WEEKLY",
        "UID:h\nRECURRENCE-ID;VALUE=DATE:20260112\nDTSTART;VALUE=DATE:20260113",
    )
    feed = prepare_feed(holidays, window_start=at(2026, 1, 5), window_end=at(2026, 2, 1))
    assert feed.events == []


# --- 3. "this and following" edits ---------------------------------------------------------


def test_this_and_future_edits_keep_every_occurrence_in_its_own_slot() -> None:
    window = (at(2024, 9, 1), at(2024, 10, 1))
    parsed = case("range_this_and_future.ics", *window, tz="UTC")
    assert [o.start for o in parsed.occurrences] == library_starts(
        "range_this_and_future.ics", *window
    )
    keys = [meeting_key(o) for o in parsed.occurrences]
    assert len(keys) == len(set(keys)) == 16
    edited = [o for o in parsed.occurrences if o.title == "EDITED EVENT"]
    # Moved a day and 2h22m later from the 21st on; each keeps the slot it moved from.
    assert [o.recurrence_id for o in edited] == [at(2024, 9, d, 12) for d in (21, 23, 25, 27, 29)]
    assert [o.start for o in edited] == [at(2024, 9, d, 14, 22) for d in (22, 24, 26, 28, 30)]
    again = case("range_this_and_future.ics", *window, tz="UTC")
    assert [meeting_key(o) for o in again.occurrences] == keys


def test_a_this_and_future_edit_made_before_the_window_still_applies() -> None:
    window = (at(2024, 10, 1), at(2024, 10, 10))
    parsed = case("range_this_and_future.ics", *window, tz="UTC")
    assert [(o.start, o.title) for o in parsed.occurrences] == [
        (at(2024, 10, d, 14, 22), "EDITED EVENT") for d in (2, 4, 6, 8)
    ]
    assert [o.start for o in parsed.occurrences] == library_starts(
        "range_this_and_future.ics", *window
    )


# --- 4. events without a UID ---------------------------------------------------------------


def test_an_event_without_uid_is_read_under_a_stable_derived_key() -> None:
    # Exchange's "Sprint 25 Daily Standup" invite has no UID at all.
    parsed = case("exchange_no_uid.ics", at(2015, 7, 1), at(2015, 8, 1))
    assert parsed.skipped == 0
    assert len(parsed.occurrences) == 14
    (uid,) = {o.uid for o in parsed.occurrences}
    assert uid.startswith(DERIVED_UID_PREFIX)
    assert is_series_key(uid)
    assert len({meeting_key(o) for o in parsed.occurrences}) == 14
    # A later sync moves the series' DTSTART forward before parsing: the key stays.
    later = case("exchange_no_uid.ics", at(2015, 7, 20), at(2015, 8, 1))
    assert [o.start for o in later.occurrences] == [at(2015, 7, d, 8) for d in (20, 21, 22)]
    assert {o.uid for o in later.occurrences} == {uid}


def test_uid_less_meetings_of_one_feed_never_share_a_key() -> None:
    # Exchange publishing "UID:" with nothing after it, for a one-off and a weekly series.
    parsed = case("exchange_empty_uid.ics", at(2022, 1, 24), at(2022, 3, 1))
    assert parsed.skipped == 0
    keys = {o.title: set() for o in parsed.occurrences}
    for o in parsed.occurrences:
        keys[o.title].add(o.uid)
    assert keys.keys() == {"1:1 with Marek", "Weekly task assignment meeting"}
    (one_off,) = keys["1:1 with Marek"]
    (weekly,) = keys["Weekly task assignment meeting"]
    assert one_off != weekly
    weekly_slots = [o.recurrence_id for o in parsed.occurrences if o.uid == weekly]
    assert len(weekly_slots) == len(set(weekly_slots)) == 4


BASE = ["BEGIN:VEVENT", "ORGANIZER;CN=Ana:mailto:ana@example.com", "DTSTART:20260112T100000Z"]


@pytest.mark.parametrize(
    "changed",
    [
        ["BEGIN:VEVENT", "ORGANIZER:mailto:bo@example.com", "DTSTART:20260112T100000Z"],
        ["BEGIN:VEVENT", "ORGANIZER:mailto:ana@example.com", "DTSTART:20260112T110000Z"],
        [*BASE, "SUMMARY:Planning"],
        [*BASE, "RECURRENCE-ID:20260112T100000Z"],
    ],
)
def test_a_derived_uid_changes_with_what_identifies_the_meeting(changed: list[str]) -> None:
    assert derived_uid(changed) != derived_uid(BASE)


def test_a_derived_uid_ignores_what_does_not_identify_the_meeting() -> None:
    renamed = ["BEGIN:VEVENT", "ORGANIZER;CN=Ana de Vries:MAILTO:Ana@Example.com"]
    noisy = [*renamed, "DTSTART:20260112T100000Z", "DESCRIPTION:agenda", "ATTENDEE:mailto:x@y.z"]
    assert derived_uid(noisy) == derived_uid(BASE)


# --- the parse report ----------------------------------------------------------------------


def test_the_report_counts_skipped_events_by_reason_and_names_unknown_zones() -> None:
    text = calendar(
        "UID:r\nDTSTART:20260112T100000Z\nRRULE;VALUE=DATE:20260113",
        "UID:n\nSUMMARY:no start",
        "UID:z\nDTSTART;TZID=Mars/Olympus_Mons:20260112T100000",
        "UID:y\nDTSTART;TZID=Mars/Olympus_Mons:20260113T100000",
    )
    cut_off = text.replace("END:VCALENDAR", "BEGIN:VEVENT\r\nUID:c\r\nEND:VCALENDAR")
    parsed = parse(cut_off)
    assert parsed.skip_reasons == {
        SkipReason.BAD_REPEAT_RULE: 1,
        SkipReason.NO_START: 1,
        SkipReason.CUT_OFF: 1,
    }
    assert sum(parsed.skip_reasons.values()) == parsed.skipped == 3
    assert parsed.unknown_zones == ["Mars/Olympus_Mons"]


def test_the_report_crosses_processes_as_plain_data() -> None:
    body = calendar("UID:n\nSUMMARY:no start", "UID:z\nDTSTART;TZID=Nowhere:20260112T100000")
    feed = parse_feed(body.encode(), at(2026, 1, 5), at(2026, 2, 1), "Europe/Amsterdam")
    assert feed.skip_reasons == {"no_start": 1}
    assert all(type(code) is str for code in feed.skip_reasons)
    assert feed.unknown_zones == ["Nowhere"]
    copy = pickle.loads(pickle.dumps(feed))
    assert isinstance(copy, ParsedFeed)
    assert copy == feed
