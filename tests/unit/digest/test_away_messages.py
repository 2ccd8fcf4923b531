"""The "while you were away" digest: its order, its grouping by channel, and Slack's limits
at every size (in English and in Dutch, which runs longer), and its full list for App Home."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks import MAX_BLOCKS_MESSAGE
from bot.digest.away_messages import away_home_lines, tier_title
from bot.digest.messages import MAX_MESSAGE_BLOCK_TEXT, digest_message
from bot.digest.model import DigestItem, Tier, away_groups, group_items, tier_of
from bot.focus.mentions import snippet
from bot.i18n import current_language, speaking
from tests.unit.digest.message_checks import assert_valid_message

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
LINK = (
    "https://kairos-example-workspace.slack.com/archives/C0123456789/p1772600000000100"
    "?thread_ts=1772600000.000001&cid=C0123456789"
)
THREAD = "1772500000.000001"
ITEM_TAG = re.compile(r"\bitem(\d+)\b")
# How each language writes the lines read() reads.
HEADINGS = {
    "en": re.compile(
        r"^\*(<#(\w+)>|A direct message|A conversation)\* · (\d+) (?:mention|message)s?$"
    ),
    "nl": re.compile(
        r"^\*(<#(\w+)>|Een privébericht|Een gesprek)\* · (\d+) "
        r"(?:vermelding(?:en)?|bericht(?:en)?)$"
    ),
}
MORE_INS = {
    "en": re.compile(r"^…and (\d+) more in (?:<#\w+>|this conversation)$"),
    "nl": re.compile(r"^…en nog (\d+) in (?:<#\w+>|dit gesprek)$"),
}
CLOSINGS = {
    "en": re.compile(
        r"^(?:…and (\d+) more mentions?(?: in (\d+) more conversations?)?\. )?"
        r"The full list, in this order, is in Kairos's Home tab\.$"
    ),
    "nl": re.compile(
        r"^(?:…en nog (\d+) vermelding(?:en)?(?: in nog (\d+) gesprek(?:ken)?)?\. )?"
        r"De hele lijst, in deze volgorde, staat op het tabblad Home van Kairos\.$"
    ),
}
LANGUAGES = ["en", "nl"]


def item(
    n: int,
    channel_id: str = "C0DESIGN",
    *,
    kind: str = "user",
    thread_ts: str | None = None,
    minutes_ago: int | None = None,
    text: str = "could you look?",
    permalink: str | None = LINK,
) -> DigestItem:
    """The nth held mention; its preview starts with `itemN` so it can be found again."""
    sent_at = NOW - timedelta(minutes=minutes_ago if minutes_ago is not None else 5000 - n)
    return DigestItem(
        mention_id=n,
        channel_id=channel_id,
        message_ts=f"{int(sent_at.timestamp())}.{n:06d}",
        thread_ts=thread_ts,
        sender_id="U0BOB",
        sent_at=sent_at,
        snippet=snippet(f"item{n} {text}"),
        permalink=permalink,
        kind=kind,
    )


def build(
    items: list[DigestItem], *, total: int | None = None, reserve: tuple[int, int] = (0, 0)
) -> tuple[str, list[dict[str, Any]]]:
    return digest_message(
        group_items(items),
        tz=AMS,
        now=NOW,
        total=len(items) if total is None else total,
        reason="on leave",
        reserve=reserve,
        away=True,
    )


def read(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """What an away digest shows: per part its count, per channel its heading count, the
    items it lists and its "…and N more", and the closing line's counts."""
    language = current_language()
    heading_line, more_line, closing_line = (
        HEADINGS[language],
        MORE_INS[language],
        CLOSINGS[language],
    )
    tier_of_title = {tier_title(tier): tier for tier in Tier}
    parts: list[tuple[Tier, int]] = []
    groups: list[dict[str, Any]] = []
    closing: tuple[int, int] | None = None
    for block in blocks[1:]:
        if block["type"] == "header":
            title, count = block["text"]["text"].rsplit(" · ", 1)
            parts.append((tier_of_title[title], int(count)))
        elif block["type"] == "section":
            for line in block["text"]["text"].split("\n"):
                if heading := heading_line.match(line):
                    groups.append(
                        {"tier": parts[-1][0], "count": int(heading.group(3)), "ids": [], "more": 0}
                    )
                elif line.startswith("• "):
                    groups[-1]["ids"].append(int(ITEM_TAG.findall(line)[0]))
                else:
                    more = more_line.match(line)
                    assert more is not None, line
                    groups[-1]["more"] = int(more.group(1))
        else:
            assert block["type"] == "context"
            assert block is blocks[-1]
            found = closing_line.match(block["elements"][0]["text"])
            assert found is not None, block
            closing = (int(found.group(1) or 0), int(found.group(2) or 0))
    return {"parts": parts, "groups": groups, "closing": closing}


def test_parts_come_in_order_each_grouped_by_channel_with_counts() -> None:
    items = [
        item(1, "C0ALL", kind="broadcast"),
        item(2, "C0DESIGN", kind="usergroup"),
        item(3, "C0DESIGN", thread_ts=THREAD),
        item(4, "C0DESIGN"),
        item(5, "D0BOB"),
        item(6, "D0BOB", thread_ts=THREAD),  # a reply in a DM is still a direct message
        item(7, "C0DESIGN"),
    ]
    text, blocks = build(items)
    assert text == "While you were on leave, 7 mentions came in."
    assert_valid_message(text, blocks)
    shown = read(blocks)
    assert shown["parts"] == [
        (Tier.DIRECT, 4),
        (Tier.THREAD, 1),
        (Tier.GROUP, 1),
        (Tier.BROADCAST, 1),
    ]
    assert [(g["tier"], g["count"], g["ids"]) for g in shown["groups"]] == [
        (Tier.DIRECT, 2, [4, 7]),
        (Tier.DIRECT, 2, [5, 6]),
        (Tier.THREAD, 1, [3]),
        (Tier.GROUP, 1, [2]),
        (Tier.BROADCAST, 1, [1]),
    ]
    body = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "*<#C0DESIGN>* · 2 mentions" in body
    assert "*A direct message* · 2 messages" in body
    assert shown["closing"] is None  # everything is listed: no pointer needed


def test_a_long_channel_shows_its_first_lines_then_how_many_more() -> None:
    items = [item(n, "C0DESIGN") for n in range(1, 13)] + [item(20, "C0OPS")]
    text, blocks = build(items)
    assert_valid_message(text, blocks)
    shown = read(blocks)
    design, ops = shown["groups"]
    assert design == {"tier": Tier.DIRECT, "count": 12, "ids": [1, 2, 3], "more": 9}
    assert ops["ids"] == [20]
    body = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "*<#C0DESIGN>* · 12 mentions" in body
    assert "…and 9 more in <#C0DESIGN>" in body
    assert shown["closing"] == (0, 0)  # the closing line points to the Home tab


@pytest.mark.parametrize("language", LANGUAGES)
def test_five_hundred_items_in_two_hundred_channels_stay_within_limits(language: str) -> None:
    kinds = ["user", "user", "usergroup", "broadcast"]
    items = [
        item(
            n,
            f"C0CH{n % 200:03d}",
            kind=kinds[n % 4],
            thread_ts=THREAD if n % 7 == 0 else None,
            text="long words " * 40,
        )
        for n in range(500)
    ]
    with speaking(language):
        text, blocks = build(items, reserve=(4, 1200))
        texts = assert_valid_message(text, blocks)
        assert len(blocks) <= MAX_BLOCKS_MESSAGE - 4
        assert sum(len(t) for t in texts) <= MAX_MESSAGE_BLOCK_TEXT - 1200
        shown = read(blocks)
    hidden, conversations = shown["closing"]
    assert sum(g["count"] for g in shown["groups"]) + hidden == 500
    assert conversations > 0
    # Room is left for the mentions themselves, not only for channel headings.
    assert sum(len(g["ids"]) for g in shown["groups"]) >= 10


def test_app_home_lists_every_item_in_the_same_order_and_grouping() -> None:
    items = [
        item(n, f"C0CH{n % 5}", kind=["broadcast", "user", "usergroup"][n % 3]) for n in range(60)
    ]
    lines = away_home_lines(items, tz=AMS, now=NOW, limit=200, total=60)
    listed = [int(ITEM_TAG.findall(line)[0]) for line in lines if line.startswith("• ")]
    assert listed == [i.mention_id for g in away_groups(items) for i in g.items]
    assert lines[0] == f"*{tier_title(Tier.DIRECT)} · 20*"
    assert "*<#C0CH1>* · 4 mentions" in lines


def test_app_home_lists_up_to_its_limit_and_counts_the_rest() -> None:
    items = [item(n, f"C0CH{n % 9}", kind=["user", "broadcast"][n % 2]) for n in range(250)]
    lines = away_home_lines(items, tz=AMS, now=NOW, limit=200, total=250)
    listed = [int(ITEM_TAG.findall(line)[0]) for line in lines if line.startswith("• ")]
    assert listed == [i.mention_id for g in away_groups(items) for i in g.items][:200]
    assert lines[-1] == "…and 50 more not listed here."


away_items = st.lists(
    st.builds(
        item,
        st.integers(1, 10_000),
        st.sampled_from(["C0A", "C0B", "G0C", "D0D", "C0E", "D0F", "bad"])
        | st.from_regex(r"C0[A-Z0-9]{2,9}", fullmatch=True),
        kind=st.sampled_from(["user", "usergroup", "broadcast", "future-kind"]),
        thread_ts=st.sampled_from([None, THREAD]),
        minutes_ago=st.integers(0, 30_000),
        text=st.text(max_size=300) | st.just("<!here> &amp; <@U0ANN> " * 20),
        permalink=st.none() | st.sampled_from([LINK, "https://x.test/|<>&"]),
    ),
    min_size=1,
    max_size=400,
    unique_by=lambda i: i.mention_id,
)


@settings(max_examples=60, deadline=None)
@given(
    items=away_items,
    extra=st.integers(0, 30),
    reserve=st.tuples(st.integers(0, 12), st.integers(0, 3000)),
    language=st.sampled_from(LANGUAGES),
)
def test_any_away_digest_fits_counts_every_item_once_and_keeps_the_order(
    items: list[DigestItem], extra: int, reserve: tuple[int, int], language: str
) -> None:
    total = len(items) + extra
    with speaking(language):
        text, blocks = build(items, total=total, reserve=reserve)
        texts = assert_valid_message(text, blocks)
        assert len(blocks) <= MAX_BLOCKS_MESSAGE - reserve[0]
        assert sum(len(t) for t in texts) <= MAX_MESSAGE_BLOCK_TEXT - reserve[1]
        shown = read(blocks)
    by_id = {i.mention_id: i for i in items}
    groups = away_groups(items)
    # Every item counted once: in a channel heading, or in the closing line.
    hidden = shown["closing"][0] if shown["closing"] else 0
    assert sum(g["count"] for g in shown["groups"]) + hidden == total
    # The channels shown are the first ones in reading order, each with its first items.
    assert len(shown["groups"]) <= len(groups)
    for seen, group in zip(shown["groups"], groups, strict=False):
        assert seen["tier"] == group.tier
        assert seen["count"] == len(group.items)
        assert seen["ids"] == [i.mention_id for i in group.items[: len(seen["ids"])]]
        assert seen["more"] == (len(group.items) - len(seen["ids"]) if seen["ids"] else 0)
    # The order rule: direct, then threads, then groups, then broadcasts.
    listed = [by_id[n] for g in shown["groups"] for n in g["ids"]]
    assert [tier_of(i) for i in listed] == sorted(tier_of(i) for i in listed)
    assert [tier for tier, _count in shown["parts"]] == sorted({g.tier for g in groups})[
        : len(shown["parts"])
    ]
    # Anything not listed is pointed to in the Home tab.
    assert (shown["closing"] is not None) == (len(listed) < total)
