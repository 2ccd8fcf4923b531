"""Out-of-office absences read from a person's own feed (bot/meetings/absence.py's rule).

Real exports first (tests/fixtures/ics/corpus, origins in its SOURCES.md), then the rule's
edges on small calendars in the shapes Google and Outlook write.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.meetings.absence import LEAVE_WORDS, OUT_OF_OFFICE, TITLE, Absence, absence_key
from bot.meetings.ics.calendar import parse_calendar
from bot.meetings.ics.text import prepare_feed
from tests.unit.meetings.ics_helpers import OWNER, at, calendar

CORPUS = Path(__file__).parents[3] / "fixtures" / "ics" / "corpus"
# The Exchange series of recurrenceid_ms.ics: "Away" all day every Wednesday and Friday.
EXCHANGE_UID = (
    "040000008200E00074C5B7101A82E0080000000062FD14411601D701000000000000000"
    "01000000052EAF66D5C3BC6458198F47BAE50996F"
)
# Window of the small calendars: Thursday 3 to Thursday 24 December 2026.
START, END = at(2026, 12, 3), at(2026, 12, 24)


def absences(
    text: str, default_tz: str = "Europe/Amsterdam", leave_words: tuple[str, ...] = LEAVE_WORDS
) -> list[Absence]:
    """The absences parse_calendar finds in the small calendar's window, for OWNER."""
    parsed = parse_calendar(
        text,
        window_start=START,
        window_end=END,
        default_tz=default_tz,
        owner_email=OWNER,
        leave_words=leave_words,
    )
    return parsed.absences


def days(found: list[Absence]) -> list[tuple[date, date]]:
    return [(a.first_day, a.last_day) for a in found]


# --- real exports --------------------------------------------------------------------------


def test_an_exchange_recurring_all_day_out_of_office_expands_with_its_moved_day() -> None:
    body = (CORPUS / "icalevents__recurrenceid_ms.ics").read_bytes()
    parsed = parse_calendar(
        body, window_start=at(2021, 4, 5), window_end=at(2021, 4, 19), default_tz="Europe/Berlin"
    )
    # Wednesdays and Fridays; Friday 9 April was moved to Saturday 10 April.
    assert days(parsed.absences) == [
        (date(2021, 4, 7), date(2021, 4, 7)),
        (date(2021, 4, 10), date(2021, 4, 10)),
        (date(2021, 4, 14), date(2021, 4, 14)),
        (date(2021, 4, 16), date(2021, 4, 16)),
    ]
    assert {(a.title, a.why) for a in parsed.absences} == {("Away", OUT_OF_OFFICE)}
    moved = parsed.absences[1]
    # Keyed by the slot it fills, so it is the same event whichever day it is moved to.
    assert moved.key == absence_key(EXCHANGE_UID, date(2021, 4, 9))
    assert len({a.key for a in parsed.absences}) == 4


def test_an_imported_holiday_calendar_counts_only_titles_with_a_leave_word() -> None:
    # Outlook's "Holidays: Germany": Easter Monday and Labour Day say no leave word, and
    # "Mother's Day [Not a public holiday]" says one only to deny it.
    body = (CORPUS / "recurring-ical-events__Germany.ics").read_bytes()
    parsed = parse_calendar(
        body, window_start=at(2011, 4, 20), window_end=at(2011, 6, 1), default_tz="Europe/Berlin"
    )
    assert parsed.absences == []
    worded = parse_calendar(
        body,
        window_start=at(2011, 4, 20),
        window_end=at(2011, 6, 1),
        default_tz="Europe/Berlin",
        leave_words=("Labour Day", "Easter Monday"),
    )
    assert days(worded.absences) == [
        (date(2011, 4, 25), date(2011, 4, 25)),
        (date(2011, 5, 1), date(2011, 5, 1)),
    ]


# --- all-day events ------------------------------------------------------------------------

GOOGLE_VACATION = """
DTSTART;VALUE=DATE:20261214
DTEND;VALUE=DATE:20261219
UID:4k2lq3n8v0p1a9d7e6s5c4b3a2@google.com
SUMMARY:Vacation in Spain
TRANSP:TRANSPARENT
"""


def test_a_google_all_day_vacation_counts_though_google_marks_it_free() -> None:
    (found,) = absences(calendar(GOOGLE_VACATION))
    # DTEND is exclusive: Monday 14 to Friday 18 December.
    assert (found.first_day, found.last_day) == (date(2026, 12, 14), date(2026, 12, 18))
    assert (found.title, found.why) == ("Vacation in Spain", TITLE)


@pytest.mark.parametrize(
    ("title", "counts"),
    [
        ("Vacation", True),
        ("PTO - dentist and errands", True),
        ("OOO", True),
        ("Out   of Office", True),
        ("Verlof", True),
        ("vakantie Texel", True),
        ("Vrij", True),
        ("Family leave", True),
        ("Christmas holiday", True),
        ("Birthday Ana", False),
        ("Vrijdagborrel", False),
        ("Holidays party", False),
        ("Vacationing plans", False),
        ("Not a public holiday", False),
        ("Geen vakantie dit jaar", False),
    ],
)
def test_all_day_titles(title: str, counts: bool) -> None:
    event = f"DTSTART;VALUE=DATE:20261210\nUID:t-1\nSUMMARY:{title}"
    assert bool(absences(calendar(event))) is counts


def test_the_leave_words_are_configurable() -> None:
    text = calendar(
        "DTSTART;VALUE=DATE:20261210\nUID:u-1\nSUMMARY:Urlaub",
        "DTSTART;VALUE=DATE:20261211\nUID:v-1\nSUMMARY:Vacation",
    )
    found = absences(text, leave_words=("urlaub",))
    assert [a.title for a in found] == ["Urlaub"]


def test_a_cancelled_or_declined_all_day_vacation_does_not_count() -> None:
    cancelled = GOOGLE_VACATION + "STATUS:CANCELLED"
    declined = GOOGLE_VACATION + (
        "ORGANIZER:mailto:team.lead@example.com\n"
        f"ATTENDEE;PARTSTAT=DECLINED:mailto:{OWNER}\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:team.lead@example.com\n"
    )
    assert absences(calendar(cancelled)) == []
    assert absences(calendar(declined)) == []


def test_a_colleagues_vacation_sent_to_the_team_is_not_the_persons_leave() -> None:
    invite = (
        "DTSTART;VALUE=DATE:20261214\nDTEND;VALUE=DATE:20261216\nUID:bob-1\n"
        "SUMMARY:Bob on vacation\nORGANIZER;CN=Bob Jansen:mailto:bob.jansen@example.com\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob.jansen@example.com\n"
        f"ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:{OWNER}\n"
    )
    assert absences(calendar(invite)) == []
    # Their own show-as, set to out of office on an invitation, is theirs.
    marked = invite.replace("SUMMARY:Bob on vacation", "SUMMARY:Offsite")
    marked += "X-MICROSOFT-CDO-BUSYSTATUS:OOF\n"
    assert [a.why for a in absences(calendar(marked))] == [OUT_OF_OFFICE]
    # Organised by the person themselves, a title counts with guests on it.
    own = invite.replace("bob.jansen@example.com", OWNER)
    assert [a.why for a in absences(calendar(own))] == [TITLE]


def test_leave_under_way_when_the_window_opens_is_read_and_leave_before_it_is_not() -> None:
    text = calendar(
        "DTSTART;VALUE=DATE:20261101\nDTEND;VALUE=DATE:20261205\nUID:long-1\nSUMMARY:Verlof",
        "DTSTART;VALUE=DATE:20261101\nDTEND;VALUE=DATE:20261120\nUID:over-1\nSUMMARY:Verlof",
    )
    assert days(absences(text)) == [(date(2026, 11, 1), date(2026, 12, 4))]


def test_a_recurring_all_day_day_off_expands_in_the_window() -> None:
    text = calendar(
        "DTSTART;VALUE=DATE:20261204\nRRULE:FREQ=WEEKLY;COUNT=10\nUID:fri-off\nSUMMARY:Vrij"
    )
    found = absences(text)
    assert days(found) == [(date(2026, 12, d), date(2026, 12, d)) for d in (4, 11, 18)]
    assert len({a.key for a in found}) == 3


def test_the_newest_copy_of_an_event_listed_twice_wins() -> None:
    old = "DTSTART;VALUE=DATE:20261214\nUID:twice\nSEQUENCE:1\nSUMMARY:Vacation"
    new = "DTSTART;VALUE=DATE:20261215\nUID:twice\nSEQUENCE:2\nSUMMARY:Vacation"
    assert days(absences(calendar(old, new))) == [(date(2026, 12, 15), date(2026, 12, 15))]


# --- timed events --------------------------------------------------------------------------

OUTLOOK_WEEK = """
UID:040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5
SUMMARY:Away
DTSTART;TZID=W. Europe Standard Time:20261207T000000
DTEND;TZID=W. Europe Standard Time:20261212T000000
TRANSP:OPAQUE
X-MICROSOFT-CDO-BUSYSTATUS:OOF
X-MICROSOFT-CDO-ALLDAYEVENT:FALSE
"""


def test_outlooks_out_of_office_week_written_as_midnight_to_midnight_is_monday_to_friday() -> None:
    # Read on its own wall clock, not the person's: Monday 7 to Friday 11 December.
    for zone in ("Europe/Amsterdam", "America/New_York"):
        (found,) = absences(calendar(OUTLOOK_WEEK), default_tz=zone)
        assert (found.first_day, found.last_day) == (date(2026, 12, 7), date(2026, 12, 11))
        assert found.why == OUT_OF_OFFICE


def test_a_utc_out_of_office_is_read_on_the_persons_clock() -> None:
    event = (
        "UID:utc-1\nSUMMARY:Conference\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\n"
        "DTSTART:20261208T230000Z\nDTEND:20261210T230000Z"
    )
    (found,) = absences(calendar(event), default_tz="Europe/Amsterdam")
    assert (found.first_day, found.last_day) == (date(2026, 12, 9), date(2026, 12, 10))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("20261210T130000", "20261210T150000", None),  # a dentist's appointment
        ("20261210T000000", "20261210T230000", None),  # under a whole day
        ("20261207T090000", "20261209T170000", (date(2026, 12, 7), date(2026, 12, 9))),
        ("20261210T000000", "20261211T000000", (date(2026, 12, 10), date(2026, 12, 10))),
    ],
)
def test_a_timed_out_of_office_is_leave_only_when_it_lasts_a_whole_day(
    start: str, end: str, expected: tuple[date, date] | None
) -> None:
    event = (
        f"UID:oof-1\nSUMMARY:Out\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\n"
        f"DTSTART;TZID=Europe/Amsterdam:{start}\nDTEND;TZID=Europe/Amsterdam:{end}"
    )
    assert days(absences(calendar(event))) == ([expected] if expected else [])


def test_a_timed_titled_event_counts_only_when_busy() -> None:
    event = (
        "UID:trip-1\nSUMMARY:Vacation\n"
        "DTSTART;TZID=Europe/Amsterdam:20261214T000000\n"
        "DTEND;TZID=Europe/Amsterdam:20261216T000000"
    )
    assert days(absences(calendar(event))) == [(date(2026, 12, 14), date(2026, 12, 15))]
    assert absences(calendar(event + "\nTRANSP:TRANSPARENT")) == []


# --- the pre-pass --------------------------------------------------------------------------


def test_the_pre_pass_keeps_only_all_day_events_that_could_be_absences() -> None:
    text = calendar(
        "DTSTART;VALUE=DATE:20261210\nUID:birthday\nSUMMARY:Birthday Ana",
        "DTSTART;VALUE=DATE:20261211\nUID:vacation\nSUMMARY;LANGUAGE=en-us:Vacation",
        "DTSTART;VALUE=DATE:20261212\nUID:away\nSUMMARY:Away\nX-MICROSOFT-CDO-BUSYSTATUS:OOF",
        "DTSTART;VALUE=DATE:20261213\nUID:free\nSUMMARY:Away\nX-MICROSOFT-CDO-BUSYSTATUS:FREE",
        "DTSTART;VALUE=DATE:20250110\nUID:old\nSUMMARY:Vacation",  # long over
    )
    feed = prepare_feed(text, window_start=START, window_end=END)
    kept = sorted(line for block in feed.events for line in block.split("\r\n") if "UID" in line)
    assert kept == ["UID:away", "UID:vacation"]
    # Outlook's BUSYSTATUS is kept only where it says out of office.
    assert sum("BUSYSTATUS" in block for block in feed.events) == 1
