"""Text-level preparation of an iCalendar feed, before icalendar parses it.

This does not parse RFC 5545 values: dates, rules, parameters, escapes and time zones are
all left to icalendar and recurring_ical_events. It only works on whole lines, for four
reasons that a parser cannot cover:

* Repairs: Exchange writes ``RRULE:FREQ=WEEKLY;BYDAY=MO, TU`` (icalendar rejects the space),
  and Windows zone names ("W. Europe Standard Time") are renamed to IANA ones.
* Correctness: icalendar caches VTIMEZONE definitions process-wide by TZID, first one wins.
  Outlook's "Customized Time Zone" differs per sender, so feed B would silently get feed A's
  offsets. Such non-standard TZIDs are renamed after a hash of their definition.
* Isolation: an unbalanced BEGIN/END inside one VEVENT makes icalendar reject the whole
  file; split into blocks, one broken event can be skipped alone.
* Speed: icalendar reads about 20k lines a second here. Feeds carry years of history,
  alarms and inline attachments; one-off events outside the window and lines we never read
  are dropped before parsing (see ``KEPT_PROPERTIES``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.meetings.absence import LEAVE_WORDS, leave_pattern
from bot.meetings.ics.absences import ABSENCE_REACH, OOF_MARK, could_be_absence, is_oof_line
from bot.meetings.ics.forward import fast_forward
from bot.meetings.ics.identity import derived_uid
from bot.meetings.ics.lines import (
    decode,
    is_date_value,
    line_head,
    line_name,
    rule_until,
    start_date,
    strip_rule_spaces,
    trim_person_params,
    unescape_text,
)
from bot.meetings.ics.prepass import drop_far_one_offs
from bot.meetings.ics.timezones import iana_zone

# The VEVENT properties Occurrence is built from; everything else is never read.
KEPT_PROPERTIES = frozenset(
    {
        "UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "EXRULE",
        "RECURRENCE-ID", "SUMMARY", "DESCRIPTION", "X-ALT-DESC", "LOCATION", "ORGANIZER",
        "ATTENDEE", "CLASS", "ATTACH", "SEQUENCE", "STATUS", "TRANSP",
    }
)  # fmt: skip
_BUSY_STATUS = "X-MICROSOFT-CDO-BUSYSTATUS"
_CALENDAR_PROPERTIES = frozenset({"VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-TIMEZONE"})
_TZID_PROPERTIES = frozenset({"DTSTART", "DTEND", "RDATE", "EXDATE", "RECURRENCE-ID"})
_RULE_PROPERTIES = frozenset({"RRULE", "EXRULE"})
_TZID_PARAM = re.compile(r';TZID=(?:"([^"]*)"|([^;:]*))', re.IGNORECASE)
_BLANK = re.compile(r"(?:\\[nN]|\s)*")  # whitespace and escaped line breaks only
# A window edge in one zone is up to 14 hours away from the same instant's date elsewhere.
_WINDOW_MARGIN = timedelta(days=2)
# Property names are short: a longer head is a line of text that lost its colon, not
# worth remembering. The people of one feed are in the thousands at most.
_MAX_MEMO_HEAD = 64
_MAX_PERSON_HEADS = 10_000


class NotACalendarError(ValueError):
    """The text is not an iCalendar file at all (an HTML login page, JSON, nothing)."""


@dataclass
class _Event:
    lines: list[str] = field(default_factory=list)
    has_description: bool = False
    has_alt_description: bool = False
    start: date | None = None
    all_day: bool = False
    # Per RRULE: the UNTIL date, or None when it runs on (COUNT or no end).
    rule_ends: list[date | None] = field(default_factory=list)
    has_rdate: bool = False
    is_override: bool = False  # has a RECURRENCE-ID
    recurrence_id: date | None = None
    recurrence_all_day: bool = False  # a changed instance of an all-day series
    this_and_future: bool = False  # RECURRENCE-ID;RANGE=THISANDFUTURE
    has_uid: bool = False


@dataclass
class PreparedFeed:
    """A feed reduced to what parse_calendar reads, with its repairs applied."""

    header: list[str]
    # Custom VTIMEZONE blocks by their new, definition-specific TZID.
    timezones: dict[str, str]
    events: list[str]
    unknown_tzids: list[str]
    unterminated_events: int = 0
    # New TZID -> the TZID the feed used, for messages.
    original_tzids: dict[str, str] = field(default_factory=dict)

    def calendar_text(self, events: list[str] | None = None) -> str:
        """The text of a calendar with the header, time zones and the given event blocks."""
        body = self.events if events is None else events
        return "\r\n".join(
            ["BEGIN:VCALENDAR", *self.header, *self.timezones.values(), *body, "END:VCALENDAR", ""]
        )


class _Splitter:
    """Walks the lines once, sorting them into header, time zones and event blocks."""

    def __init__(
        self, window_start: datetime, window_end: datetime, leave: re.Pattern[str] | None = None
    ) -> None:
        self.earliest = window_start.date() - _WINDOW_MARGIN
        self.latest = window_end.date() + _WINDOW_MARGIN
        # Absences already under way count: they may have started this long before.
        self.absence_earliest = self.earliest - ABSENCE_REACH
        self.leave = leave or leave_pattern(LEAVE_WORDS)
        self.header: list[str] = []
        self.timezones: dict[str, list[str]] = {}
        self.events: list[_Event] = []
        self.used_tzids: set[str] = set()
        self.unterminated = 0
        self._event: _Event | None = None
        self._event_depth = 0  # VALARMs and the like inside the current VEVENT
        self._timezone: list[str] | None = None
        self._other_depth = 0  # inside a VTODO, VJOURNAL, VFREEBUSY...
        # line_name by line_head: the regular expression and upper() once per distinct head.
        self._names: dict[str, str] = {}
        # ATTENDEE/ORGANIZER head -> trimmed head: the same people recur across events.
        self._person_heads: dict[str, str] = {}

    def _name_of(self, line: str) -> str:
        """line_name(line), remembered by the line's head."""
        head = line_head(line)
        name = self._names.get(head)
        return self._new_name(head) if name is None else name

    def _new_name(self, head: str) -> str:
        name = line_name(head)
        if len(head) <= _MAX_MEMO_HEAD:
            self._names[head] = name
        return name

    def run(self, lines: list[str]) -> None:
        names = self._names
        for raw in lines:
            line = raw.rstrip("\r")
            # _name_of, written out: this loop runs for every line of every feed.
            head = line_head(line)
            name = names.get(head)
            if name is None:
                name = self._new_name(head)
            if name == "BEGIN":
                self._begin(line, line.partition(":")[2].strip().upper())
            elif name == "END":
                self._end(line, line.partition(":")[2].strip().upper())
            elif self._event is not None:
                # Lines of a VALARM, and properties never read, are dropped right here.
                if self._event_depth == 0 and name in KEPT_PROPERTIES:
                    self._event_line(self._event, name, line)
                elif name == _BUSY_STATUS and self._event_depth == 0 and is_oof_line(line):
                    self._event.lines.append(OOF_MARK)  # other statuses are never read
            elif self._timezone is not None:
                self._timezone.append(line)
            elif (
                self._other_depth == 0
                and name in _CALENDAR_PROPERTIES
                and all(line_name(kept) != name for kept in self.header)
            ):
                self.header.append(line)
        if self._event is not None:
            self.unterminated += 1  # a truncated download

    def _begin(self, line: str, component: str) -> None:
        if component == "VEVENT":
            if self._event is not None:
                self.unterminated += 1  # the previous VEVENT never ended
            self._event, self._event_depth = _Event(lines=[line]), 0
        elif self._event is not None:
            self._event_depth += 1
        elif self._timezone is not None:
            self._timezone.append(line)
        elif component == "VTIMEZONE":
            self._timezone = [line]
        elif component != "VCALENDAR":
            self._other_depth += 1

    def _end(self, line: str, component: str) -> None:
        if self._event is not None:
            if component == "VEVENT":
                self._event.lines.append(line)
                self._finish(self._event)
                self._event = None
            elif self._event_depth > 0:
                self._event_depth -= 1
        elif self._timezone is not None:
            self._timezone.append(line)
            if component == "VTIMEZONE":
                self._finish_timezone(self._timezone)
                self._timezone = None
        elif component != "VCALENDAR" and self._other_depth > 0:
            self._other_depth -= 1

    def _event_line(self, event: _Event, name: str, line: str) -> None:
        if name == "ATTACH":
            # Only presence matters, and inline attachments can be megabytes of base64.
            line = "ATTACH:cid:attachment"
        elif name in ("ATTENDEE", "ORGANIZER"):
            line = self._trim_person_params(line)
        elif name in _RULE_PROPERTIES:
            line = strip_rule_spaces(line)
            if name == "RRULE":
                event.rule_ends.append(rule_until(line))
        elif name == "RDATE":
            event.has_rdate = True
        elif name == "RECURRENCE-ID":
            event.is_override = True
            event.recurrence_id = start_date(line)
            event.recurrence_all_day = is_date_value(line)
            event.this_and_future = "THISANDFUTURE" in line.upper()
        elif name in ("DESCRIPTION", "X-ALT-DESC"):
            _note_description(event, name, line)
        elif name == "DTSTART":
            event.start = start_date(line)
            event.all_day = is_date_value(line)
        elif name == "UID":
            if not line.partition(":")[2].strip():
                return  # "UID:" with nothing after it is no UID: _finish derives one
            event.has_uid = True
        if name in _TZID_PROPERTIES and "TZID=" in line.upper():
            for quoted, plain in _TZID_PARAM.findall(line):
                self.used_tzids.add(quoted or plain)
        event.lines.append(line)

    def _trim_person_params(self, line: str) -> str:
        # Within a feed most guests recur: their trimmed parameters are worked out once.
        if '"' in line:
            return line
        head, sep, value = line.partition(":")
        trimmed = self._person_heads.get(head)
        if trimmed is None:
            trimmed = trim_person_params(head)
            if len(self._person_heads) < _MAX_PERSON_HEADS:
                self._person_heads[head] = trimmed
        return trimmed + sep + value

    def outside(self, day: date | None) -> bool:
        """Whether a start date is too far from the window to matter (unknown: False)."""
        return day is not None and not self.earliest <= day <= self.latest

    def might_be_absence(self, block: str, day: date | None) -> bool:
        """Whether a block starting on `day` could be an absence reaching the window."""
        if day is not None and not self.absence_earliest <= day <= self.latest:
            return False
        return could_be_absence(block, self.leave)

    def _event_might_be_absence(self, event: _Event, day: date | None) -> bool:
        return self.might_be_absence("\n".join(event.lines).upper(), day)

    def _cannot_touch_window(self, event: _Event) -> bool:
        """Whether no occurrence of this block can start in the window (unsure: False)."""
        if event.is_override:
            return self._override_cannot_touch_window(event)
        if event.all_day:
            # Never a meeting; kept only if it could be an absence (rare: most are not).
            one_off = not (event.has_rdate or event.rule_ends)
            return not self._event_might_be_absence(event, event.start if one_off else None)
        if event.has_rdate:
            return False
        if event.rule_ends:
            if event.start is not None and event.start > self.latest:
                return True  # a series that starts after the window
            return all(end is not None and end < self.earliest for end in event.rule_ends)
        return self.outside(event.start) and not self._event_might_be_absence(event, event.start)

    def _override_cannot_touch_window(self, event: _Event) -> bool:
        if event.this_and_future:
            return False  # it changes every later occurrence, the window's too
        if event.all_day and event.recurrence_all_day:
            # A changed day of an all-day series: never a meeting, maybe an absence.
            return not self._event_might_be_absence(event, None)
        # Its slot and its new time both elsewhere: the master's slot is elsewhere too.
        # An all-day change of a timed series stays: it takes the series' slot away.
        return self.outside(event.start) and self.outside(event.recurrence_id)

    def _finish(self, event: _Event) -> None:
        if self._cannot_touch_window(event):
            return  # feeds carry years of history: no need to parse it
        if not event.has_uid:
            # Before fast_forward moves DTSTART: the key must not move with the window.
            event.lines.insert(1, f"UID:{derived_uid(event.lines)}")
        if event.rule_ends and not event.is_override:
            event.lines = fast_forward(event.lines, self.earliest)
        if event.has_description and event.has_alt_description:
            # parse_calendar prefers DESCRIPTION; the HTML copy is long and then unused.
            event.lines = [line for line in event.lines if self._name_of(line) != "X-ALT-DESC"]
        self.events.append(event)

    def _finish_timezone(self, lines: list[str]) -> None:
        for line in lines:
            if line_name(line) == "TZID":
                # A TZID property is TEXT: "TZID:Kuala Lumpur\, Singapore" defines the zone
                # that parameters name as TZID="Kuala Lumpur, Singapore".
                self.timezones[unescape_text(line.partition(":")[2].strip())] = lines
                return


def _note_description(event: _Event, name: str, line: str) -> None:
    if name == "X-ALT-DESC":
        event.has_alt_description = True
        return
    # Outlook writes an empty description as "\n" (escaped): that is empty too.
    # fullmatch stops at the first other character: no copy of a long text.
    colon = line.find(":")
    event.has_description = colon >= 0 and _BLANK.fullmatch(line, colon + 1) is None


def _rename_tzids(line: str, names: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        old = match.group(1) if match.group(1) is not None else match.group(2)
        new = names.get(old)
        return match.group(0) if new is None else f";TZID={new}"

    return _TZID_PARAM.sub(replace, line)


def prepare_feed(
    raw: str | bytes,
    *,
    window_start: datetime,
    window_end: datetime,
    leave: re.Pattern[str] | None = None,
) -> PreparedFeed:
    """Split, trim and repair a feed; raises NotACalendarError if it is not iCalendar text.
    All-day events are kept only where they could be absences (`leave`: the title words)."""
    text = decode(raw)
    if "\n" not in text:
        text = text.replace("\r", "\n")  # classic Mac line ends, from old export tools
    if text.partition("\n")[0].strip().upper() != "BEGIN:VCALENDAR":
        raise NotACalendarError("the text does not start with BEGIN:VCALENDAR")
    splitter = _Splitter(window_start, window_end, leave)
    text = drop_far_one_offs(text, splitter.outside, splitter.might_be_absence)
    splitter.run(text.split("\n"))

    renames: dict[str, str] = {}
    unknown: list[str] = []
    custom: dict[str, str] = {}
    for tzid in sorted(splitter.used_tzids | set(splitter.timezones)):
        zone = iana_zone(tzid)
        if zone is not None:
            if zone != tzid:
                renames[tzid] = zone
        elif tzid in splitter.timezones:
            block = splitter.timezones[tzid]
            digest = hashlib.sha256("\n".join(block).encode()).hexdigest()[:16]
            new = renames[tzid] = f"Kairos-Custom-{digest}"
            custom[new] = "\r\n".join(
                f"TZID:{new}" if line_name(line) == "TZID" else line for line in block
            )
        else:
            unknown.append(tzid)
            # icalendar hands the name to zoneinfo, which raises on some ("Pacific" is a
            # folder of the zone database) and sinks the event; a name no zone has is read
            # as floating, like every other unknown zone.
            digest = hashlib.sha256(tzid.encode()).hexdigest()[:16]
            renames[tzid] = f"Kairos-Unknown-{digest}"

    header: list[str] = []
    for line in splitter.header:
        if line_name(line) == "X-WR-TIMEZONE":
            value = line.partition(":")[2].strip()
            zone = iana_zone(value)
            if zone is None:
                unknown.append(value)
                # x_wr_timezone would raise on it and sink the feed; floating times then
                # fall back to the default zone.
                continue
            header.append(f"X-WR-TIMEZONE:{zone}")
        else:
            header.append(line)

    events = [
        "\r\n".join(
            _rename_tzids(line, renames) if renames and "TZID=" in line.upper() else line
            for line in event.lines
        )
        for event in splitter.events
    ]
    return PreparedFeed(
        header=header,
        timezones=custom,
        events=events,
        unknown_tzids=unknown,
        unterminated_events=splitter.unterminated,
        original_tzids={new: old for old, new in renames.items() if new in custom},
    )
