"""ics_text's shortcuts: each must give exactly what the plain way gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.meetings.ics.lines import decode, line_head, line_name
from bot.meetings.ics.text import _Splitter, prepare_feed
from tests.unit.meetings.ics_helpers import WINDOW_END, WINDOW_START, calendar, parse

# Names, separators and the characters around them, so that hypothesis builds lines like
# "attendee;cn=x:mailto:y", "X-A B:c", ";:" and lines without either separator.
_LINE_CHARS = st.sampled_from([*'aZ09-;:= \t"\\\r_éÄ.,', "BEGIN", "END", "ATTENDEE"])
_LINES = st.lists(_LINE_CHARS, max_size=30).map("".join)


@settings(max_examples=500)
@given(_LINES)
def test_a_name_read_from_the_head_is_the_name_of_the_line(line: str) -> None:
    assert line_name(line_head(line)) == line_name(line)


@settings(max_examples=300)
@given(st.lists(_LINES, min_size=1, max_size=20))
def test_remembered_names_are_the_names_of_each_line(lines: list[str]) -> None:
    splitter = _Splitter(WINDOW_START, WINDOW_END)
    # Twice over: the second pass is answered from what the first remembered.
    for line in lines + lines:
        assert splitter._name_of(line) == line_name(line)


def _unfold_everywhere(text: str) -> str:
    for fold in ("\r\n ", "\r\n\t", "\n ", "\n\t"):
        text = text.replace(fold, "")
    return text.lstrip("\ufeff \t\r\n")


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["\r", "\n", " ", "\t", "a", ":", "é"]), max_size=40))
def test_unfolding_skips_only_folds_that_cannot_occur(chars: list[str]) -> None:
    text = "".join(chars)
    assert decode(text) == _unfold_everywhere(text)
    assert decode(text.encode()) == _unfold_everywhere(text)


def test_unfolding_after_a_removed_fold_still_joins_the_next_one() -> None:
    # Removing "\r\n " leaves "\r" + "\n " + "x": the LF fold is joined next, as before.
    assert decode(b"A\r\r\n \n x") == "A\rx"
    assert decode("A\r\r\n \n x") == "A\rx"


def _event_lines(text: str) -> list[str]:
    feed = prepare_feed(text, window_start=WINDOW_START, window_end=WINDOW_END)
    return [line for event in feed.events for line in event.split("\r\n")]


def test_the_html_copy_is_dropped_only_next_to_a_real_description() -> None:
    event = "UID:{uid}\nDTSTART:20260112T090000Z\nDESCRIPTION:{text}\nX-ALT-DESC:<p>html</p>"
    blank = calendar(event.format(uid="a", text="\\n \\N\\n"))
    escaped_backslash = calendar(event.format(uid="b", text="\\\\n"))
    assert "X-ALT-DESC:<p>html</p>" in _event_lines(blank)
    assert "X-ALT-DESC:<p>html</p>" not in _event_lines(escaped_backslash)
    assert parse(blank).occurrences[0].description == "<p>html</p>"


def test_people_with_the_same_parameters_keep_their_own_addresses() -> None:
    head = "ATTENDEE;CN=Bo;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE"
    text = calendar(
        f"UID:a\nDTSTART:20260112T090000Z\n{head}:mailto:bo@example.com",
        f"UID:b\nDTSTART:20260113T090000Z\n{head}:mailto:other@example.com",
        f'UID:c\nDTSTART:20260114T090000Z\n{head};X-Q="a:b":mailto:bo@example.com',
    )
    people = [line for line in _event_lines(text) if line.startswith("ATTENDEE")]
    assert people == [
        "ATTENDEE;CN=Bo;PARTSTAT=ACCEPTED:mailto:bo@example.com",
        "ATTENDEE;CN=Bo;PARTSTAT=ACCEPTED:mailto:other@example.com",
        f'{head};X-Q="a:b":mailto:bo@example.com',  # quoted: left whole
    ]


def test_a_series_written_in_lower_case_is_not_dropped_as_a_past_one_off() -> None:
    text = calendar("UID:s\nDTSTART:20200106T090000Z\nDTEND:20200106T093000Z\nrrule:FREQ=WEEKLY")
    assert [o.start.date().isoformat() for o in parse(text).occurrences] == [
        "2026-01-05",
        "2026-01-12",
        "2026-01-19",
        "2026-01-26",
    ]
