"""Parsing calendar feeds (Google, Outlook/Exchange, Apple, Zoom, Teams) into occurrences."""

from __future__ import annotations

import pytest

from bot.meetings.agenda.detection import AgendaReason, detect_agenda
from bot.meetings.ics.timezones import iana_zone
from bot.meetings.model import ParsedCalendar, meeting_key
from tests.unit.meetings.ics_helpers import (
    at,
    by_title,
    calendar,
    fixture,
    parse,
)

# --- Google Calendar -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def google() -> ParsedCalendar:
    return fixture("google_export.ics")


def test_google_feed_reads_cleanly(google: ParsedCalendar) -> None:
    assert google.skipped == 0
    assert google.errors == []
    assert google.warnings == []
    assert google.occurrences == sorted(google.occurrences, key=lambda o: (o.start, o.uid))


def test_exdate_override_and_cancelled_instance(google: ParsedCalendar) -> None:
    # Mondays 10:00 Amsterdam: Jan 5 removed by EXDATE, Jan 12 moved to 14:00, Jan 19
    # cancelled, Jan 26 as planned.
    planning = [o for o in google.occurrences if o.series_key.startswith("5f3kq0")]
    assert [(o.start, o.title) for o in planning] == [
        (at(2026, 1, 12, 13, 0), "Weekly planning (moved)"),
        (at(2026, 1, 26, 9, 0), "Weekly planning"),
    ]
    moved, regular = planning
    assert moved.recurrence_id == at(2026, 1, 12, 9, 0)
    assert moved.sequence == 1
    assert regular.recurrence_id == regular.start
    assert all(o.is_recurring and not o.recurrence_has_end for o in planning)


def test_google_split_series_joins_under_one_key(google: ParsedCalendar) -> None:
    reviews = by_title(google, "Design review")
    assert [o.start for o in reviews] == [at(2026, 1, d, 14, 30) for d in (8, 15, 22, 29)]
    assert {o.uid for o in reviews} == {
        "7h2jk4l6m8n0p2q4r6s8t0v2w4@google.com",
        "7h2jk4l6m8n0p2q4r6s8t0v2w4_R20260115T143000@google.com",
    }
    assert {o.series_key for o in reviews} == {"7h2jk4l6m8n0p2q4r6s8t0v2w4@google.com"}
    assert all(o.recurrence_has_end for o in reviews)  # UNTIL, then COUNT


def test_excluded_occurrences(google: ParsedCalendar) -> None:
    titles = {o.title for o in google.occurrences}
    assert "Team offsite" not in titles  # all-day
    assert "Submit expenses" not in titles  # TRANSP:TRANSPARENT
    assert "Vendor demo: Contoso analytics" not in titles  # the owner declined
    assert "Kick-off last summer" not in titles  # outside the window


def test_declined_events_stay_without_an_owner() -> None:
    parsed = fixture("google_export.ics", owner_email=None)
    assert by_title(parsed, "Vendor demo: Contoso analytics")


def test_owner_email_is_case_insensitive() -> None:
    parsed = fixture("google_export.ics", owner_email="  Ana.DeVries@Example.com ")
    assert not by_title(parsed, "Vendor demo: Contoso analytics")


def test_private_event_is_kept_and_marked(google: ParsedCalendar) -> None:
    (physio,) = by_title(google, "Physio")
    assert physio.is_private


def test_attendees_rooms_and_attachment(google: ParsedCalendar) -> None:
    (onboarding,) = by_title(google, "Customer onboarding: Northwind")
    assert onboarding.has_attachment
    assert onboarding.organizer == "ana.devries@example.com"
    people = {a.email: a for a in onboarding.attendees}
    assert "emma.okafor@northwind.example.org" in people  # lowercased, mailto: stripped
    assert people["emma.okafor@northwind.example.org"].name == "Emma Okafor"
    assert people["emma.okafor@northwind.example.org"].partstat == "NEEDS-ACTION"
    # Google marks this room INDIVIDUAL; its resource.calendar.google.com address gives it away.
    assert people["c_188a9b8c7d6e5f4@resource.calendar.google.com"].is_resource
    assert len(onboarding.human_participants) == 3
    assert detect_agenda(onboarding.description, has_attachment=True).reason == "attachment"


def test_google_html_description_with_meet_block(google: ParsedCalendar) -> None:
    regular = by_title(google, "Weekly planning")[0]
    assert regular.description_is_html is None  # Google mixes HTML and text: detect
    assert detect_agenda(regular.description).reason == AgendaReason.HEADING
    (moved,) = by_title(google, "Weekly planning (moved)")
    assert detect_agenda(moved.description).reason == AgendaReason.BOILERPLATE_ONLY


def test_large_daily_standup(google: ParsedCalendar) -> None:
    standups = by_title(google, "Platform standup")
    assert len(standups) == 20  # weekdays from Jan 5 to Jan 30
    assert all(o.start.minute == 15 for o in standups)
    assert len(standups[0].human_participants) == 9  # ten invited, one declined


# --- Outlook / Exchange --------------------------------------------------------------------


@pytest.fixture(scope="module")
def outlook() -> ParsedCalendar:
    return fixture("outlook_exchange.ics")


def test_outlook_feed_reads_cleanly(outlook: ParsedCalendar) -> None:
    assert (outlook.skipped, outlook.errors, outlook.warnings) == (0, [], [])


def test_windows_zone_and_exchange_byday_spacing(outlook: ParsedCalendar) -> None:
    # "W. Europe Standard Time", "BYDAY=MO, WE": Mondays and Wednesdays 09:30 CET.
    sprint = by_title(outlook, "Sprint sync")
    expected = [at(2026, 1, d, 8, 30) for d in (5, 7, 12, 14, 19, 21, 26, 28)]
    assert [o.start for o in sprint] == expected
    assert all(o.is_recurring and o.recurrence_has_end for o in sprint)


def test_pacific_and_romance_standard_time(outlook: ParsedCalendar) -> None:
    (roadmap,) = by_title(outlook, "Roadmap review (US)")
    assert roadmap.start == at(2026, 1, 8, 16, 0)  # 08:00 PST
    (qbr,) = by_title(outlook, "Quarterly business review")
    assert (qbr.start, qbr.minutes) == (at(2026, 1, 20, 13, 0), 90)  # 14:00 Paris


def test_outlook_customized_time_zone_uses_its_own_definition(outlook: ParsedCalendar) -> None:
    (pune,) = by_title(outlook, "Vendor sync (Pune)")
    assert pune.start == at(2026, 1, 9, 9, 30)  # 15:00 at +05:30


def test_custom_zones_with_the_same_name_do_not_leak_between_feeds() -> None:
    # icalendar caches VTIMEZONEs by TZID for the whole process; Outlook calls every
    # user-defined zone "Customized Time Zone". Each feed must keep its own offsets.
    def feed(offset: str) -> str:
        zone = (
            "BEGIN:VTIMEZONE\nTZID:Customized Time Zone\nBEGIN:STANDARD\n"
            f"DTSTART:16010101T000000\nTZOFFSETFROM:{offset}\nTZOFFSETTO:{offset}\n"
            "END:STANDARD\nEND:VTIMEZONE"
        )
        return calendar(
            "UID:custom@example.com\nDTSTART;TZID=Customized Time Zone:20260109T120000\n"
            "DTEND;TZID=Customized Time Zone:20260109T123000",
            header=zone,
        )

    assert parse(feed("+0300")).occurrences[0].start == at(2026, 1, 9, 9, 0)
    assert parse(feed("-0500")).occurrences[0].start == at(2026, 1, 9, 17, 0)
    assert parse(feed("+0300")).occurrences[0].start == at(2026, 1, 9, 9, 0)


def test_html_alt_description_is_used_when_the_plain_one_is_empty(outlook: ParsedCalendar) -> None:
    (roadmap,) = by_title(outlook, "Roadmap review (US)")
    assert roadmap.description_is_html is True
    assert detect_agenda(roadmap.description, is_html=True).reason == AgendaReason.HEADING


def test_plain_description_is_preferred_over_html(outlook: ParsedCalendar) -> None:
    sprint = by_title(outlook, "Sprint sync")[0]
    assert sprint.description.startswith("Sprint goal check-in")
    assert sprint.description_is_html is None
    (qbr,) = by_title(outlook, "Quarterly business review")
    assert detect_agenda(qbr.description).reason == AgendaReason.BOILERPLATE_ONLY


def test_exchange_rooms_are_resources(outlook: ParsedCalendar) -> None:
    sprint = by_title(outlook, "Sprint sync")[0]
    rooms = {a.email for a in sprint.attendees if a.is_resource}
    assert rooms == {"room.amstel412@example.com"}  # CUTYPE=RESOURCE
    (roadmap,) = by_title(outlook, "Roadmap review (US)")
    assert {a.email for a in roadmap.attendees if a.is_resource} == {"sf-bay-room@example.org"}
    assert sprint.organizer == "ana.devries@example.com"
    assert {a.name for a in sprint.attendees if not a.is_resource} == {
        "Jansen, Bram",
        "Martin, Chloé",
        "Patel, Dev",
    }
    assert sprint.location == "Microsoft Teams Meeting; Room Amstel 4.12"


@pytest.mark.parametrize(
    ("tzid", "utc_hour"),
    [
        ("W. Europe Standard Time", 9),
        ("Romance Standard Time", 9),
        ("GMT Standard Time", 10),
        ("Pacific Standard Time", 18),
        ("Eastern Standard Time", 15),
        ("India Standard Time", 4),  # +05:30 -> 04:30
        ("tzone://Microsoft/Utc", 10),
        ("Europe/Amsterdam", 9),
        ("/freeassociation.sourceforge.net/Tzfile/Europe/Amsterdam", 9),
    ],
)
def test_tzids_without_vtimezone_resolve(tzid: str, utc_hour: int) -> None:
    parsed = parse(
        calendar(
            f'UID:tz@example.com\nDTSTART;TZID="{tzid}":20260112T100000\n'
            f'DTEND;TZID="{tzid}":20260112T102500'
        )
    )
    assert parsed.warnings == []
    assert parsed.occurrences[0].start.hour == utc_hour


# The Windows names Outlook and Exchange write most often. Kairos takes them from the CLDR
# table icalendar ships; a new icalendar that dropped or changed one fails here.
COMMON_WINDOWS_ZONES = {
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "FLE Standard Time": "Europe/Kiev",
    "GTB Standard Time": "Europe/Bucharest",
    "E. Europe Standard Time": "Europe/Chisinau",
    "Russian Standard Time": "Europe/Moscow",
    "Turkey Standard Time": "Europe/Istanbul",
    "Israel Standard Time": "Asia/Jerusalem",
    "South Africa Standard Time": "Africa/Johannesburg",
    "W. Central Africa Standard Time": "Africa/Lagos",
    "Arabian Standard Time": "Asia/Dubai",
    "India Standard Time": "Asia/Calcutta",
    "China Standard Time": "Asia/Shanghai",
    "Singapore Standard Time": "Asia/Singapore",
    "Tokyo Standard Time": "Asia/Tokyo",
    "Korea Standard Time": "Asia/Seoul",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "New Zealand Standard Time": "Pacific/Auckland",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "US Mountain Standard Time": "America/Phoenix",
    "Pacific Standard Time": "America/Los_Angeles",
    "Alaskan Standard Time": "America/Anchorage",
    "Hawaiian Standard Time": "Pacific/Honolulu",
    "Atlantic Standard Time": "America/Halifax",
    "Central Standard Time (Mexico)": "America/Mexico_City",
    "SA Pacific Standard Time": "America/Bogota",
    "E. South America Standard Time": "America/Sao_Paulo",
    "Argentina Standard Time": "America/Buenos_Aires",
    "UTC": "UTC",  # an IANA name too, taken as is
    # Not in CLDR: Exchange's own names for UTC.
    "Coordinated Universal Time": "Etc/UTC",
    "tzone://Microsoft/Utc": "Etc/UTC",
}


@pytest.mark.parametrize(("windows", "iana"), COMMON_WINDOWS_ZONES.items())
def test_windows_zone_names_resolve(windows: str, iana: str) -> None:
    assert iana_zone(windows) == iana


# --- Apple, Zoom, Teams ----------------------------------------------------------------------


def test_apple_floating_times_are_in_the_default_zone() -> None:
    amsterdam = fixture("apple_calendar.ics")
    (review,) = by_title(amsterdam, "Writing hour review")
    assert review.start == at(2026, 1, 6, 8, 0)
    new_york = fixture("apple_calendar.ics", default_tz="America/New_York")
    assert by_title(new_york, "Writing hour review")[0].start == at(2026, 1, 6, 14, 0)


def test_apple_alarm_attachments_are_not_event_attachments() -> None:
    parsed = fixture("apple_calendar.ics")
    assert not any(o.has_attachment for o in parsed.occurrences)
    london = by_title(parsed, "London office check-in")
    assert [o.start for o in london] == [at(2026, 1, d, 15, 0) for d in (7, 8, 9)]
    assert all(o.recurrence_has_end for o in london)  # COUNT=3


def test_zoom_invite() -> None:
    parsed = fixture("zoom_invite.ics")
    (call,) = parsed.occurrences
    assert (call.start, call.minutes) == (at(2026, 1, 13, 16, 0), 45)
    assert detect_agenda(call.description).reason == AgendaReason.BOILERPLATE_ONLY
    assert call.location.startswith("https://us06web.zoom.us/j/")


def test_teams_invite() -> None:
    (meeting,) = fixture("teams_invite.ics").occurrences
    assert meeting.start == at(2026, 1, 15, 9, 30)
    assert meeting.organizer == "camille.lefevre@example.fr"
    assert detect_agenda(meeting.description).reason == AgendaReason.HEADING


def test_the_same_meeting_in_two_feeds_has_one_key() -> None:
    # Bram (organiser) and Ana see the same Monday planning; their feeds differ.
    ana = fixture("google_export.ics")
    bram = fixture("google_export.ics", owner_email="bram.jansen@example.com")
    keys_ana = {meeting_key(o) for o in by_title(ana, "Weekly planning (moved)")}
    keys_bram = {meeting_key(o) for o in by_title(bram, "Weekly planning (moved)")}
    assert keys_ana == keys_bram == {("5f3kq0v9d2l8m1n4p6r7s8t0u2@google.com", at(2026, 1, 12, 9))}
