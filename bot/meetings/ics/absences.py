"""Out-of-office absences from the expanded events of a person's own feed.

The rule of what counts is in bot/meetings/absence.py; this applies it to icalendar's
values. The pre-pass (prepass.py, text.py) keeps only all-day blocks that could be one
(could_be_absence), so feeds without any pay nothing for this.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from bot.meetings.absence import (
    OUT_OF_OFFICE,
    TITLE,
    Absence,
    absence_key,
    all_day_days,
    says_leave,
    short_title,
    timed_days,
)
from bot.meetings.ics.occurrences import SeriesInfo, as_list
from bot.meetings.model import storable_text

OOF_MARK = "X-MICROSOFT-CDO-BUSYSTATUS:OOF"
# How long before the window an absence may have started and still be read: leave already
# under way when the window opens. Longer leave than this, started earlier, is not seen.
ABSENCE_REACH = timedelta(days=120)


def is_oof_line(line: str) -> bool:
    """Whether an X-MICROSOFT-CDO-BUSYSTATUS line says out of office (Outlook writes one
    on every event; only this value is ever read)."""
    return line.rpartition(":")[2].strip().upper() == "OOF"


def could_be_absence(block: str, pattern: re.Pattern[str]) -> bool:
    """Whether an event's text (one VEVENT block, upper-cased) might be an absence: marked
    out of office, or a SUMMARY line holding a leave word. Cheap: the pre-pass asks it of
    all-day blocks and few others. A false yes only costs a parse."""
    if OOF_MARK in block:
        return True
    at = block.find("\nSUMMARY")
    while at >= 0:
        end = block.find("\n", at + 1)
        line = block[at + 1 : None if end < 0 else end]
        if says_leave(line[_value_start(line) :], pattern):
            return True
        at = block.find("\nSUMMARY", at + 1)
    return False


def _value_start(line: str) -> int:
    """Where a line's value starts: after the parameters (SUMMARY;LANGUAGE=en-US:...). A
    quoted parameter may hold a colon: then the whole line is searched (a false yes)."""
    colon = line.find(":")
    return 0 if colon < 0 or '"' in line[:colon] else colon + 1


class AbsenceReader:
    """The Absence of each expanded event of one feed, if it is one."""

    def __init__(
        self,
        info: dict[str, SeriesInfo],
        zone: tzinfo,
        owner: str | None,
        pattern: re.Pattern[str],
    ) -> None:
        self.info, self.zone, self.owner, self.pattern = info, zone, owner, pattern

    def absence(self, component: Any) -> Absence | None:
        """The absence this occurrence is, or None."""
        get = component.get
        if str(get("STATUS", "")).upper() == "CANCELLED":
            return None
        oof = str(get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper() == "OOF"
        title = storable_text(str(get("SUMMARY") or ""))
        if not oof and not says_leave(title, self.pattern):
            return None
        attendees = as_list(get("ATTENDEE"))
        if self.owner and any(_declined_by(value, self.owner) for value in attendees):
            return None
        if not oof and not self._own_entry(get("ORGANIZER"), attendees):
            return None
        days = self._days(component, counted_by_title=not oof)
        if days is None:
            return None
        uid = str(component["UID"])
        recurring = self.info.get(uid, SeriesInfo(recurring=False, has_end=True)).recurring
        return Absence(
            first_day=days[0],
            last_day=days[1],
            key=absence_key(uid, _slot_day(component) if recurring else None),
            title=short_title(title),
            why=OUT_OF_OFFICE if oof else TITLE,
        )

    def _own_entry(self, organizer: Any, attendees: list[Any]) -> bool:
        """Whether the event is the person's own: nobody else on it, or they organize it."""
        by = _address(organizer)
        if self.owner and by == self.owner:
            return True
        return all(_address(value) in ("", by) for value in attendees)

    def _days(self, component: Any, *, counted_by_title: bool) -> tuple[date, date] | None:
        start = component["DTSTART"].dt
        end = component["DTEND"].dt if "DTEND" in component else None
        if not isinstance(start, datetime):
            return all_day_days(start, end if isinstance(end, date) else None)
        if not isinstance(end, datetime):
            return None
        if counted_by_title and str(component.get("TRANSP", "")).upper() == "TRANSPARENT":
            return None  # a timed event that leaves the person free
        first = _wall_clock(start, self.zone)
        last = end if end.tzinfo is None else end.astimezone(first.tzinfo or self.zone)
        if (first.tzinfo is None) != (last.tzinfo is None):
            return None
        return timed_days(first.replace(tzinfo=None), last.replace(tzinfo=None))


def _wall_clock(value: datetime, zone: tzinfo) -> datetime:
    """A time on the wall clock its days are read on: a named zone's own (Outlook writes
    out-of-office days as 00:00 there), a UTC time on the person's, a floating one as is."""
    if value.tzinfo is not None and value.tzname() == "UTC":
        return value.astimezone(zone)
    return value


def _slot_day(component: Any) -> date | None:
    """The day of the series slot an occurrence fills (its RECURRENCE-ID)."""
    slot = component.get("RECURRENCE-ID")
    value = getattr(slot, "dt", None)
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _declined_by(attendee: Any, owner: str) -> bool:
    partstat = str(getattr(attendee, "params", {}).get("PARTSTAT", "")).upper()
    return partstat == "DECLINED" and _address(attendee) == owner


def _address(value: Any) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.strip().lower()
