"""A reaction_added event read into a typed value; anything else is None, never an error."""

from __future__ import annotations

from typing import Any

import pytest

from bot.demo.fake_slack import payloads
from bot.norms.asked import Reaction
from bot.slack.listeners.reactions import parse_reaction


def test_a_reaction_to_a_message() -> None:
    event = payloads.reaction_added_event("U0ANA", "C0ROOM", "1795424400.000100", item_user="U0B")
    assert parse_reaction(event) == Reaction("U0ANA", "C0ROOM", "1795424400.000100")


@pytest.mark.parametrize(
    "event",
    [
        None,
        "reaction_added",
        {},
        {"user": "U0ANA", "item": {"type": "file", "file": "F0FILE"}},
        {"user": "U0ANA", "item": {"type": "message", "channel": "C0ROOM", "ts": "yesterday"}},
        {"user": "<@U0ANA>", "item": {"type": "message", "channel": "C0ROOM", "ts": "1.000100"}},
        {"user": "U0ANA", "item": ["C0ROOM", "1.000100"]},
    ],
)
def test_anything_else_is_none(event: Any) -> None:
    assert parse_reaction(event) is None
