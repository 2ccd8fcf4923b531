"""Read an iCalendar feed into the meeting occurrences of a time window.

icalendar parses (through reader.py), recurring_ical_events expands
RRULE/RDATE/EXDATE/RECURRENCE-ID (lone one-off events skip its series: singles.one_offs
gives what it would), occurrences.py turns events into Occurrences;
text.py trims and repairs the text first. One bad event is skipped and reported, never
the whole feed; only a file that is not a calendar at all raises InvalidCalendar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from bot.errors import KairosUserError
from bot.i18n import _
from bot.meetings.absence import LEAVE_WORDS, Absence, leave_pattern
from bot.meetings.ics.absences import AbsenceReader
from bot.meetings.ics.occurrences import OccurrenceReader, SeriesInfo, as_list
from bot.meetings.ics.reader import event_series, read_calendar
from bot.meetings.ics.report import ParseReport, SkipReason
from bot.meetings.ics.singles import one_offs
from bot.meetings.ics.text import NotACalendarError, PreparedFeed, prepare_feed
from bot.meetings.model import Occurrence, ParsedCalendar

# Properties whose damage makes an event's time unknowable: such an event is skipped.
_CRITICAL = {
    "DTSTART": SkipReason.BAD_TIME,
    "DTEND": SkipReason.BAD_TIME,
    "DURATION": SkipReason.BAD_TIME,
    "RECURRENCE-ID": SkipReason.BAD_TIME,
    "RRULE": SkipReason.BAD_REPEAT_RULE,
    "RDATE": SkipReason.BAD_REPEAT_RULE,
    "EXDATE": SkipReason.BAD_REPEAT_RULE,
}
_Problem = tuple[SkipReason, str]
_MEETING_FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
# RFC 5545 ranges (absolute values; negative numbers count from the end).
_RULE_RANGES = {
    "BYSECOND": (0, 60),
    "BYMINUTE": (0, 59),
    "BYHOUR": (0, 23),
    "BYMONTHDAY": (1, 31),
    "BYYEARDAY": (1, 366),
    "BYWEEKNO": (1, 53),
    "BYMONTH": (1, 12),
    "BYSETPOS": (1, 366),
}
_EARLIEST_SERIES_YEAR = 1970
# recurring_ical_events compares floating times as if they were in the window's zone; the
# real zone can be 14 hours off, so ask for a day more on each side and filter exactly.
_QUERY_MARGIN = timedelta(days=1)


class InvalidCalendar(KairosUserError):  # noqa: N818 - reads better at call sites
    """The feed is not a calendar we can read at all.

    `detail` stays the English id of what was wrong: the parse may run in a worker process,
    which does not know the reader's language, so whoever shows it to a person translates it
    there with invalid_calendar_text."""

    def __init__(self, detail: str) -> None:
        super().__init__(invalid_calendar_text(detail))
        self.detail = detail


def invalid_calendar_text(detail: str) -> str:
    """InvalidCalendar's sentence for a detail id, in the current language."""
    # The extractor reads literals only, so each detail InvalidCalendar is raised with is
    # spelled out here once; an unknown one is shown as it is.
    details = {
        "it is not an iCalendar file": _("it is not an iCalendar file"),
        "its header could not be read": _("its header could not be read"),
        "it uses a calendar scale other than Gregorian": _(
            "it uses a calendar scale other than Gregorian"
        ),
    }
    # TRANSLATORS: {detail} is what was wrong with the file, e.g. "it is not an iCalendar file".
    return _(
        "That address didn't give me a calendar I can read ({detail}). Could you copy the "
        "calendar's secret iCal address (it usually ends in .ics) and try again?",
        detail=details.get(detail, detail),
    )


def parse_calendar(
    ics_text: str | bytes,
    *,
    window_start: datetime,
    window_end: datetime,
    default_tz: str,
    owner_email: str | None = None,
    leave_words: tuple[str, ...] = LEAVE_WORDS,
) -> ParsedCalendar:
    """The meetings starting in [window_start, window_end) in a feed, and what was skipped;
    and the out-of-office absences (absence.py) whose days reach the window.

    Leaves out cancelled, all-day and free (TRANSP:TRANSPARENT) occurrences, and those the
    owner declined. Floating times are read in the calendar's X-WR-TIMEZONE if it has one,
    else in default_tz.
    """
    for name, value in (("window_start", window_start), ("window_end", window_end)):
        if value.tzinfo is None:
            raise ValueError(f"{name} must be timezone-aware")
    zone = ZoneInfo(default_tz)
    leave = leave_pattern(tuple(leave_words))
    try:
        feed = prepare_feed(ics_text, window_start=window_start, window_end=window_end, leave=leave)
    except NotACalendarError as error:
        raise InvalidCalendar("it is not an iCalendar file") from error

    report = ParseReport()
    for _cut in range(feed.unterminated_events):
        report.skip("", SkipReason.CUT_OFF, "it was cut off before END:VEVENT")
    calendar = _parse(feed, report)
    _note_unknown_zones(feed, calendar, default_tz, report)
    events = _valid_events(calendar, report)
    info = _series_info(events)
    owner = owner_email.strip().lower() if owner_email else None

    found: dict[tuple[str, datetime], Occurrence] = {}
    reader = OccurrenceReader(info, zone, owner)
    absences = _Absences(AbsenceReader(info, zone, owner, leave), window_start, window_end)
    for component in _expand(calendar, window_start, window_end, report):
        absences.add(component)
        occurrence = reader.occurrence(component)
        if occurrence is None or not window_start <= occurrence.start < window_end:
            continue
        key = (occurrence.uid, occurrence.recurrence_id or occurrence.start)
        if key not in found or occurrence.sequence > found[key].sequence:
            found[key] = occurrence  # a feed listing one event twice: keep the newest
    return ParsedCalendar(
        occurrences=sorted(found.values(), key=lambda o: (o.start, o.uid)),
        skipped=report.skipped,
        errors=report.errors,
        warnings=report.warnings,
        skip_reasons=report.reasons,
        unknown_zones=report.unknown_zones,
        fallback_zone=report.fallback_zone,
        absences=absences.found(),
    )


class _Absences:
    """The absences among a feed's expanded events that reach the window, one per key."""

    def __init__(self, reader: AbsenceReader, window_start: datetime, window_end: datetime):
        self.reader = reader
        self.first = window_start.astimezone(reader.zone).date()
        self.last = window_end.astimezone(reader.zone).date()
        self._found: dict[str, tuple[int, Absence]] = {}

    def add(self, component: Any) -> None:
        """Note the component if it is an absence reaching the window."""
        absence = self.reader.absence(component)
        if absence is None or absence.last_day < self.first or absence.first_day > self.last:
            return
        sequence = _sequence(component)
        known = self._found.get(absence.key)
        if known is None or sequence > known[0]:
            self._found[absence.key] = (sequence, absence)  # listed twice: keep the newest

    def found(self) -> list[Absence]:
        """The absences, earliest first."""
        return sorted(absence for _, absence in self._found.values())


def _sequence(component: Any) -> int:
    try:
        return int(component.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def _try_parse(text: str) -> Any | None:
    """A parsed calendar, or None: icalendar raises ValueError, and worse on odd input."""
    try:
        return read_calendar(text)
    except Exception:  # any failure means "this text is unusable"
        return None


def _parse(feed: PreparedFeed, report: ParseReport) -> Any:
    for tzid, block in list(feed.timezones.items()):
        # Parsing a VTIMEZONE builds (and caches) its tzinfo, so a bad one fails here.
        if _try_parse("\r\n".join(["BEGIN:VCALENDAR", block, "END:VCALENDAR", ""])) is None:
            del feed.timezones[tzid]
            feed.unknown_tzids.append(feed.original_tzids.get(tzid, tzid))
    calendar = _try_parse(feed.calendar_text())
    if calendar is not None:
        return calendar
    calendar = _try_parse(feed.calendar_text([]))
    if calendar is None:
        raise InvalidCalendar("its header could not be read")
    # One event broke the whole parse (icalendar raises on some odd parameters): find it.
    for block in feed.events:
        single = _try_parse(feed.calendar_text([block]))
        if single is None:
            report.skip(_block_uid(block), SkipReason.UNREADABLE, "it could not be read")
        else:
            calendar.subcomponents.extend(single.walk("VEVENT"))
    return calendar


def _block_uid(block: str) -> str:
    match = re.search(r"^UID[;:](?:[^:\r\n]*:)?(.*)$", block, re.MULTILINE | re.IGNORECASE)
    return match.group(1).strip() if match else ""


def _note_unknown_zones(
    feed: PreparedFeed, calendar: Any, default_tz: str, report: ParseReport
) -> None:
    fallback = str(calendar.get("X-WR-TIMEZONE") or default_tz)
    for tzid in feed.unknown_tzids:
        report.unknown_zone(tzid)
        report.fallback_zone = fallback
        report.warnings.append(f"Unknown time zone {tzid!r}; its times were read in {fallback}.")


def _problem(event: Any) -> _Problem | None:
    broken = {name for name, _ in getattr(event, "errors", ()) if name}
    for name, reason in _CRITICAL.items():
        if name in broken:
            return reason, f"its {name} could not be read"
    if not str(event.get("UID", "")).strip():
        return SkipReason.NO_UID, "it has no UID"  # text.py gives each event one: a safety net
    if event.get("DTSTART") is None:
        return SkipReason.NO_START, "it has no DTSTART"
    for name in ("RRULE", "EXRULE"):
        for rule in as_list(event.get(name)):
            problem = _rule_problem(name, rule)
            if problem is not None:
                return SkipReason.BAD_REPEAT_RULE, problem
    return _time_problem(event)


def _rule_problem(name: str, rule: Any) -> str | None:
    """Rules that are broken, or that would keep dateutil busy for seconds or forever."""
    if not isinstance(rule, icalendar.vRecur):
        return f"its {name} could not be read"  # e.g. RRULE;VALUE=DATE:… read as a date
    frequency = [str(value).upper() for value in rule.get("FREQ", [])]
    if frequency and frequency[0] not in _MEETING_FREQUENCIES:
        return "it repeats more often than daily"  # SECONDLY from 2020 never finishes
    try:
        if any(int(value) < 1 for value in rule.get("INTERVAL", [])):
            return f"its {name} has an interval below 1"  # INTERVAL=0 loops forever
        for part, (low, high) in _RULE_RANGES.items():
            for value in rule.get(part, []):
                if not low <= abs(int(str(value).rstrip("Ll"))) <= high:
                    # Impossible rules make dateutil search to the year 9999 (about a second).
                    return f"its {name} has {part} out of range"
    except (TypeError, ValueError):
        return f"its {name} could not be read"
    return None


def _time_problem(event: Any) -> _Problem | None:
    try:
        start = event["DTSTART"].dt
        if "RRULE" in event and start.year < _EARLIEST_SERIES_YEAR:
            # Years of expanding for nothing.
            return SkipReason.TOO_OLD, f"its series starts before {_EARLIEST_SERIES_YEAR}"
        end = event["DTEND"].dt if "DTEND" in event else start
        if isinstance(start, datetime) != isinstance(end, datetime):
            return SkipReason.BAD_TIME, "its DTSTART and DTEND are of different kinds"
        comparable = not isinstance(start, datetime) or (
            (start.tzinfo is None) == (end.tzinfo is None)
        )
        if comparable and end < start:
            return SkipReason.BAD_TIME, "it ends before it starts"
    except Exception:  # a value icalendar kept but cannot read
        return SkipReason.BAD_TIME, "its start or end could not be read"
    return None


def _valid_events(calendar: Any, report: ParseReport) -> list[Any]:
    kept: list[Any] = []
    events: list[Any] = []
    for component in calendar.subcomponents:
        if component.name != "VEVENT":
            kept.append(component)
            continue
        problem = _problem(component)
        if "SEQUENCE" in {name for name, _ in getattr(component, "errors", ())}:
            # recurring_ical_events compares SEQUENCE numbers; an unreadable one means 0.
            component.pop("SEQUENCE", None)
        if problem is None:
            kept.append(component)
            events.append(component)
        else:
            report.skip(str(component.get("UID", "")), *problem)
    calendar.subcomponents = kept
    return events


def _series_info(events: Iterable[Any]) -> dict[str, SeriesInfo]:
    recurring: dict[str, bool] = {}
    has_end: dict[str, bool] = {}
    for event in events:
        uid = str(event["UID"])
        rules = as_list(event.get("RRULE"))
        is_override = "RECURRENCE-ID" in event
        recurring[uid] = recurring.get(uid, False) or bool(rules or "RDATE" in event or is_override)
        if not is_override:
            has_end[uid] = all("COUNT" in rule or "UNTIL" in rule for rule in rules)
    # Overrides without their master (an invite for one instance): the end is unknown, and
    # "recurring without end" is an accusation, so assume it has one.
    return {uid: SeriesInfo(rec, has_end.get(uid, True)) for uid, rec in recurring.items()}


def _expand(
    calendar: Any, window_start: datetime, window_end: datetime, report: ParseReport
) -> Iterator[Any]:
    if str(calendar.get("CALSCALE", "GREGORIAN")).upper() != "GREGORIAN":
        raise InvalidCalendar("it uses a calendar scale other than Gregorian")
    start = window_start.astimezone(UTC) - _QUERY_MARGIN
    end = window_end.astimezone(UTC) + _QUERY_MARGIN
    singles, calendar = one_offs(calendar, start, end)
    yield from singles
    for series in _all_series(calendar, report):
        try:
            components = [
                occurrence.as_component(False) for occurrence in series.between(start, end)
            ]
        except Exception:  # one unexpandable series must not sink the feed
            report.skip(
                str(series.uid),
                SkipReason.BAD_REPEAT_RULE,
                "its repetition could not be worked out",
            )
            continue
        yield from components


def _all_series(calendar: Any, report: ParseReport) -> list[Any]:
    try:
        return event_series(calendar)
    except Exception:  # noqa: S110 - the loop below finds the culprit one UID at a time
        pass
    by_uid: dict[str, list[Any]] = {}
    for component in calendar.walk("VEVENT"):
        by_uid.setdefault(str(component["UID"]), []).append(component)
    found: list[Any] = []
    for uid, components in by_uid.items():
        single = icalendar.Calendar()
        for name in ("X-WR-TIMEZONE", "CALSCALE"):
            if name in calendar:
                single[name] = calendar[name]
        single.subcomponents = components
        try:
            found.extend(event_series(single))
        except Exception:  # skip this series only
            report.skip(uid, SkipReason.BAD_REPEAT_RULE, "its repetition could not be read")
    return found
