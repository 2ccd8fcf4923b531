"""The note to a sender whose mention was held, the urgent button, and the urgent DM."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.focus.mentions import HeldRecipient
from bot.focus.messages import (
    MAX_BUTTON_VALUE,
    held_note,
    parse_urgent_value,
    urgent_dm,
    urgent_value,
)
from bot.ids import Action
from tests.unit.digest.message_checks import assert_mrkdwn_well_formed, assert_valid_message

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)  # 09:00 in New York
CHANNEL, TS = "C0ROOM", "1772632800.000100"


def note(
    recipients: list[HeldRecipient], tz: ZoneInfo = NEW_YORK
) -> tuple[str, list[dict[str, Any]]]:
    text, blocks = held_note(recipients, sender_tz=tz, now=NOW, message_ts=TS, channel_id=CHANNEL)
    assert_valid_message(text, blocks)
    return text, blocks


def focusing(user_id: str, hours: float | None, reason: str = "focusing") -> HeldRecipient:
    return HeldRecipient(user_id, None if hours is None else NOW + timedelta(hours=hours), reason)


def button(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    (found,) = [
        element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element.get("action_id") == "focus.urgent"
    ]
    return found


def test_one_person_focusing_until_later_today() -> None:
    text, blocks = note([focusing("U0ALICE", 2.5)])
    assert text == (
        "<@U0ALICE> is focusing until 11:30 (your time). Your message will reach them then."
    )
    assert blocks[0] == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": text + " No need to resend."},
    }
    assert blocks[2] == {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": "Only if it can't wait: they'll get a notification now."}
        ],
    }
    assert [b["type"] for b in blocks] == ["section", "actions", "context"]


def test_until_tomorrow_in_the_senders_zone() -> None:
    text, _ = note([focusing("U0ALICE", 20, "outside working hours")])
    assert text.startswith("<@U0ALICE> is outside working hours until tomorrow 05:00 (your time)")
    # 23:00 in Tokyo now: the same instant is tomorrow evening there.
    text, _ = note([focusing("U0ALICE", 20)], tz=ZoneInfo("Asia/Tokyo"))
    assert "until tomorrow 19:00 (your time)" in text


def test_no_free_time_reads_for_now() -> None:
    text, blocks = note([focusing("U0ALICE", None)])
    assert text == (
        "<@U0ALICE> is focusing for now. Your message will reach them when they're back."
    )
    assert "your time" not in json.dumps(blocks)


def test_several_people_in_one_note() -> None:
    text, blocks = note(
        [
            focusing("U0A", 1),
            focusing("U0B", 20, "outside working hours"),
            focusing("U0C", None),
            focusing("U0D", 1),
            focusing("U0A", 1),  # listed twice: named once
        ]
    )
    assert text == (
        "4 people you mentioned are away. Your message will reach each of them when they're back."
    )
    assert blocks[0]["text"]["text"] == (
        f"{text} No need to resend.\n"
        "• <@U0A> and <@U0D> are focusing until 10:00\n"
        "• <@U0B> is outside working hours until tomorrow 05:00\n"
        "• <@U0C> is focusing for now\n"
        "_Times are in your time zone._"
    )


def test_a_broadcast_held_for_hundreds_stays_short() -> None:
    recipients = [focusing(f"U{n:08d}", n % 11 or None) for n in range(400)]
    _, blocks = note(recipients)
    body = blocks[0]["text"]["text"]
    assert body.startswith("400 people you mentioned are away.")
    assert len(body.split("\n")) <= 1 + 8 + 1
    assert body.count("<@U") <= 8 * 5
    assert "others are away until later" in body


def test_worst_case_note_stays_within_limits() -> None:
    reasons = [f"{'&' * 100} {n}" for n in range(20)]
    recipients = [
        HeldRecipient(f"W{n:020d}", NOW + timedelta(days=n % 7, minutes=n), reasons[n % 20])
        for n in range(500)
    ]
    text, _ = note(recipients)
    assert "500 people" in text


def test_the_urgent_button() -> None:
    _, blocks = note([focusing("U0ALICE", 1)])
    found = button(blocks)
    assert found["type"] == "button"
    assert found["action_id"] == Action.FOCUS_URGENT == "focus.urgent"
    assert type(found["action_id"]) is str
    assert found["text"] == {"type": "plain_text", "text": "It's urgent"}
    assert "style" not in found  # urgency is the exception: the button does not shout
    assert parse_urgent_value(found["value"]) == (CHANNEL, TS)
    assert json.loads(found["value"]) == {"c": CHANNEL, "ts": TS}


def test_a_note_needs_someone() -> None:
    with pytest.raises(ValueError, match="at least one"):
        held_note([], sender_tz=NEW_YORK, now=NOW, message_ts=TS, channel_id=CHANNEL)


def test_a_note_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        held_note(
            [focusing("U0A", 1)],
            sender_tz=NEW_YORK,
            now=NOW.replace(tzinfo=None),
            message_ts=TS,
            channel_id=CHANNEL,
        )


def test_the_note_never_names_people_it_cannot_mention() -> None:
    text, _ = note([HeldRecipient("U1> <!channel", None, "focusing")])
    assert text.startswith("someone is focusing for now")


# --- the button value -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel_id", "message_ts"),
    [("C0ROOM", "1772632800.000100"), ("G0PRIV", "1.2"), ("D0DM", "1772632800.000100")],
)
def test_value_round_trip(channel_id: str, message_ts: str) -> None:
    value = urgent_value(channel_id, message_ts)
    assert len(value) <= MAX_BUTTON_VALUE
    assert parse_urgent_value(value) == (channel_id, message_ts)


@pytest.mark.parametrize(
    ("channel_id", "message_ts"),
    [("", TS), ("c0room", TS), ("C0ROOM", ""), ("C0ROOM", "abc"), ("C" + "0" * 50, TS)],
)
def test_value_refuses_what_is_not_a_message(channel_id: str, message_ts: str) -> None:
    with pytest.raises(ValueError, match="not a Slack"):
        urgent_value(channel_id, message_ts)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "null",
        "[]",
        '"C1"',
        "{}",
        '{"c": "C0ROOM"}',
        '{"ts": "1.2"}',
        '{"c": 1, "ts": "1.2"}',
        '{"c": "C0ROOM", "ts": 1.2}',
        '{"c": "C0ROOM", "ts": "1.2", "x": 1}',
        '{"c": "<!channel>", "ts": "1.2"}',
        '{"c": "C0ROOM", "ts": "1.2"',
        "[" * 3000,
        "[" * 1900 + "]" * 1900,
        '{"c": "C0ROOM", "ts": "' + "1" * 2000 + '.2"}',
        "NaN",
    ],
)
def test_malformed_values_are_refused(value: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each message differs; the type is the contract
        parse_urgent_value(value)


@settings(max_examples=100, deadline=None)
@given(
    channel_id=st.from_regex(r"[CDG][A-Z0-9]{1,20}", fullmatch=True),
    message_ts=st.from_regex(r"[0-9]{1,16}\.[0-9]{1,15}", fullmatch=True),
)
def test_any_real_message_round_trips(channel_id: str, message_ts: str) -> None:
    value = urgent_value(channel_id, message_ts)
    assert len(value) <= MAX_BUTTON_VALUE
    assert parse_urgent_value(value) == (channel_id, message_ts)


json_text = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["c", "ts", "x"]), children, max_size=3)
    ),
    max_leaves=10,
).map(json.dumps)


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=60) | json_text)
def test_arbitrary_values_raise_only_value_error(value: str) -> None:
    try:
        channel_id, message_ts = parse_urgent_value(value)
    except ValueError:
        return
    assert urgent_value(channel_id, message_ts) == json.dumps(
        json.loads(value), separators=(",", ":")
    )


# --- the urgent DM ----------------------------------------------------------------------


def test_urgent_dm() -> None:
    link = "https://x.slack.com/archives/C0ROOM/p1772632800000100?thread_ts=1.2&cid=C0ROOM"
    text, blocks = urgent_dm("U0BOB", link, "the deploy is failing &amp; <@U0ALICE>")
    assert text == ":rotating_light: <@U0BOB> marked a message for you as urgent"
    assert blocks == [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": f"{text}\n>the deploy is failing &amp; <@U0ALICE>\n"
                "<https://x.slack.com/archives/C0ROOM/p1772632800000100?thread_ts=1.2"
                "&amp;cid=C0ROOM|Open the message>",
            },
        }
    ]
    assert_valid_message(text, blocks)


def test_urgent_dm_without_link_or_text() -> None:
    text, blocks = urgent_dm("U0BOB", None, "")
    assert blocks == [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    assert_valid_message(text, blocks)


@settings(max_examples=100, deadline=None)
@given(
    sender=st.sampled_from(["U0BOB", "W0X", "U1> <!here"]),
    permalink=st.none() | st.text(max_size=40).map(lambda s: "https://x.test/" + s),
    preview=st.text(max_size=5000),
)
def test_urgent_dm_is_always_valid(sender: str, permalink: str | None, preview: str) -> None:
    text, blocks = urgent_dm(sender, permalink, preview)
    assert_valid_message(text, blocks)
    assert_mrkdwn_well_formed(blocks[0]["text"]["text"])
