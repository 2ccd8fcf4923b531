"""Occurrences (plain values) from the expanded events of a parsed feed.

What the occurrences of one event share (title, people, description...) is read from the
event once, not once per occurrence: a daily meeting has ten or more in the window.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from bot.meetings.ics.reader import Instance
from bot.meetings.model import Attendee, Occurrence, bounded_series_key, storable_text

# Google appends "_R<original start>" to the UID when "this and following" splits a series.
_GOOGLE_SPLIT = re.compile(r"_R\d{8}T\d{6}(?=@|$)")
_RESOURCE_DOMAINS = ("resource.calendar.google.com",)
MAX_EMAIL_CHARS = 254


@dataclass(frozen=True)
class SeriesInfo:
    """What a UID's events say about its series."""

    recurring: bool
    has_end: bool


def series_key(uid: str) -> str:
    """The UID without Google's split suffix, so both halves of a split series join; one
    too long for its column (or holding a NUL) is cut to a bounded key that stays unique."""
    return bounded_series_key(_GOOGLE_SPLIT.sub("", uid))


def as_list(value: Any) -> list[Any]:
    """A property's values: icalendar gives one value, or a list when it is repeated."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class OccurrenceReader:
    """Builds the Occurrence of each expanded event of one feed."""

    def __init__(self, info: dict[str, SeriesInfo], zone: tzinfo, owner: str | None) -> None:
        self.info, self.zone, self.owner = info, zone, owner
        # id(event) -> (event, what its occurrences share, or None if none is a meeting).
        # The event is kept so that its id cannot be reused while this reader lives.
        self._shared: dict[int, tuple[Any, dict[str, Any] | None]] = {}
        # (address, CN, PARTSTAT, CUTYPE) -> Attendee: the same people recur across events.
        self._attendees: dict[tuple[str, str | None, str, str], Attendee] = {}

    def occurrence(self, component: Any) -> Occurrence | None:
        """The occurrence, or None if it is not a meeting (all-day, cancelled, free,
        declined by the feed's owner)."""
        start = component["DTSTART"].dt
        end = component["DTEND"].dt if "DTEND" in component else start
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            return None  # all-day
        source = component.source if isinstance(component, Instance) else component
        known = self._shared.get(id(source))
        if known is None or known[0] is not source:
            known = self._shared[id(source)] = (source, self._read_shared(source))
        shared = known[1]
        if shared is None:
            return None
        recurrence_id = component.get("RECURRENCE-ID")
        slot = recurrence_id.dt if recurrence_id is not None else None
        params = getattr(recurrence_id, "params", None)
        if params and str(params.get("RANGE", "")).upper() == "THISANDFUTURE":
            slot = _own_slot(source, start, slot)
        try:
            sequence = int(component.get("SEQUENCE", 0))
        except (TypeError, ValueError):
            sequence = 0
        return Occurrence(
            start=_utc(start, self.zone),
            end=_utc(end, self.zone),
            recurrence_id=(
                _utc(slot, self.zone)
                if shared["is_recurring"] and isinstance(slot, datetime)
                else None
            ),
            sequence=sequence,
            **shared,
        )

    def _read_shared(self, event: Any) -> dict[str, Any] | None:
        get = event.get
        if str(get("STATUS", "")).upper() == "CANCELLED":
            return None
        if str(get("TRANSP", "")).upper() == "TRANSPARENT":
            return None
        attendees = tuple(self._attendee(value) for value in as_list(get("ATTENDEE")))
        if self.owner and any(a.email == self.owner and a.declined for a in attendees):
            return None
        uid = str(event["UID"])
        series = self.info.get(uid, SeriesInfo(recurring=False, has_end=True))
        description, is_html = _description(get)
        return {
            "uid": uid,
            "series_key": series_key(uid),
            # A NUL in a feed is refused by PostgreSQL; it never means anything in a title.
            "title": storable_text(str(get("SUMMARY") or "")),
            "description": storable_text(description),
            "description_is_html": is_html,
            "location": storable_text(str(get("LOCATION") or "")),
            "organizer": _email(get("ORGANIZER")) or None,
            "attendees": attendees,
            "is_recurring": series.recurring,
            "recurrence_has_end": series.has_end,
            "is_private": str(get("CLASS", "")).upper() in ("PRIVATE", "CONFIDENTIAL"),
            "has_attachment": "ATTACH" in event,
            "status": str(get("STATUS") or "CONFIRMED").upper(),
        }

    def _attendee(self, value: Any) -> Attendee:
        get = getattr(value, "params", {}).get
        name = get("CN")
        key = (
            str(value or ""),
            str(name) if name else None,
            str(get("PARTSTAT", "NEEDS-ACTION")).upper(),
            str(get("CUTYPE", "INDIVIDUAL")).upper(),
        )
        known = self._attendees.get(key)
        if known is None:
            known = self._attendees[key] = _attendee(*key)
        return known


def _own_slot(source: Any, start: datetime, edited: Any) -> Any:
    """The slot an occurrence of a "this and following" edit fills.

    Every occurrence made from such an edit carries the edit's RECURRENCE-ID; the
    library moved each by the edit's shift (DTSTART - RECURRENCE-ID, on the wall clock),
    so taking the shift off again gives the slot that occurrence has in the series.
    """
    edit_start = source["DTSTART"].dt
    if not isinstance(edited, datetime) or not isinstance(edit_start, datetime):
        return edited
    if (edited.tzinfo is None) != (edit_start.tzinfo is None):
        return edited
    return start - (edit_start - edited)


def _utc(value: datetime, zone: tzinfo) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)  # floating (or an unknown TZID): the default zone
    return value.astimezone(UTC)


def _email(address: Any) -> str:
    text = str(address or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    text = text.strip().lower()
    # RFC 5321 allows at most 254 characters in an address; a longer one is nobody's, and
    # would not fit the columns that key people by address.
    return text if "@" in text and len(text) <= MAX_EMAIL_CHARS and "\x00" not in text else ""


def _attendee(address: str, name: str | None, partstat: str, cutype: str) -> Attendee:
    email = _email(address)
    return Attendee(
        email=email,
        name=name,
        partstat=partstat,
        is_resource=cutype in ("ROOM", "RESOURCE") or email.endswith(_RESOURCE_DOMAINS),
    )


def _description(get: Callable[..., Any]) -> tuple[str, bool | None]:
    # Outlook sends the same text twice: DESCRIPTION as plain text (links kept as <url>)
    # and X-ALT-DESC as HTML. The plain one carries all we need and has no CSS to wade
    # through; the HTML is used only when the plain one is empty.
    text = str(get("DESCRIPTION") or "")
    if text.strip():
        return text, None  # Google puts HTML in DESCRIPTION too: let agenda detection tell
    alt = get("X-ALT-DESC")
    if alt is not None and str(alt).strip():
        return str(alt), True
    return "", False
