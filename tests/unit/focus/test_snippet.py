"""Message previews: readable, bounded, and safe to show as mrkdwn."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.focus.mentions import snippet
from tests.unit.focus.slack_text import slack_text


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
