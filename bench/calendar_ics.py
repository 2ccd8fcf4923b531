"""The calendar sync benchmark's feeds as their servers export them: Google's and Exchange's
VCALENDAR, VTIMEZONE and VEVENT spellings, HTML twins, alarms and folded lines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bench.calendar_feeds import Event, address, owner_style, owner_zone

# (Windows name, standard offset, daylight offset, names, DST start rule, DST end rule,
#  local hour of each change); offsets as TZOFFSETFROM/TO write them.
ZONES: dict[str, tuple[str, str, str | None, str, str, str, tuple[int, int]]] = {
    "Europe/Amsterdam": ("W. Europe Standard Time", "+0100", "+0200", "CET/CEST",
                         "3;BYDAY=-1SU", "10;BYDAY=-1SU", (2, 3)),
    "Europe/London": ("GMT Standard Time", "+0000", "+0100", "GMT/BST",
                      "3;BYDAY=-1SU", "10;BYDAY=-1SU", (1, 2)),
    "America/New_York": ("Eastern Standard Time", "-0500", "-0400", "EST/EDT",
                         "3;BYDAY=2SU", "11;BYDAY=1SU", (2, 2)),
    "America/Los_Angeles": ("Pacific Standard Time", "-0800", "-0700", "PST/PDT",
                            "3;BYDAY=2SU", "11;BYDAY=1SU", (2, 2)),
    "Asia/Kolkata": ("India Standard Time", "+0530", None, "IST/IST", "", "", (0, 0)),
}  # fmt: skip
HTML = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    '<meta name="Generator" content="Microsoft Word 15 (filtered medium)"><style><!--\n'
    '@font-face {{font-family:"Cambria Math"; panose-1:2 4 5 3 5 4 6 3 2 4;}}\n'
    "p.MsoNormal, li.MsoNormal, div.MsoNormal {{margin:0cm; font-size:11.0pt; font-family:"
    '"Calibri",sans-serif;}}\n--></style></head><body lang="EN-US" link="#0563C1"><div '
    'class="WordSection1"><p class="MsoNormal">{text}</p><div style="width:100%;height:20px;">'
    '<span style="white-space:nowrap;color:#5F5F5F;opacity:.36;">{rule}</span></div><div '
    'class="me-email-text" style="color:#252424;font-family:\'Segoe UI\',sans-serif;"><a '
    'href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_{code}">Click here to join '
    "the meeting</a></div></div></body></html>"
)


def _local(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _person(email: str) -> tuple[str, str]:
    """(first, last) for an address, as a calendar shows the person."""
    local = email.split("@", maxsplit=1)[0].split(".")
    return local[0].title(), (local[1].title() if len(local) > 2 else "Guest")


def vtimezone(zone: str, style: str) -> list[str]:
    """A VTIMEZONE as Google (IANA TZID, 1970 rules) or Exchange (Windows name, 1601) writes it."""
    windows, standard, daylight, names, dst_rule, std_rule, hours = ZONES[zone]
    outlook = style == "outlook"
    lines = ["BEGIN:VTIMEZONE", f"TZID:{windows if outlook else zone}"]
    lines += [] if outlook else [f"X-LIC-LOCATION:{zone}"]
    std_name, dst_name = names.split("/")
    if daylight is None:
        changes = [("STANDARD", standard, standard, std_name, "", 0)]
    else:
        changes = [
            ("DAYLIGHT", standard, daylight, dst_name, dst_rule, hours[0]),
            ("STANDARD", daylight, standard, std_name, std_rule, hours[1]),
        ]
    for kind, before, after, name, rule, hour in changes:
        month = int(rule.split(";")[0]) if rule else 1
        start = f"16010101T{hour:02d}0000" if outlook else f"1970{month:02d}01T{hour:02d}0000"
        lines += [f"BEGIN:{kind}", f"TZOFFSETFROM:{before}", f"TZOFFSETTO:{after}"]
        lines += [] if outlook else [f"TZNAME:{name}"]
        lines.append(f"DTSTART:{start}")
        lines += [f"RRULE:FREQ=YEARLY;BYMONTH={rule}"] if rule else []
        lines.append(f"END:{kind}")
    return [*lines, "END:VTIMEZONE"]


def _people_lines(event: Event, style: str) -> list[str]:
    first, last = _person(event.organizer)
    if style == "google":
        lines = [f"ORGANIZER;CN={first} {last}:mailto:{event.organizer}"]
        lines += [
            f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={status};CN="
            f"{' '.join(_person(email))};X-NUM-GUESTS=0:mailto:{email}"
            for email, status in event.attendees
        ]
        room_line = (
            "ATTENDEE;CUTYPE=RESOURCE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Room 4.12;"
            "X-NUM-GUESTS=0:mailto:c_1881k2m3n4p5q6r7s8t9@resource.calendar.google.com"
        )
    else:
        lines = [f'ORGANIZER;CN="{last}, {first}":mailto:{event.organizer}']
        lines += [
            f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT={status};RSVP=TRUE;CN="
            f'"{_person(email)[1]}, {_person(email)[0]}":mailto:{email}'
            for email, status in event.attendees
        ]
        room_line = (
            "ATTENDEE;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT;RSVP=TRUE;CN=Room Amstel 4.12:"
            "mailto:room.amstel412@acme.test"
        )
    return lines + ([room_line] if event.room else [])


def _vevent(
    event: Event, style: str, start: datetime, slot: datetime | None, cancelled: bool, stamp: str
) -> list[str]:
    """One VEVENT block: the master (slot None) or an override of one slot."""
    tzid = ZONES[event.zone][0] if style == "outlook" else event.zone
    end = start + timedelta(minutes=event.minutes)
    if event.all_day:
        times = [
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end + timedelta(days=1):%Y%m%d}",
        ]
    else:
        times = [f"DTSTART;TZID={tzid}:{_local(start)}", f"DTEND;TZID={tzid}:{_local(end)}"]
    rules: list[str] = []
    if slot is None and event.rrule:
        rule = event.rrule
        if style == "outlook":  # Exchange's spelling, which ics_text repairs
            rule = (
                rule.replace(",", ", ").replace("FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=1")
                + ";WKST=MO"
            )
        rules = [f"RRULE:{rule}"] + [f"EXDATE;TZID={tzid}:{_local(d)}" for d in event.exdates]
    recurrence = [f"RECURRENCE-ID;TZID={tzid}:{_local(slot)}"] if slot else []
    status = "CANCELLED" if cancelled else "CONFIRMED"
    sequence = f"SEQUENCE:{1 if slot else 0}"
    klass = "PRIVATE" if event.private else "PUBLIC"
    transp = "TRANSPARENT" if event.free else "OPAQUE"
    alarm = [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Reminder",
        "TRIGGER:-P0DT0H10M0S",
        "END:VALARM",
    ]
    people = _people_lines(event, style)
    if style == "google":
        return [
            "BEGIN:VEVENT", *times, *rules, f"DTSTAMP:{stamp}", people[0], f"UID:{event.uid}",
            *recurrence, *people[1:], *([f"CLASS:{klass}"] if event.private else []),
            f"CREATED:{stamp}", f"DESCRIPTION:{_text(event.description)}",
            f"LAST-MODIFIED:{stamp}", "LOCATION:", sequence, f"STATUS:{status}",
            f"SUMMARY:{_text(event.title)}", f"TRANSP:{transp}", *alarm, "END:VEVENT",
        ]  # fmt: skip
    html = []
    if event.description and len(event.uid) % 3 == 0:  # a third of them carry an HTML twin
        code = event.uid[:12]
        twin = HTML.format(text=event.description[:200], rule="_" * 80, code=code)
        html = [f"X-ALT-DESC;FMTTYPE=text/html:{_text(twin)}"]
    return [
        "BEGIN:VEVENT", *people, f"DESCRIPTION;LANGUAGE=en-US:{_text(event.description)}",
        *rules, f"UID:{event.uid}", *recurrence, f"SUMMARY;LANGUAGE=en-US:{_text(event.title)}",
        *times, f"CLASS:{klass}", "PRIORITY:5", f"DTSTAMP:{stamp}", f"TRANSP:{transp}",
        f"STATUS:{status}", sequence, "LOCATION;LANGUAGE=en-US:Microsoft Teams Meeting",
        "X-MICROSOFT-CDO-APPT-SEQUENCE:0", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY", "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
        "X-MICROSOFT-CDO-IMPORTANCE:1", "X-MICROSOFT-CDO-INSTTYPE:0",
        "X-MICROSOFT-DONOTFORWARDMEETING:FALSE", "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
        *html, *alarm, "END:VEVENT",
    ]  # fmt: skip


def _fold(line: str) -> str:
    if len(line) <= 75:
        return line
    return "\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))])


def render_feed(owner: int, events: list[Event], anchor: date) -> bytes:
    """The owner's feed as their calendar server would export it."""
    style, zone = owner_style(owner), owner_zone(owner)
    stamp = f"{anchor - timedelta(days=1):%Y%m%d}T081500Z"
    if style == "google":
        lines = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
                 "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                 f"X-WR-CALNAME:{address(owner)}", f"X-WR-TIMEZONE:{zone}"]  # fmt: skip
    else:
        lines = ["BEGIN:VCALENDAR", "METHOD:PUBLISH", "PRODID:Microsoft Exchange Server 2010",
                 "VERSION:2.0", "X-WR-CALNAME:Calendar"]  # fmt: skip
    for name in sorted({e.zone for e in events} | {zone}):
        lines += vtimezone(name, style)
    for event in events:
        lines += _vevent(event, style, event.start, None, False, stamp)
        for slot, moved, cancelled in event.overrides:
            lines += _vevent(event, style, moved, slot, cancelled, stamp)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
