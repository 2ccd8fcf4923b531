"""The shape of a message's link, as chat.getPermalink gives it (pure)."""

from __future__ import annotations

import pytest

from bot.slack.permalinks import message_link

WORKSPACE = "https://acme.slack.com/"


@pytest.mark.parametrize(
    ("message_ts", "thread_ts", "link"),
    [
        (
            "1795424400.000100",
            None,
            "https://acme.slack.com/archives/C0ROOM/p1795424400000100",
        ),
        # A thread's parent is linked as a top-level message.
        (
            "1795424400.000100",
            "1795424400.000100",
            "https://acme.slack.com/archives/C0ROOM/p1795424400000100",
        ),
        (
            "1795424460.000200",
            "1795424400.000100",
            "https://acme.slack.com/archives/C0ROOM/p1795424460000200"
            "?thread_ts=1795424400.000100&cid=C0ROOM",
        ),
    ],
)
def test_a_link_has_slacks_shape(message_ts: str, thread_ts: str | None, link: str) -> None:
    assert message_link(WORKSPACE, "C0ROOM", message_ts, thread_ts) == link


def test_the_workspace_address_may_come_without_its_slash() -> None:
    assert message_link("https://acme.slack.com", "D0DM", "1.000001") == (
        "https://acme.slack.com/archives/D0DM/p1000001"
    )
