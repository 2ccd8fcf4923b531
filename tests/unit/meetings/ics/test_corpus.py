"""Kairos's meetings against recurring_ical_events' own, on real exports nobody here wrote.

Every file of tests/fixtures/ics/corpus is read by parse_calendar and by the plain libraries
over the same window (corpus_helpers.py says how). The two must agree, except where a table
below says why Kairos is right, naming the keys that differ and how many starts each side
has alone. A new difference fails, and so does one that vanished: update the tables with
``python -m tests.unit.meetings.ics.corpus_helpers``, which prints today's in this form.

Differences caused by a Kairos bug are not listed: they fail until the bug is fixed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from tests.unit.meetings.ics.corpus_helpers import (
    CORPUS,
    NO_UID,
    Comparison,
    Expected,
    compare,
    corpus_files,
)

FILES = corpus_files()
SOURCES = CORPUS.parent / "SOURCES.md"
MAX_FILE_BYTES = 300_000

# Kairos and the library both read the file, and differ where Kairos is right.
EXPECTED: dict[str, Expected] = {
    "node-ical__Office-2012-owa.ics": Expected(
        'Outlook Web Access names its zones by their display names, "(UTC-05:00) Eastern '
        'Time (US & Canada)" and "(GMT+10:00) Canberra, Melbourne, Sydney", and sends no '
        "VTIMEZONE. The library reads such a time as floating, here UTC, 4 to 11 hours off; "
        "Kairos maps the names to America/New_York and Australia/Sydney. The events have no "
        "UID, so both sides are compared under one key.",
        library_only={NO_UID: 88},
        kairos_only={NO_UID: 89},
    ),
    "recurring-ical-events__end_before_start_event.ics": Expected(
        "DTEND (08:00) is before DTSTART (08:30), which RFC 5545 forbids. The library swaps "
        "them and so starts the meeting at its DTEND; Kairos does not guess a start, skips "
        'the event and tells the owner ("it ends before it starts").',
        library_only={"UYDQSG9TH4DE0WM3QFL2J": 1},
    ),
    "recurring-ical-events__issue_132_swapped_start_and_end.ics": Expected(
        "DTEND (23:30) is before DTSTART (23:45): as in end_before_start_event, the library "
        "starts the meeting at its DTEND; Kairos skips the event and says why.",
        library_only={"84A72-65798A00-5-20465200": 1},
    ),
}

# The plain libraries raise on the whole file; Kairos reads it. Reason, and how many
# meetings Kairos finds in the window.
LIBRARY_RAISES: dict[str, tuple[str, int]] = {
    "icalendar__issue_165_missing_event.ics": (
        'Exchange (CDO) writes the RRULE as "BYDAY=MO, TU, WE, TH, FR": icalendar rejects the '
        "spaces. Kairos repairs them and reads the daily stand-up (weekdays, 3 to 22 July).",
        14,
    ),
    "icalevents__icloud.ics": (
        "iCloud's VTIMEZONE for Europe/Berlin starts with an offset of +5328 (the 53 minutes "
        "28 seconds of local mean time, written without its hour): icalendar raises. Kairos "
        "uses its own definition of an IANA zone and reads the meetings.",
        25,
    ),
    "ics-query__multiple-calendars.ics": (
        "Three VCALENDARs in one file, as some servers serve a collection: "
        "Calendar.from_ical expects one. Kairos reads the events of all three.",
        3,
    ),
    "ics-query__one-event-twice.ics": (
        "The same event in two VCALENDARs of one file: Calendar.from_ical expects one "
        "calendar. Kairos reads it and keeps the event once.",
        1,
    ),
    "khal__non_dst_error.ics": (
        'An alarm\'s TRIGGER is "PT-2H" (the sign inside the duration): icalendar rejects the '
        "file. Kairos never reads alarms and reads both train journeys.",
        2,
    ),
    "node-ical__ms_timezones.ics": (
        'One event\'s DTSTART is written "TZID="W. Europe Standard Time:20200609T090000"" (the '
        "quote closes after the time): icalendar raises for the whole file. Kairos skips that "
        "one event, says so, and reads the others.",
        2,
    ),
    "vpim__apple_ical_1_5_reply.ics": (
        'An iCal 1.5 reply uses TZID=Pacific with no VTIMEZONE. "Pacific" is a folder of the '
        "zone database, and zoneinfo raises IsADirectoryError for the file, which sinks the "
        "library. Kairos renames a zone no one knows before icalendar reads it, reads the "
        "meeting as floating time in the fallback zone and warns that the zone is unknown.",
        1,
    ),
}


@pytest.fixture(scope="module")
def sources() -> str:
    return SOURCES.read_text(encoding="utf-8")


def test_corpus_is_large_and_varied() -> None:
    producers = {_prodid(path) for path in FILES}
    assert len(FILES) >= 150
    assert len(producers) >= 30
    assert all(path.stat().st_size <= MAX_FILE_BYTES for path in FILES)
    assert all(re.fullmatch(r"[\w.-]+__[\w.-]+\.ics", path.name) for path in FILES)


def test_every_corpus_file_has_its_origin_recorded(sources: str) -> None:
    recorded = set(re.findall(r"^\| `([^`]+\.ics)` \|", sources, re.MULTILINE))
    assert {path.name for path in FILES} <= recorded


def test_tables_name_corpus_files_and_do_not_overlap() -> None:
    names = {path.name for path in FILES}
    assert set(EXPECTED) <= names
    assert set(LIBRARY_RAISES) <= names
    assert not set(EXPECTED) & set(LIBRARY_RAISES)
    assert all(entry.library_only or entry.kairos_only for entry in EXPECTED.values())


def test_the_comparison_is_not_vacuous() -> None:
    # A window that misses the events would make every file agree on nothing.
    with_meetings = [path for path in FILES if _compared(path).parsed.occurrences]
    assert len(with_meetings) >= 100


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_kairos_agrees_with_the_library(path: Path) -> None:
    result = _compared(path)
    if path.name in LIBRARY_RAISES:
        assert result.library_error is not None, "the library reads this file now"
        assert len(result.parsed.occurrences) == LIBRARY_RAISES[path.name][1]
        return
    assert result.library_error is None
    expected = EXPECTED.get(path.name, Expected(""))
    assert (result.library_only, result.kairos_only) == (
        expected.library_only,
        expected.kairos_only,
    )


@cache
def _compared(path: Path) -> Comparison:
    return compare(path)


def _prodid(path: Path) -> str:
    match = re.search(rb"^PRODID[^:\r\n]*:(.*?)\r?$", path.read_bytes(), re.MULTILINE)
    return match.group(1).strip().decode("utf-8", "replace") if match else ""
