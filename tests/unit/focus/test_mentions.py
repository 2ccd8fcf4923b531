"""Mentions, in the text and blocks Slack sends."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.focus.mentions import MessageMentions, extract_mentions
from tests.unit.focus.slack_text import blocks_like, slack_text

NOTHING = MessageMentions(frozenset(), frozenset(), None)


def rich_text(*elements: dict[str, Any]) -> list[dict[str, Any]]:
    """A message's blocks as Slack sends them: one rich_text block with one section."""
    return [
        {
            "type": "rich_text",
            "block_id": "b1",
            "elements": [{"type": "rich_text_section", "elements": list(elements)}],
        }
    ]


@pytest.mark.parametrize(
    ("text", "users", "groups", "broadcast"),
    [
        ("<@U123> can you look?", {"U123"}, set(), None),
        ("<@U123|alice> and <@W0ENT42>", {"U123", "W0ENT42"}, set(), None),
        ("ping <!subteam^S0DEVS|@devs>", set(), {"S0DEVS"}, None),
        ("ping <!subteam^S0DEVS>", set(), {"S0DEVS"}, None),
        ("<!here> standup", set(), set(), "here"),
        ("<!here|here> standup", set(), set(), "here"),
        ("<!channel|@channel> fire drill", set(), set(), "channel"),
        ("<!everyone>", set(), set(), "everyone"),
        ("<!group> (old private channel spelling)", set(), set(), "channel"),
        ("<!here> and <!everyone> and <!channel>", set(), set(), "everyone"),
        ("<!channel> then <!here>", set(), set(), "channel"),
        ("<@U1> <@U1> <@U2>", {"U1", "U2"}, set(), None),
        ("mail bob@example.com or @alice in plain text", set(), set(), None),
        ("<#C123|general> <https://x.test/@U9>", set(), set(), None),
        ("<@u123> <@X123> <@> <!subteam^> <!nobody>", set(), set(), None),
        ("&lt;@U123&gt; typed by hand is no mention", set(), set(), None),
        ("", set(), set(), None),
    ],
)
def test_mentions_in_text(
    text: str, users: set[str], groups: set[str], broadcast: str | None
) -> None:
    assert extract_mentions(text, None) == MessageMentions(
        frozenset(users), frozenset(groups), broadcast
    )


def test_nothing_at_all() -> None:
    assert extract_mentions(None, None) == NOTHING
    assert extract_mentions(None, []) == NOTHING


def test_mentions_in_rich_text_anywhere() -> None:
    blocks = [
        {
            "type": "rich_text",
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "user", "user_id": "U1"}]},
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "elements": [
                        {
                            "type": "rich_text_section",
                            "elements": [{"type": "usergroup", "usergroup_id": "S1"}],
                        }
                    ],
                },
                {
                    "type": "rich_text_quote",
                    "elements": [{"type": "user", "user_id": "U2"}],
                },
                {
                    "type": "rich_text_preformatted",
                    "elements": [{"type": "broadcast", "range": "here"}],
                },
                {
                    "type": "rich_text_list",
                    "elements": [
                        {
                            "type": "rich_text_list",
                            "elements": [
                                {
                                    "type": "rich_text_section",
                                    "elements": [{"type": "user", "user_id": "W3"}],
                                }
                            ],
                        }
                    ],
                },
            ],
        }
    ]
    assert extract_mentions("", blocks) == MessageMentions(
        frozenset({"U1", "U2", "W3"}), frozenset({"S1"}), "here"
    )


def test_text_and_blocks_are_combined() -> None:
    found = extract_mentions(
        "<@U1> hi",
        rich_text(
            {"type": "user", "user_id": "U2"},
            {"type": "broadcast", "range": "channel"},
        ),
    )
    assert found == MessageMentions(frozenset({"U1", "U2"}), frozenset(), "channel")


@pytest.mark.parametrize(
    "element",
    [
        {"type": "user"},
        {"type": "user", "user_id": 42},
        {"type": "user", "user_id": ""},
        {"type": "user", "user_id": "<@U1>"},
        {"type": "usergroup", "usergroup_id": ["S1"]},
        {"type": "broadcast", "range": "world"},
        {"type": "broadcast", "range": ["here"]},
        {"type": "text", "text": "<@U1> <!here>"},  # rich text never holds markup
        {"type": "link", "url": "https://x.test", "text": "<@U1>"},
        {"type": ["user"], "user_id": "U1"},
    ],
)
def test_malformed_rich_text_elements_are_ignored(element: dict[str, Any]) -> None:
    assert extract_mentions("", rich_text(element)) == NOTHING


def test_only_rich_text_blocks_are_read() -> None:
    # A section block built by an app is not something a person typed at someone.
    blocks: list[Any] = [
        {"type": "section", "elements": [{"type": "user", "user_id": "U1"}]},
        {"type": "context", "elements": [{"type": "user", "user_id": "U2"}]},
        "not a block",
        None,
    ]
    assert extract_mentions("", blocks) == NOTHING


def test_absurdly_deep_rich_text_does_not_exhaust_the_stack() -> None:
    node: dict[str, Any] = {"type": "user", "user_id": "U1"}
    for _ in range(5000):
        node = {"type": "rich_text_section", "elements": [node]}
    blocks = [{"type": "rich_text", "elements": [node]}]
    assert extract_mentions("<@U2>", blocks).users == frozenset({"U2"})


@settings(max_examples=150, deadline=None)
@given(text=st.none() | slack_text, blocks=st.none() | blocks_like)
def test_extract_never_raises_and_returns_clean_values(
    text: str | None, blocks: list[Any] | None
) -> None:
    found = extract_mentions(text, blocks)
    assert all(re.fullmatch(r"[UW][A-Z0-9]+", user) for user in found.users)
    assert all(re.fullmatch(r"S[A-Z0-9]+", group) for group in found.usergroups)
    assert found.broadcast in (None, "here", "channel", "everyone")


@settings(max_examples=100, deadline=None)
@given(
    ids=st.lists(st.from_regex(r"[UW][A-Z0-9]{1,10}", fullmatch=True), max_size=6),
    depth=st.integers(0, 5),
)
def test_every_user_element_is_found_at_any_depth(ids: list[str], depth: int) -> None:
    leaves: list[Any] = [{"type": "user", "user_id": user} for user in ids]
    node: dict[str, Any] = {"type": "rich_text_section", "elements": leaves}
    for _ in range(depth):
        node = {"type": "rich_text_list", "elements": [node]}
    found = extract_mentions(None, [{"type": "rich_text", "elements": [node]}])
    assert found.users == frozenset(ids)
