"""read_calendar gives what icalendar.Calendar.from_ical gives, remembered lines included;
event_series's Instances (and one_offs') give what recurring_ical_events' copies give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser.content_line import Contentline, Contentlines

from bot.meetings.ics import calendar as ics
from bot.meetings.ics import reader as ics_reader
from bot.meetings.ics.reader import Instance, content_lines, event_series, read_calendar
from bot.meetings.ics.text import NotACalendarError, prepare_feed
from tests.unit.meetings.ics_helpers import FIXTURES, WINDOW_END, WINDOW_START, calendar

FEEDS = sorted(path.name for path in FIXTURES.glob("*.ics") if path.name != "not_a_calendar.ics")


def _outcome(line: str, kind: type[Contentline]) -> object:
    try:
        name, params, value = kind(line).raw_parts()
    except ValueError:
        return "ValueError"
    return name, dict(params), value


def _read(text: str, reader: Callable[[str], Any]) -> object:
    try:
        parsed = reader(text)
    except Exception as error:  # icalendar raises odd types on odd input: compare them
        return type(error)
    return parsed, [component.errors for component in parsed.walk()]


@pytest.mark.parametrize("name", FEEDS)
def test_fixture_reads_as_icalendar_reads_it(name: str) -> None:
    feed = prepare_feed(
        (FIXTURES / name).read_bytes(), window_start=WINDOW_START, window_end=WINDOW_END
    )
    ics_reader._remembered.clear()
    ics_reader._heads.clear()
    # The whole feed, then each event alone (as calendar.py retries when the whole one fails).
    for text in [feed.calendar_text()] + [feed.calendar_text([e]) for e in feed.events]:
        expected = _read(text, icalendar.Calendar.from_ical)
        assert _read(text, read_calendar) == expected
        assert _read(text, read_calendar) == expected  # now from remembered values
    assert ics_reader._remembered, "nothing was remembered: the shortcut is not exercised"
    assert ics_reader._heads, "no head was remembered: the shortcut is not exercised"


def test_lines_with_one_head_get_parameters_of_their_own() -> None:
    text = calendar(
        "UID:a\nDTSTART:20260105T100000Z\nATTENDEE;CN=Ana:mailto:a@x.test",
        "UID:b\nDTSTART:20260105T100000Z\nATTENDEE;CN=Ana:mailto:b@x.test",
    )
    first, second = (e["ATTENDEE"] for e in read_calendar(text).walk("VEVENT"))
    assert (str(first), str(second)) == ("mailto:a@x.test", "mailto:b@x.test")
    assert first.params == second.params == {"CN": "Ana"}
    assert first.params is not second.params


def test_remembered_values_are_not_mixed_up_between_lines() -> None:
    text = calendar(
        "UID:a\nDTSTART;TZID=Europe/Amsterdam:20260105T100000\nATTENDEE;CN=Ana:mailto:a@x.test",
        "UID:b\nDTSTART;TZID=Europe/London:20260105T100000\nATTENDEE;CN=Bo:mailto:b@x.test",
        "UID:c\nDTSTART;TZID=Europe/Amsterdam:20260105T100000\nATTENDEE;CN=Bo:mailto:b@x.test",
    )
    read_calendar(text)
    events = read_calendar(text).walk("VEVENT")
    assert [str(e["DTSTART"].dt.tzinfo) for e in events] == [
        "Europe/Amsterdam",
        "Europe/London",
        "Europe/Amsterdam",
    ]
    assert [e["ATTENDEE"].params["CN"] for e in events] == ["Ana", "Bo", "Bo"]


def test_a_broken_value_is_reported_every_time() -> None:
    text = calendar("UID:x\nDTSTART:20261305T100000\nSUMMARY:Broken")
    for _ in range(2):
        (event,) = read_calendar(text).walk("VEVENT")
        assert "DTSTART" in {name for name, _ in event.errors}
    assert "DTSTART:20261305T100000" not in ics_reader._remembered


def test_quoted_and_escaped_parameters_split_as_icalendar_splits_them() -> None:
    for line in (
        'ATTENDEE;CN="Doe: John";PARTSTAT=ACCEPTED:mailto:j@x.test',
        'ORGANIZER;CN="a\\"b:c":mailto:o@x.test',
        "DESCRIPTION;X-A=b\\:c:value: with colons",
        "SUMMARY:plain",
        "SUMMARY;:empty parameters",
        "NOCOLON",
    ):
        assert _outcome(line, ics_reader._Line) == _outcome(line, Contentline)


@given(st.text(alphabet='AB;:="\\,x -', min_size=1, max_size=30))
def test_any_line_splits_as_icalendar_splits_it(line: str) -> None:
    assert _outcome(line, ics_reader._Line) == _outcome(line, Contentline)


@given(st.text(alphabet="aB:;\r\n \t\u00e9", max_size=60))
def test_text_splits_into_lines_as_icalendar_splits_it(text: str) -> None:
    expected = [str(line) for line in Contentlines.from_ical(text)]
    assert [line for line in content_lines(text) if line] + [""] == expected


def test_prepared_feeds_split_as_icalendar_splits_them() -> None:
    for path in sorted(FIXTURES.glob("*.ics")):
        try:
            feed = prepare_feed(path.read_bytes(), window_start=WINDOW_START, window_end=WINDOW_END)
        except NotACalendarError:
            continue
        text = feed.calendar_text()
        assert "\n " not in text  # no folds left: the fast path is the one taken
        expected = [str(line) for line in Contentlines.from_ical(text)]
        assert [line for line in content_lines(text) if line] + [""] == expected


@pytest.mark.parametrize("name", FEEDS)
def test_occurrences_from_instances_equal_those_from_copied_events(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (FIXTURES / name).read_bytes()
    window = {"window_start": WINDOW_START, "window_end": WINDOW_END, "default_tz": "UTC"}
    with_instances = ics.parse_calendar(body, **window)  # type: ignore[arg-type]
    monkeypatch.setattr(
        ics, "event_series", lambda calendar: list(recurring_ical_events.of(calendar).series)
    )
    monkeypatch.setattr(ics, "one_offs", lambda calendar, start, end: ([], calendar))
    assert ics.parse_calendar(body, **window) == with_instances  # type: ignore[arg-type]
    assert with_instances.occurrences


def test_an_instance_reads_its_own_times_and_the_event_for_the_rest() -> None:
    text = calendar(
        "UID:s\nDTSTART:20260105T100000Z\nDURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=2\nSUMMARY:Standup"
    )
    (series,) = event_series(read_calendar(text))
    _first, second = (o.as_component(False) for o in series.between(WINDOW_START, WINDOW_END))
    assert isinstance(second, Instance)
    assert (second["DTSTART"].dt.day, second["DTEND"].dt.minute) == (6, 30)
    assert second["RECURRENCE-ID"].dt == second["DTSTART"].dt
    assert "DURATION" not in second
    assert second.get("DURATION", "none") == "none"
    assert str(second["SUMMARY"]) == "Standup"
    with pytest.raises(KeyError):
        second["LOCATION"]
