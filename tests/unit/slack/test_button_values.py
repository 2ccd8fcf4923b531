"""Values from buttons and forms are read strictly: bounded, shaped, or refused kindly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cleanup.messages import MAX_VALUE, answer_value, parse_answer_value
from bot.errors import KairosUserError, UnreadableValue
from bot.focus.messages import parse_urgent_value, urgent_value
from bot.meetings.model import SERIES_KEY_CHARS, is_series_key

START = datetime(2026, 11, 24, 9, 35, tzinfo=UTC)


@pytest.mark.parametrize(
    "key",
    [
        "x",
        "040000008200E00074C5B7101A82E008@outlook",
        "k" * SERIES_KEY_CHARS,
        "Ünïcödé ✓ uid",
        "a\nb",  # an escaped newline in a UID reads as one; nothing refuses it in the database
    ],
)
def test_keys_a_calendar_can_give_are_accepted(key: str) -> None:
    assert is_series_key(key)


@pytest.mark.parametrize(
    "key", ["", "k" * (SERIES_KEY_CHARS + 1), "k" * 616, "uid\x00", "\ud800uid"]
)
def test_keys_no_calendar_gave_are_refused(key: str) -> None:
    assert not is_series_key(key)


def test_an_unreadable_value_is_a_refusal_and_a_value_error() -> None:
    error = UnreadableValue()
    assert isinstance(error, KairosUserError)
    assert isinstance(error, ValueError)
    assert error.user_text().startswith("I couldn't read that")


# --- "could it have been async?" answers ----------------------------------------------------


@pytest.mark.parametrize("via", ["dm", "digest"])
def test_answer_values_round_trip(via: str) -> None:
    value = answer_value("weekly@acme", START, via)
    assert parse_answer_value(value) == ("weekly@acme", START, via)


def _value(**fields: object) -> str:
    return json.dumps({"s": "weekly@acme", "t": START.isoformat(), "v": "dm", **fields})


@pytest.mark.parametrize(
    "value",
    [
        "",
        "null",
        "[]",
        "{}",
        "not json",
        "[" * 3000,
        _value(s="k" * 616),
        _value(s="uid\x00"),
        _value(s=""),
        _value(s={"a": 1}),  # str() of it would have been taken as a key
        _value(s=["weekly@acme"]),
        _value(t="2026-11-24T09:35:00"),  # no offset
        _value(t=1764000000),
        _value(t="0001-01-01T00:00:00+14:00"),  # overflows on its way to UTC
        _value(t="9999-12-31T23:59:59-14:00"),
        _value(v="channel"),
        _value(v=None),
        json.dumps({"s": "weekly@acme", "t": START.isoformat()}),
        _value(s="k" * MAX_VALUE),
    ],
)
def test_malformed_answer_values_are_unreadable(value: str) -> None:
    with pytest.raises(UnreadableValue, match="I couldn't read that answer"):
        parse_answer_value(value)


def test_an_answer_start_in_another_offset_is_the_same_instant() -> None:
    local = START.astimezone(timezone(timedelta(hours=1)))
    _key, starts_at, _via = parse_answer_value(_value(t=local.isoformat()))
    assert starts_at == START


@settings(max_examples=200, deadline=None)
@given(
    value=st.text(max_size=80)
    | st.fixed_dictionaries(
        {"s": st.text(max_size=20) | st.integers(), "t": st.text(max_size=30), "v": st.text()}
    ).map(json.dumps)
)
def test_arbitrary_answer_values_are_read_or_refused_kindly(value: str) -> None:
    try:
        series_key, starts_at, via = parse_answer_value(value)
    except UnreadableValue:
        return
    assert is_series_key(series_key)
    assert starts_at.tzinfo is not None
    assert via in ("dm", "digest")


# --- "It's urgent" --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "not json",
        "{}",
        '{"c": "C0ROOM", "ts": "' + "1" * 17 + '.1"}',  # wider than any stored ts
        '{"c": "C0ROOM", "ts": "1.' + "1" * 16 + '"}',
        '{"c": "C' + "0" * 30 + '", "ts": "1.2"}',
        '{"c": "C0ROOM\\u0000", "ts": "1.2"}',
    ],
)
def test_malformed_urgent_values_are_refused_kindly(value: str) -> None:
    with pytest.raises(UnreadableValue, match="I couldn't read that button"):
        parse_urgent_value(value)


def test_the_widest_ts_fits_its_column() -> None:
    widest = "1" * 16 + "." + "1" * 15
    assert len(widest) == 32  # SLACK_TS is String(32)
    assert parse_urgent_value(urgent_value("C0ROOM", widest)) == ("C0ROOM", widest)
