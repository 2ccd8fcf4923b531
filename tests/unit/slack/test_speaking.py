"""Whose language a request is answered in: the person who made it, when there is one."""

from __future__ import annotations

from typing import Any

import pytest

from bot.slack.speaking import requester


@pytest.mark.parametrize(
    ("body", "user"),
    [
        ({"command": "/focus", "user_id": "U1", "text": ""}, "U1"),
        ({"type": "block_actions", "user": {"id": "U2"}}, "U2"),
        ({"type": "view_submission", "user": {"id": "U3", "name": "x"}}, "U3"),
        ({"type": "shortcut", "user": {"id": "U4"}}, "U4"),
        ({"type": "event_callback", "event": {"type": "app_home_opened", "user": "U5"}}, "U5"),
    ],
)
def test_the_person_who_asked(body: dict[str, Any], user: str) -> None:
    assert requester(body) == user


@pytest.mark.parametrize(
    "body",
    [
        # A message is about other people: its path chooses each one's language itself.
        {"type": "event_callback", "event": {"type": "message", "user": "U1", "text": "hi"}},
        {"type": "event_callback", "event": {"type": "member_joined_channel", "user": "U1"}},
        {"type": "app_rate_limited"},
        {"command": "/focus", "user_id": ""},
        {"type": "block_actions", "user": "U1"},
        {"type": "block_actions"},
    ],
)
def test_no_one_in_particular(body: dict[str, Any]) -> None:
    assert requester(body) is None
