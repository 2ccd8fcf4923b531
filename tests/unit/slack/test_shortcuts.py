"""The shortcuts: in the manifest with a listener each, their payloads read into typed
values, the Start focus modal's picks into `/focus` commands, and when a saved message's
digest goes out at the latest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.demo.fake_slack import payloads
from bot.digest.saved import NO_HOURS_LATER, latest_delivery, sent_at
from bot.errors import KairosUserError
from bot.focus.commands import StartSession, StartUntil
from bot.focus.editor import parse_schedule_lines
from bot.focus.model import FocusState
from bot.focus.sessions import session_for
from bot.focus.start_messages import (
    DURATION_FIELD,
    DURATION_INPUT,
    UNTIL_FIELD,
    UNTIL_INPUT,
    start_command,
    start_focus_modal,
)
from bot.ids import Shortcut
from bot.slack.manifest import BOT_SCOPES, build_manifest
from bot.slack.parse_shortcuts import parse_message_shortcut, selected_option, selected_time

AMS = ZoneInfo("Europe/Amsterdam")
# Wednesday 25 November 2026, 10:00 in Amsterdam.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_both_shortcuts_are_in_the_manifest_with_the_commands_scope() -> None:
    shortcuts = build_manifest(socket_mode=True)["features"]["shortcuts"]
    assert {(s["callback_id"], s["type"]) for s in shortcuts} == {
        (str(Shortcut.START_FOCUS), "global"),
        (str(Shortcut.READ_AFTER_FOCUS), "message"),
    }
    assert {s["name"] for s in shortcuts} == {"Start focus", "Read after focus"}
    assert "commands" in BOT_SCOPES


def test_a_message_shortcut_payload_is_read() -> None:
    message = {"type": "message", "user": "U0BOB", "ts": "1795000000.000100", "text": "Review?"}
    message["thread_ts"] = "1794999999.000001"
    body = payloads.message_shortcut_payload(
        Shortcut.READ_AFTER_FOCUS, user_id="U0ALICE", channel_id="C0TEAM", message=message
    )
    chosen = parse_message_shortcut(body)
    assert chosen is not None
    assert chosen.user_id == "U0ALICE"
    assert chosen.response_url == "https://hooks.slack.com/app/T0001/1/x"
    saved = chosen.message
    assert (saved.channel_id, saved.message_ts, saved.sender_id) == (
        "C0TEAM",
        "1795000000.000100",
        "U0BOB",
    )
    assert (saved.thread_ts, saved.text) == ("1794999999.000001", "Review?")


def test_a_bots_message_is_kept_with_its_bot_id() -> None:
    message = {"type": "message", "subtype": "bot_message", "bot_id": "B0CI", "ts": "1.2"}
    body = payloads.message_shortcut_payload("x", user_id="U0A", channel_id="C0T", message=message)
    chosen = parse_message_shortcut(body)
    assert chosen is not None
    assert (chosen.message.sender_id, chosen.message.text) == ("B0CI", "")


@pytest.mark.parametrize(
    "change",
    [
        {"user": None},
        {"user": {"id": "not an id"}},
        {"channel": {}},
        {"message": {"ts": "yesterday"}, "message_ts": None},
        {"message": "a string"},
        {"response_url": "javascript:alert(1)"},
    ],
)
def test_odd_message_shortcut_payloads_are_none_or_lose_only_the_bad_part(change: dict) -> None:
    body = payloads.message_shortcut_payload("x", user_id="U0A", channel_id="C0T")
    body.update(change)
    chosen = parse_message_shortcut(body)
    if "response_url" in change:
        assert chosen is not None
        assert chosen.response_url is None
    elif change.get("message") == "a string":
        assert chosen is not None  # message_ts still names the message
    else:
        assert chosen is None


def test_the_modal_picks_are_read_from_a_submission() -> None:
    view = payloads.view_submission_payload(
        "focus.start",
        {
            DURATION_FIELD: {
                DURATION_INPUT: {"type": "static_select", "selected_option": {"value": "until"}}
            },
            UNTIL_FIELD: {UNTIL_INPUT: {"type": "timepicker", "selected_time": "17:30"}},
        },
        user_id="U0A",
    )["view"]
    assert selected_option(view, DURATION_FIELD, DURATION_INPUT) == "until"
    assert selected_time(view, UNTIL_FIELD, UNTIL_INPUT) == "17:30"
    assert selected_time(view, DURATION_FIELD, DURATION_INPUT) is None
    assert selected_option({}, DURATION_FIELD, DURATION_INPUT) is None


@pytest.mark.parametrize(
    ("choice", "until", "command"),
    [
        ("30", None, StartSession(timedelta(minutes=30))),
        ("60", "09:00", StartSession(timedelta(hours=1))),
        ("180", None, StartSession(timedelta(hours=3))),
        ("until", "17:30", StartUntil(17 * 60 + 30)),
        ("until", "00:05", StartUntil(5)),
    ],
)
def test_picks_become_focus_commands(
    choice: str, until: str | None, command: StartSession | StartUntil
) -> None:
    assert start_command(choice, until) == command


@pytest.mark.parametrize(
    ("choice", "until", "field"),
    [
        (None, None, DURATION_FIELD),
        ("45", None, DURATION_FIELD),  # not one of the modal's options: forged
        ("until", None, UNTIL_FIELD),
        ("until", "24:00", UNTIL_FIELD),
        ("until", "5pm", UNTIL_FIELD),
    ],
)
def test_bad_picks_are_refused_next_to_their_field(
    choice: str | None, until: str | None, field: str
) -> None:
    with pytest.raises(KairosUserError) as refused:
        start_command(choice, until)
    assert refused.value.field == field


def test_every_option_of_the_modal_is_a_command() -> None:
    (duration, _until, _note) = start_focus_modal()["blocks"]
    for option in duration["element"]["options"]:
        value = option["value"]
        assert start_command(value, "12:00") is not None


def _state(hours: str = "mon-fri 9:00-17:30", **more: object) -> FocusState:
    working = parse_schedule_lines(hours, field="hours")
    return FocusState(working_hours=working, **more)  # type: ignore[arg-type]


def test_saved_while_reachable_waits_until_half_an_hour_before_the_day_ends() -> None:
    due, away = latest_delivery(_state(), AMS, NOW)
    assert not away
    assert due == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # 17:00 in Amsterdam


def test_saved_in_the_last_half_hour_waits_for_the_next_morning() -> None:
    late = datetime(2026, 11, 25, 16, 10, tzinfo=UTC)  # 17:10 in Amsterdam
    due, away = latest_delivery(_state(), AMS, late)
    assert not away
    # At 17:30 the person is off hours; the sweep then waits for them to be back.
    assert due == datetime(2026, 11, 25, 16, 30, tzinfo=UTC)


def test_saved_while_focusing_comes_when_focus_ends() -> None:
    state = _state(session=session_for(NOW, timedelta(minutes=90)))
    due, away = latest_delivery(state, AMS, NOW)
    assert away
    assert due == NOW + timedelta(minutes=90)


def test_saved_without_working_hours_comes_a_few_hours_later() -> None:
    due, away = latest_delivery(_state(""), AMS, NOW)
    assert (due, away) == (NOW + NO_HOURS_LATER, False)


def test_a_message_ts_is_when_it_was_sent() -> None:
    assert sent_at("1795000000.000100") == datetime.fromtimestamp(1795000000.0001, UTC)
