"""Mentions, urgent markers and message previews, on the text and blocks Slack sends."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.focus.mentions import (
    DEFAULT_URGENT_MARKERS,
    MessageMentions,
    extract_mentions,
    is_urgent,
    snippet,
)

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


# --- extract_mentions -------------------------------------------------------------------


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


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["type", "elements", "user_id", "usergroup_id", "range", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=30,
)
element_like = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["user", "usergroup", "broadcast", "rich_text_section", "rich_text_list", "text"]
        ),
    },
    optional={
        "user_id": st.sampled_from(["U1", "W2", "", "x"]) | json_values,
        "usergroup_id": st.sampled_from(["S1", ""]) | json_values,
        "range": st.sampled_from(["here", "channel", "everyone", "all"]) | json_values,
        "elements": st.lists(json_values, max_size=3),
    },
)
blocks_like = st.lists(
    st.fixed_dictionaries(
        {"type": st.sampled_from(["rich_text", "section"])},
        optional={"elements": st.lists(element_like | json_values, max_size=4)},
    )
    | json_values,
    max_size=4,
)
PIECES = [
    "<@U123>", "<@W9|bob>", "<!here>", "<!channel|@channel>", "<!subteam^S1|@devs>",
    "<#C1|general>", "<https://x.test/a?b=1&amp;c=2|the doc>", "<https://x.test/&lt;>",
    "<mailto:a@b.test>", "<!date^1^{date}|today>", "&amp;", "&lt;", "&gt;", "&amp;lt;",
    "&gt; ", "\n&gt;&gt;&gt; ", "```", "`", "\n", " ", "  ", "urgent", "not ", "non-",
    ":rotating_light:", "…", "<", ">", "|", "@", "\x00", "\u2028", "é",
]  # fmt: skip
slack_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=25).map(
    "".join
) | st.text(max_size=60)


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


# --- is_urgent --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "urgent: the deploy is failing",
        "URGENT <@U1> prod is down",
        "Urgent! Please look",
        "<@U1> this is urgent.",
        "so... URGENT?!",
        "Dringend: server ligt eruit",
        "spoed graag",
        ":rotating_light: checkout broken",
        "checkout broken:rotating_light:",
        ":rotating_light::skin-tone-2: nope, that's not a thing but still the emoji",
        "No, urgent: it really is",
        "it's not fine, this is urgent",
        "`code` and then urgent",
        "see <https://status.test> urgent",
        "first line\nsecond line urgent",
        "&lt;urgent&gt;",
    ],
)
def test_marked_urgent(text: str) -> None:
    assert is_urgent(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no rush",
        "urgently needed by friday",  # a different word: whole words only
        "urgency is relative",
        "not urgent",
        "Not urgent at all",
        "not that urgent",
        "not super urgent, whenever",
        "this isn't urgent",
        "this isnt urgent",
        "nothing urgent",
        "non-urgent question",
        "non urgent question",
        "semi-urgent",
        "urgent-ish",
        "niet dringend",
        "niet zo dringend",
        "nicht dringend",
        "geen spoed",
        "`urgent`",
        "run `deploy --urgent` later",
        "```\nurgent\n```",
        "<https://wiki.test/urgent-process>",
        "<https://wiki.test/process|urgent process>",  # a link's title is not the sender's word
        "join <#C1|urgent-help>",
        "<!subteam^S1|@urgent-responders> fyi",
        "&gt; urgent: from the original message\nwhat is this about?",
        "&gt;&gt;&gt; what they wrote\nurgent: quoted to the end",
        "a :rotating_light_2: lookalike",
        "`:rotating_light:` in code",
    ],
)
def test_not_marked_urgent(text: str) -> None:
    assert not is_urgent(text)


def test_urgent_of_nothing() -> None:
    assert not is_urgent(None)


@pytest.mark.parametrize(
    ("text", "markers", "expected"),
    [
        ("ASAP please", ["asap"], True),
        ("asap please", ["ASAP "], True),
        ("urgent", ["asap"], False),
        ("this is a fire drill", ["fire drill"], True),
        ("this is a fire\n drill", ["fire drill"], True),
        ("fireplace drills", ["fire drill"], False),
        (":fire: oven", [":fire:"], True),
        (":FIRE: oven", [":fire:"], True),
        ("fire", [":fire:"], False),
        ("p0 incident", ["p0"], True),
        ("app0 incident", ["p0"], False),
        ("anything", [], False),
        ("anything", ["", "   "], False),
        ("c++ broke (urgent?)", ["c++"], True),
    ],
)
def test_configurable_markers(text: str, markers: list[str], expected: bool) -> None:
    assert is_urgent(text, markers) is expected


def test_default_markers() -> None:
    assert DEFAULT_URGENT_MARKERS == ("urgent", "dringend", "spoed", ":rotating_light:")


@settings(max_examples=300, deadline=None)
@given(
    text=st.none() | slack_text,
    markers=st.lists(st.text(max_size=8) | st.sampled_from(DEFAULT_URGENT_MARKERS), max_size=4),
)
def test_is_urgent_never_raises(text: str | None, markers: list[str]) -> None:
    assert is_urgent(text, markers) in (True, False)


@settings(max_examples=100, deadline=None)
@given(before=st.sampled_from(["", "hey ", "<@U1> ", "ok. "]), after=slack_text)
def test_a_leading_marker_always_counts(before: str, after: str) -> None:
    # Nothing after an unnegated marker on its own line can undo it.
    assert is_urgent(f"{before}URGENT\n{after}")


# --- snippet ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@U123> can you look?", "<@U123> can you look?"),
        ("<@U123|alice>: hi", "<@U123>: hi"),
        ("<!here> standup in 5", "@here standup in 5"),
        ("<!channel|@channel> and <!everyone>", "@channel and @everyone"),
        ("<!subteam^S1|@devs> please review", "@devs please review"),
        ("<!subteam^S1> please review", "@team please review"),
        ("see <https://x.test/a|the plan>", "see the plan"),
        ("see <https://x.test/a?b=1&amp;c=2>", "see https://x.test/a?b=1&amp;c=2"),
        ("write to <mailto:a@b.test|a@b.test>", "write to a@b.test"),
        ("write to <mailto:a@b.test>", "write to a@b.test"),
        ("in <#C123|general>", "in <#C123>"),
        ("<!date^1392734382^{date}|Feb 18, 2014> then", "Feb 18, 2014 then"),
        ("fish &amp; chips &lt;3 a&gt;b", "fish &amp; chips &lt;3 a&gt;b"),
        ("typed &amp;lt; literally", "typed &amp;lt; literally"),
        ("a < b > c & d", "a &lt; b &gt; c &amp; d"),
        ("line one\n\nline   two\ttabbed", "line one line two tabbed"),
        ("&gt; quoted\nreply", "quoted reply"),
        ("&gt;&gt;&gt; all quoted\nstill", "all quoted still"),
        ("```\nmake deploy\n``` done", "make deploy done"),
        ("`inline` code", "`inline` code"),
        ("nul\x00and\x1bescape", "nul and escape"),
        ("   ", ""),
        ("", ""),
    ],
)
def test_snippet_reads_well(text: str, expected: str) -> None:
    assert snippet(text) == expected


def test_snippet_of_nothing() -> None:
    assert snippet(None) == ""


def test_snippet_cuts_on_a_word_boundary() -> None:
    text = "the quick brown fox jumps over the lazy dog"
    assert snippet(text, 20) == "the quick brown fox…"
    assert snippet(text, 19) == "the quick brown…"
    assert snippet(text, len(text)) == text


def test_snippet_cuts_a_single_long_word_where_it_must() -> None:
    assert snippet("x" * 50, 10) == "x" * 9 + "…"


def test_snippet_never_splits_a_mention_or_an_entity() -> None:
    assert snippet("hi <@U12345678> there", 12) == "hi…"
    assert snippet("<@U12345678><@U12345678>", 15) == "<@U12345678>…"
    assert snippet("&amp;&amp;&amp;", 8) == "&amp;…"
    assert snippet("<@U12345678>", 5) == "…"


def test_snippet_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least one"):
        snippet("x", 0)


KEPT = re.compile(r"<@[UW][A-Z0-9]+>|<#[CDG][A-Z0-9]+>")


def assert_mrkdwn_safe(value: str) -> None:
    """Only whole user and channel mentions use `<`/`>`; every `&` starts an entity."""
    bare = KEPT.sub("", value)
    assert "<" not in bare
    assert ">" not in bare
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt);)*", bare), value
    assert "\n" not in value
    assert "```" not in value
    assert value == value.strip()
    assert not value.startswith("&gt;")


@settings(max_examples=400, deadline=None)
@given(text=st.none() | slack_text, limit=st.integers(1, 120))
def test_snippet_is_safe_bounded_and_stable(text: str | None, limit: int) -> None:
    short = snippet(text, limit)
    assert len(short) <= limit
    assert_mrkdwn_safe(short)
    assert snippet(short, limit) == short
    full = snippet(text, 10_000)
    assert snippet(full, 10_000) == full
    if short != full:
        head = short.removesuffix("…")
        assert short.endswith("…")
        assert full.startswith(head)
        # Cut between words, unless a single word was longer than the limit.
        assert head == "" or full[len(head)] == " " or " " not in head
    else:
        assert len(full) <= limit


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=40))
def test_plain_words_survive_intact(words: list[str]) -> None:
    text = " ".join(words)
    shown = snippet(text, 60)
    kept = shown.removesuffix("…").split()
    assert kept == words[: len(kept)]
