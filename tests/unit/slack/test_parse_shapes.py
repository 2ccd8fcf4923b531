"""Every payload parser takes any shape and gives None for what it cannot use."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack.parse import (
    HomeOpened,
    IncomingMessage,
    Interaction,
    ProfileChange,
    SlashCommand,
    event_id,
    parse_channel_created,
    parse_command,
    parse_home_opened,
    parse_interaction,
    parse_message_event,
    parse_user_change,
    submitted_text,
)

# What JSON can hold, with the keys the parsers look for among the random ones.
KEYS = st.sampled_from(
    ["user", "id", "tz", "channel", "tab", "ts", "subtype", "message", "files", "text",
     "user_id", "channel_id", "trigger_id", "value", "state", "values", "x", "event_id",
     "file_access", "name", "url_private", "bot_id", "thread_ts", "deleted_ts", "locale"]
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=30,
)
PARSERS = [
    parse_message_event,
    parse_home_opened,
    parse_user_change,
    parse_channel_created,
    parse_command,
    parse_interaction,
    event_id,
    lambda value: submitted_text(value, "x", "x"),
]


@pytest.mark.parametrize("parse", PARSERS)
@given(value=JSON)
def test_no_shape_makes_a_parser_raise(parse: Any, value: object) -> None:
    parse(value)


@pytest.mark.parametrize(
    "value", [None, 7, "", "x", "<!channel>", "a" * 10_000, [], {}, ["U1"], "U" * 33]
)
def test_ids_that_are_not_ids_are_nobody(value: object) -> None:
    assert parse_home_opened({"user": value, "tab": "home"}) is None
    assert parse_user_change({"user": {"id": value, "tz": "Europe/Paris"}}) is None
    assert parse_user_change({"user": value}) is None
    assert parse_channel_created({"channel": {"id": value}}) is None
    assert parse_channel_created({"channel": value}) is None
    assert parse_command({"user_id": value, "channel_id": "C1", "text": "x"}) is None
    assert parse_interaction({"user": {"id": value}}) is None
    assert parse_message_event({"channel": value, "user": "U1", "ts": "1.0"}) is None
    assert parse_message_event({"channel": "C1", "user": value, "ts": "1.0"}) is None


def test_what_slack_sends_is_read() -> None:
    assert parse_home_opened({"user": "U1", "tab": "home"}) == HomeOpened("U1", "home")
    assert parse_user_change({"user": {"id": "U1", "tz": "Asia/Tokyo"}}) == (
        ProfileChange("U1", "Asia/Tokyo", None)
    )
    assert parse_user_change({"user": {"id": "U1", "tz": "UTC", "locale": "nl-NL"}}) == (
        ProfileChange("U1", "UTC", "nl-NL")
    )
    assert parse_channel_created({"channel": {"id": "C9", "name": "x"}}) == "C9"
    assert parse_command({"user_id": "U1", "channel_id": "D1", "text": "help"}) == (
        SlashCommand("U1", "D1", "help")
    )
    pressed = parse_interaction(
        {"user": {"id": "U1"}, "trigger_id": "12345.98765.abcd2358fdea"}, {"value": "v"}
    )
    assert pressed == Interaction("U1", "12345.98765.abcd2358fdea", "v")
    assert event_id({"event_id": "Ev0001"}) == "Ev0001"


@pytest.mark.parametrize("tz", ["", "Mars/Olympus", "<!channel>", "a" * 10_000, 7, None])
def test_a_zone_that_is_not_a_zone_changes_nothing(tz: object) -> None:
    assert parse_user_change({"user": {"id": "U1", "tz": tz}}) is None


@pytest.mark.parametrize("locale", ["", "<!channel>", "nl-NL" * 10, 7, None, ["nl-NL"]])
def test_a_locale_that_is_not_a_locale_is_not_said(locale: object) -> None:
    changed = parse_user_change({"user": {"id": "U1", "tz": "UTC", "locale": locale}})
    assert changed == ProfileChange("U1", "UTC", None)


def test_odd_parts_of_an_interaction_are_left_out() -> None:
    pressed = parse_interaction({"user": {"id": "U1"}, "trigger_id": ""}, {"value": "v" * 2001})
    assert pressed == Interaction("U1", None, "")
    assert parse_interaction({"user": {"id": "U1"}, "trigger_id": "<!channel>"}, "x") == (
        Interaction("U1", None, "")
    )
    assert event_id({"event_id": "E" * 65}) is None


def test_submitted_text_tells_an_empty_input_from_a_missing_one() -> None:
    view = {"state": {"values": {"b": {"a": {"type": "plain_text_input", "value": None}}}}}
    assert submitted_text(view, "b", "a") == ""
    assert submitted_text({"state": {"values": {"b": {"a": {"value": "9-5"}}}}}, "b", "a") == "9-5"
    for broken in ({}, {"state": "x"}, {"state": {"values": []}}, {"state": {"values": {"b": 1}}}):
        assert submitted_text(broken, "b", "a") is None
    assert submitted_text({"state": {"values": {"b": {"a": {"value": 7}}}}}, "b", "a") is None


def test_files_slack_sends_only_the_id_of_are_to_be_looked_up() -> None:
    message = parse_message_event(
        {
            "type": "message", "subtype": "file_share", "channel": "C1", "user": "U1",
            "ts": "1700000000.000100", "text": "",
            "files": [
                {"id": "F1", "mode": "file_access", "file_access": "check_file_info",
                 "created": 0, "timestamp": 0, "user": ""},
                {"id": "<!channel>", "file_access": "check_file_info"},
                {"id": "F2", "name": "a.ics", "url_private_download": "javascript:alert(1)"},
                {"id": "F3", "name": "b.ics", "url_private_download": "https://files.slack.com/3"},
                "junk",
            ],
        }
    )  # fmt: skip
    assert isinstance(message, IncomingMessage)
    assert message.files_to_look_up == ("F1",)
    assert message.calendar_files == (("F3", "https://files.slack.com/3"),)


@pytest.mark.parametrize(
    "event",
    [
        {"subtype": "message_changed", "channel": "C1", "message": "x"},
        {"subtype": "message_changed", "channel": "C1", "message": {"ts": 7}},
        {"subtype": ["message_changed"], "channel": "C1", "user": "U1", "ts": "1.0"},
        {"subtype": {}, "channel": "C1", "user": "U1", "ts": "1.0"},
        {"channel": "C1", "user": "U1", "ts": "yesterday"},
        {"channel": "C1", "user": "U1", "ts": 1.0},
        "x",
        None,
    ],
)
def test_message_events_of_the_wrong_shape_mean_nothing(event: Any) -> None:
    assert parse_message_event(event) is None
