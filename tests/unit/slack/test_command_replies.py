"""`/kairos` refusals repeat at most a short, escaped excerpt of what was typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import KairosUserError
from bot.meetings.feeds.addresses import MAX_URL, FeedRefused, is_dns_name, normalise_feed_url
from bot.slack.commands import excerpt, parse_kairos_command


@pytest.mark.parametrize(
    "typed",
    [
        "<!channel>",
        "&lt;!channel&gt;",
        "channels <!here>",
        "summary <@U0BOSS>",
        "summary here <!subteam^S1> 9:00",
        "summary here friday <!channel>",
        "focus-day <https://evil.example|click>",
    ],
)
def test_control_sequences_are_shown_escaped(typed: str) -> None:
    with pytest.raises(KairosUserError) as refused:
        parse_kairos_command(typed)
    text = refused.value.user_text()
    assert "<" not in text, text
    assert ">" not in text, text
    assert "&lt;" in text


@given(st.text())
def test_an_excerpt_is_short_and_safe(typed: str) -> None:
    shown = excerpt(typed)
    for control in "<>`":
        assert control not in shown
    # Every & starts one of the three escapes: nothing Slack reads as markup is left.
    assert shown.count("&") == sum(shown.count(e) for e in ("&amp;", "&lt;", "&gt;"))
    assert len(shown.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")) <= 40


@pytest.mark.parametrize(
    "address",
    [
        "https://" + "a" * 10_000 + ".example.com/cal.ics",
        "https://" + "b" * 64 + ".example.com/cal.ics",
        "https://" + "c.example" * 30 + "/cal.ics",
        "https://calendar.example.com/" + "d" * MAX_URL,
    ],
)
def test_overlong_addresses_and_hosts_are_refused_without_repeating_them(address: str) -> None:
    with pytest.raises(FeedRefused) as refused:
        normalise_feed_url(address, allow_private=False)
    text = refused.value.user_text()
    assert len(text) < 300
    for repeated in ("aaaa", "bbbb", "c.examplec", "dddd"):
        assert repeated not in text


def test_the_longest_dns_names_are_accepted() -> None:
    label = "a" * 63
    longest = ".".join([label, label, label, "b" * 61])  # 253 characters
    assert len(longest) == 253
    assert is_dns_name(longest)
    assert is_dns_name(longest + ".")
    assert not is_dns_name(longest + "c")
    assert normalise_feed_url(f"https://{longest}/cal.ics", allow_private=False) == (
        f"https://{longest}/cal.ics"
    )
