"""Reading what forget-me and the revocation events need: a command's trigger_id and the
people a tokens_revoked event names."""

from __future__ import annotations

import pytest

from bot.slack.parse import parse_command, parse_tokens_revoked

TRIGGER = "12345.98765.abcd2358fdea"


def test_a_command_s_trigger_id_is_read() -> None:
    typed = parse_command({"user_id": "U1", "channel_id": "C1", "text": "", "trigger_id": TRIGGER})
    assert typed is not None
    assert typed.trigger_id == TRIGGER


@pytest.mark.parametrize(
    "trigger", [None, "", "not a trigger", 12345, ["1.2.a"], "1.2." + "a" * 65]
)
def test_a_trigger_id_that_is_not_one_is_left_out(trigger: object) -> None:
    typed = parse_command({"user_id": "U1", "channel_id": "C1", "trigger_id": trigger})
    assert typed is not None
    assert typed.trigger_id is None


def test_tokens_revoked_names_the_people_whose_user_tokens_died() -> None:
    event = {"type": "tokens_revoked", "tokens": {"oauth": ["U1", "W2"], "bot": ["U0BOT"]}}
    assert parse_tokens_revoked(event) == ("U1", "W2")


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"tokens": None},
        {"tokens": {"bot": ["U0BOT"]}},
        {"tokens": {"oauth": "U1"}},
        {"tokens": {"oauth": [None, 7, "", "<@U1>", {"id": "U1"}]}},
        "tokens_revoked",
        None,
    ],
)
def test_tokens_revoked_of_odd_shape_names_no_one(event: object) -> None:
    assert parse_tokens_revoked(event) == ()


def test_a_person_named_twice_is_named_once() -> None:
    assert parse_tokens_revoked({"tokens": {"oauth": ["U1", "U2", "U1"]}}) == ("U1", "U2")
