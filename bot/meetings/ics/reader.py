"""icalendar's own parser, with two shortcuts for the shape of feeds at scale.

The parsing is icalendar's (its tokenizer, parameter and value types); three things it does
per line are avoided where they are pure repetition:

* Splitting a line: icalendar walks every character of it, value included, to find the
  colon after the parameters. A description is hundreds of characters of value; only the
  name and parameters (up to that colon) are walked here, by icalendar itself.
* Repeated heads: the name and parameters of a line ("DTSTART;TZID=Europe/Amsterdam:")
  recur far more than whole lines do; icalendar splits each distinct head once.
* Repeated lines: the same ATTENDEE, ORGANIZER, DTSTART or STATUS line turns up in many
  events and, for meetings colleagues share, in many feeds. A line's parsed value depends
  only on its text (a custom TZID is renamed after its definition by text.py), so it
  is parsed once per process and the value is shared, as recurring_ical_events already
  shares values between the copies it makes of an event.

A line that fails to parse is never remembered: it is parsed again and reported again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import icalendar
import recurring_ical_events
from icalendar import Parameters
from icalendar.parser.content_line import Contentline
from icalendar.parser.ical.calendar import CalendarIcalParser
from recurring_ical_events import ComponentsWithName, EventAdapter

# Properties whose values are small and repeat across events and feeds. DESCRIPTION and
# UID are (nearly) unique per event, so remembering them would only cost memory.
_SHAREABLE = frozenset(
    {
        "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "EXDATE", "RDATE", "RRULE",
        "SUMMARY", "LOCATION", "ORGANIZER", "ATTENDEE", "CLASS", "ATTACH", "SEQUENCE",
        "STATUS", "TRANSP",
    }
)  # fmt: skip
# Bounded; when full it starts afresh (no LRU bookkeeping on every hit). A line costs about
# 1 KB: 40k of them hold some 40 MB at most, and in 300 benchmark feeds parse 5% faster
# than 20k (60k: 8% faster, 60 MB).
_MAX_REMEMBERED = 40_000
_remembered: dict[str, tuple[str, Any]] = {}
# A line's head (name and parameters, up to the value's colon) -> its name and parameters.
# Heads repeat far more than lines: "DTSTART;TZID=Europe/Amsterdam:" starts most events.
_heads: dict[str, tuple[str, dict[str, Any]]] = {}


class _Line(Contentline):
    """A content line that walks only its name and parameters to find the value."""

    __slots__ = ()

    def raw_parts(self) -> tuple[str, Any, str]:
        """icalendar's split of the head (up to the value's colon); the rest is the value."""
        colon = _value_colon(self)
        if colon < 0:
            return super().raw_parts()  # no value at all: icalendar reports it
        head = str(self[: colon + 1])
        strict = getattr(self, "strict", False)
        known = None if strict else _heads.get(head)
        if known is not None:
            # A fresh Parameters per line, as icalendar gives: values never share one.
            return known[0], Parameters(known[1]), str(self[colon + 1 :])
        name, params, _ = _new_line(head, strict=strict).raw_parts()
        if not strict:
            if len(_heads) >= _MAX_REMEMBERED:
                _heads.clear()
            _heads[head] = (name, dict(params))
        return name, params, str(self[colon + 1 :])


# icalendar's Contentline constructor is untyped.
_new_line: Callable[..., Contentline] = Contentline
_new_fast_line: Callable[[str], Contentline] = _Line


def _value_colon(line: str) -> int:
    """The first colon outside quotes and not escaped: where icalendar splits the value."""
    colon = line.find(":")
    if colon < 0:
        return -1
    if '"' not in line[:colon] and "\\" not in line[:colon]:
        return colon
    quoted = escaped = False
    for index, char in enumerate(line):
        if char == '"' and not escaped:
            quoted = not quoted
        elif char == "\\" and not quoted:
            escaped = True
            continue
        elif char == ":" and not quoted and not escaped:
            return index
        escaped = False
    return -1


class _SharingParser(CalendarIcalParser):
    """Calendar's parser that reuses the value of a line it has parsed before."""

    def parse_content_lines(self) -> None:
        """Lines seen before are added as they were parsed then; the rest as icalendar does."""
        for line in self._content_lines_iterator:
            known = _remembered.get(line)
            if known is not None and self._stack:
                self._stack[-1].add(known[0], known[1], encode=False)
                continue
            self._parse_line(line)

    def _parse_line(self, line: Contentline) -> None:
        # One step of ComponentIcalParser.parse_content_lines, for one line.
        if not line:
            return
        try:
            name, params, vals = line.parts()
        except ValueError as error:
            self.handle_line_parse_error(error)
            return
        upper = name.upper()
        if upper == "BEGIN":
            self.handle_begin_component(vals)
        elif upper == "END":
            self.handle_end_component(vals)
        else:
            self.handle_property(upper, params, vals, line)

    def parse_and_add_property(
        self, name: str, params: Any, val: str, tzid: str | None, line: Contentline
    ) -> None:
        """As icalendar does; a value that parsed cleanly is remembered by its line."""
        component = self.component
        before = len(component.errors) if component is not None else 0
        super().parse_and_add_property(name, params, val, tzid, line)
        if name not in _SHAREABLE or component is None or len(component.errors) != before:
            return
        value = component.get(name)
        if isinstance(value, list):
            value = value[-1]  # a property given more than once, e.g. ATTENDEE
        if value is None or getattr(value, "params", None) is not params:
            return  # not the value just parsed: leave this line uncached
        if len(_remembered) >= _MAX_REMEMBERED:
            _remembered.clear()
        _remembered[str(line)] = (name, value)


# RFC 5545 unfolding: a line end (CRLF, or a bare LF as many exporters write) followed by
# a space or tab continues the line before it; like icalendar, blank lines between the two
# are dropped with the fold.
_FOLD = re.compile(r"(?:\r?\n)+[ \t]")


def content_lines(text: str) -> list[str]:
    """The lines of the text as icalendar's Contentlines.from_ical gives them: unfolded,
    then split at each LF and the one CR before it."""
    # icalendar's two regular expressions scan every character; text.py's output has
    # no folded lines left, and then these str methods give the same in a tenth of the time
    # (7 ms a feed, a tenth of its parse, in bench/calendar_sync.py).
    if "\n " in text or "\n\t" in text:  # a fold always ends in a LF before a space or tab
        text = _FOLD.sub("", text)
    return text.replace("\r\n", "\n").split("\n")


def read_calendar(text: str) -> Any:
    """What icalendar.Calendar.from_ical(text) gives, parsed by _SharingParser."""
    # Into lines that split themselves faster.
    lines = [_new_fast_line(line) for line in content_lines(text) if line]
    lines.append(_new_fast_line(""))
    factory = icalendar.Calendar._get_component_factory()
    parser = _SharingParser(lines, factory, icalendar.Calendar.types_factory)
    components = parser.parse()
    if len(components) != 1:
        raise ValueError(f"expected one calendar, found {len(components)} components")
    return components[0]


class _Time:
    """A property value that only carries .dt, as occurrences.py reads it."""

    __slots__ = ("dt",)

    def __init__(self, dt: Any) -> None:
        self.dt = dt


class Instance:
    """One occurrence of an event: its own times over the event's properties, not a copy.

    recurring_ical_events' EventAdapter.as_component copies every property of the event for
    each occurrence (a tenth of a feed's parse); parse_calendar only reads them.
    """

    def __init__(self, source: Any, start: Any, end: Any) -> None:
        self.source = source
        slot = source.get("RECURRENCE-ID")
        # As EventAdapter.as_component: the new times, DURATION gone, RECURRENCE-ID kept
        # or else the start of this occurrence.
        self._own: dict[str, Any] = {
            "DTSTART": _Time(start),
            "DTEND": _Time(end),
            "DURATION": None,
            "RECURRENCE-ID": slot if slot is not None else _Time(start),
        }

    def get(self, name: str, default: Any = None) -> Any:
        """The occurrence's value of a property, else the event's."""
        key = name.upper()
        if key in self._own:
            value = self._own[key]
            return default if value is None else value
        return self.source.get(key, default)

    def __getitem__(self, name: str) -> Any:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __setitem__(self, name: str, value: Any) -> None:
        self._own[name.upper()] = value  # recurring_ical_events sets SEQUENCE this way


class _EventAdapter(EventAdapter):  # type: ignore[misc]
    """EventAdapter whose occurrences are Instances instead of copies of the event."""

    def as_component(
        self,
        start: Any = None,
        stop: Any = None,
        # Unused, but recurring_ical_events passes it: the override keeps the signature.
        keep_recurrence_attributes: bool = True,  # noqa: V107
    ) -> Instance:
        """The occurrence from start to stop (the event's own times if not given)."""
        return Instance(
            self._component,
            self.start if start is None else start,
            self.end if stop is None else stop,
        )


def event_series(calendar: Any) -> list[Any]:
    """recurring_ical_events' series of the calendar's events, whose occurrences' as_component
    gives an Instance."""
    query = recurring_ical_events.of(
        calendar, components=[ComponentsWithName("VEVENT", _EventAdapter)]
    )
    return list(query.series)
