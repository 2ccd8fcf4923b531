"""The digest DM: layout, times, links, and Slack's limits at every size (in English and in
Dutch, which runs longer)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks import MAX_BLOCKS_MESSAGE, mrkdwn_link, user_ref
from bot.digest.messages import conversation_ref, digest_message, sent_when
from bot.digest.model import DigestGroup, DigestItem, group_items
from bot.digest.reasons import reason_text
from bot.focus.absence import HOLIDAY, LEAVE
from bot.focus.mentions import snippet
from bot.focus.model import FOCUSING, OFF_HOURS
from bot.i18n import _, current_language, speaking
from tests.unit.digest.message_checks import assert_mrkdwn_well_formed, assert_valid_message

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday, 13:00 in Amsterdam
# A thread reply's permalink, as long as Slack makes them.
LONG_LINK = (
    "https://kairos-example-workspace.slack.com/archives/C0123456789/p1772600000000100"
    "?thread_ts=1772600000.000001&cid=C0123456789"
)
MARKUP_HEAVY = (
    "<@U0123456789> <!subteam^S0123456|@platform-oncall> see <https://example.test/a?b=1&amp;c=2"
    "|the runbook> &amp; &lt;3 <!here> `kubectl rollout undo` <#C0123456789|incidents> "
)
ITEM_TAG = re.compile(r"\bitem(\d+)\b")
MORE = re.compile(r"^…and (\d+) more — see the full list in Kairos's Home tab\.$")
MORES = {
    "en": MORE,
    "nl": re.compile(r"^…en nog (\d+) — de hele lijst staat op het tabblad Home van Kairos\.$"),
}
LANGUAGES = ["en", "nl"]
# The intro of a digest of 200 focus mentions, in each language.
INTRO_200 = {
    "en": "While you were focusing, 200 mentions came in.",
    "nl": "Terwijl je aan het focussen was, kwamen er 200 vermeldingen binnen.",
}


def item(
    n: int,
    channel_id: str = "C0ROOM",
    *,
    minutes_ago: int | None = None,
    thread_ts: str | None = None,
    text: str | None = None,
    permalink: str | None = LONG_LINK,
    kind: str = "user",
    sender_id: str = "U0BOB",
) -> DigestItem:
    """The nth held mention; its preview starts with `itemN` so it can be found again."""
    sent_at = NOW - timedelta(minutes=minutes_ago if minutes_ago is not None else 500 - n)
    return DigestItem(
        mention_id=n,
        channel_id=channel_id,
        message_ts=f"{int(sent_at.timestamp())}.{n:06d}",
        thread_ts=thread_ts,
        sender_id=sender_id,
        sent_at=sent_at,
        snippet=snippet(f"item{n} " + (text if text is not None else "could you look?")),
        permalink=permalink,
        kind=kind,
    )


def build(
    items: list[DigestItem], *, total: int | None = None, reason: str = "focusing"
) -> tuple[str, list[dict[str, Any]]]:
    return digest_message(
        group_items(items),
        tz=AMS,
        now=NOW,
        total=len(items) if total is None else total,
        reason=reason,
    )


def shown_and_more(text: str, blocks: list[dict[str, Any]]) -> tuple[list[int], int]:
    """Validate the message; the item numbers it shows in order, and its "N more" count."""
    assert_valid_message(text, blocks)
    shown: list[int] = []
    more = 0
    for index, block in enumerate(blocks):
        if block["type"] == "section" and index > 0:
            for line in block["text"]["text"].split("\n")[1:]:
                assert line.startswith("• ")
                shown += [int(n) for n in ITEM_TAG.findall(line)[:1]]
        if block["type"] == "context":
            assert block is blocks[-1]
            found = MORES[current_language()].match(block["elements"][0]["text"])
            assert found is not None
            more = int(found.group(1))
    return shown, more


def reading_order(items: list[DigestItem]) -> list[int]:
    return [i.mention_id for g in group_items(items) for i in g.items]


def test_an_empty_digest_is_never_built() -> None:
    with pytest.raises(ValueError, match="empty"):
        digest_message([], tz=AMS, now=NOW, total=0, reason="focusing")
    empty_group = DigestGroup("C1", None, ())
    with pytest.raises(ValueError, match="empty"):
        digest_message([empty_group], tz=AMS, now=NOW, total=3, reason="focusing")


def test_total_cannot_be_less_than_the_items_given() -> None:
    with pytest.raises(ValueError, match="total"):
        build([item(1), item(2)], total=1)


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        digest_message(
            group_items([item(1)]),
            tz=AMS,
            now=NOW.replace(tzinfo=None),
            total=1,
            reason="focusing",
        )


def test_one_mention() -> None:
    text, blocks = build(
        [item(1, minutes_ago=30, permalink="https://x.slack.com/archives/C0ROOM/p1")]
    )
    assert text == "While you were focusing, 1 mention came in."
    assert blocks == [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*<#C0ROOM>*\n• <@U0BOB> · 12:30 — item1 could you look? · "
                "<https://x.slack.com/archives/C0ROOM/p1|Open>",
            },
        },
    ]
    assert shown_and_more(text, blocks) == ([1], 0)


def test_five_mentions_in_channels_and_a_thread() -> None:
    items = [
        item(1, "C0ROOM", minutes_ago=50),
        item(2, "C0OTHER", minutes_ago=40, kind="usergroup"),
        item(3, "C0ROOM", minutes_ago=30, thread_ts="1772600000.000001"),
        item(4, "C0ROOM", minutes_ago=20, kind="broadcast"),
        item(5, "C0ROOM", minutes_ago=10, thread_ts="1772600000.000001"),
    ]
    text, blocks = build(items, reason="outside your working hours")
    assert text == "While you were outside your working hours, 5 mentions came in."
    assert shown_and_more(text, blocks) == ([1, 4, 2, 3, 5], 0)
    headings = [b["text"]["text"].split("\n")[0] for b in blocks[1:]]
    assert headings == ["*<#C0ROOM>*", "*<#C0OTHER>*", "*<#C0ROOM>* · thread"]
    body = "\n".join(b["text"]["text"] for b in blocks[1:])
    assert "(group mention)" in body
    assert "(channel-wide)" in body
    assert body.count("|Open>") == 5


def test_time_reads_in_the_recipients_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    _, blocks = digest_message(
        group_items([item(1, minutes_ago=30)]), tz=tokyo, now=NOW, total=1, reason="focusing"
    )
    assert "· 20:30 —" in blocks[1]["text"]["text"]  # 11:30 UTC is 20:30 in Tokyo


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (datetime(2026, 3, 4, 11, 59, tzinfo=UTC), "12:59"),
        (datetime(2026, 3, 3, 23, 30, tzinfo=UTC), "00:30"),  # already Wednesday in Amsterdam
        (datetime(2026, 3, 3, 22, 30, tzinfo=UTC), "yesterday 23:30"),
        (datetime(2026, 3, 1, 9, 0, tzinfo=UTC), "Sun 10:00"),
        (datetime(2026, 2, 26, 9, 0, tzinfo=UTC), "Thu 10:00"),
        (datetime(2026, 2, 25, 9, 0, tzinfo=UTC), "Wed 25 Feb 10:00"),
        (datetime(2026, 3, 4, 12, 1, tzinfo=UTC), "13:01"),  # a clock a little ahead
    ],
)
def test_sent_when(sent: datetime, expected: str) -> None:
    assert sent_when(sent, AMS, NOW) == expected


def test_sent_when_across_a_dst_change() -> None:
    # Amsterdam springs forward on 29 March 2026: 02:00 CET becomes 03:00 CEST.
    now = datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 10:00 CEST
    assert sent_when(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), AMS, now) == "01:30"
    assert sent_when(datetime(2026, 3, 29, 1, 30, tzinfo=UTC), AMS, now) == "03:30"
    assert sent_when(datetime(2026, 3, 28, 22, 59, tzinfo=UTC), AMS, now) == "yesterday 23:59"


def test_no_permalink_no_link() -> None:
    _, blocks = build([item(1, permalink=None), item(2, permalink="not-a-url")])
    assert "Open" not in json.dumps(blocks)
    assert blocks[1]["text"]["text"].endswith("item2 could you look?")


def test_odd_characters_in_a_link_cannot_break_it() -> None:
    link = mrkdwn_link("https://x.test/a|b>c d&e", "Open")
    assert link == "<https://x.test/a%7Cb%3Ec%20d&amp;e|Open>"
    assert_mrkdwn_well_formed(link)
    assert mrkdwn_link("https://x.test/" + "a" * 2000, "Open") is None
    assert mrkdwn_link("javascript:alert(1)", "Open") is None
    assert mrkdwn_link(None, "Open") is None


@pytest.mark.parametrize(
    ("channel_id", "expected"),
    [
        ("C0ROOM", "<#C0ROOM>"),
        ("G0PRIVATE", "<#G0PRIVATE>"),
        ("D0DM", "A direct message"),
        ("C1>|x", "A conversation"),
        ("", "A conversation"),
    ],
)
def test_conversation_ref(channel_id: str, expected: str) -> None:
    assert conversation_ref(channel_id) == expected


def test_user_ref() -> None:
    assert user_ref("U0BOB") == "<@U0BOB>"
    assert user_ref("W0ENT") == "<@W0ENT>"
    assert user_ref("U1> <!channel") == "someone"


def test_a_reason_cannot_inject_markup() -> None:
    text, blocks = build([item(1)], reason="<!channel> & co")
    assert text == "While you were &lt;!channel&gt; &amp; co, 1 mention came in."
    assert_valid_message(text, blocks)


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_hundred_worst_case_items_show_the_first_that_fit(language: str) -> None:
    items = [item(n, text=MARKUP_HEAVY * 3) for n in range(1, 201)]
    assert all(190 <= len(i.snippet) <= 200 for i in items)
    with speaking(language):
        text, blocks = build(items, reason=reason_text({FOCUSING}))
        shown, more = shown_and_more(text, blocks)
    assert shown == reading_order(items)[: len(shown)]
    assert len(shown) >= 25
    assert len(shown) + more == 200
    assert text == INTRO_200[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_hundred_typical_items_show_at_least_thirty(language: str) -> None:
    items = [
        item(n, text="can you check the numbers before the call?", permalink=LONG_LINK[:81])
        for n in range(1, 201)
    ]
    with speaking(language):
        shown, more = shown_and_more(*build(items))
    assert len(shown) >= 30
    assert len(shown) + more == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_many_conversations_respect_the_block_limit(language: str) -> None:
    items = [item(n, f"C{n:04d}", text="hi", permalink=None) for n in range(1, 201)]
    with speaking(language):
        text, blocks = build(items)
        shown, more = shown_and_more(text, blocks)
    assert len(blocks) == MAX_BLOCKS_MESSAGE
    assert len(shown) == MAX_BLOCKS_MESSAGE - 2
    assert shown == reading_order(items)[: len(shown)]
    assert len(shown) + more == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_conversation_continues_in_a_second_section(language: str) -> None:
    items = [item(n, text=MARKUP_HEAVY * 3) for n in range(1, 15)]
    with speaking(language):
        text, blocks = build(items, total=14)
        shown, more = shown_and_more(text, blocks)
        continued = _("{heading} (continued)", heading="*<#C0ROOM>*")
    assert len(shown) == 14
    assert more == 0
    headings = [b["text"]["text"].split("\n")[0] for b in blocks[1:]]
    assert headings[0] == "*<#C0ROOM>*"
    assert set(headings[1:]) == {continued}
    assert continued == {"en": "*<#C0ROOM>* (continued)", "nl": "*<#C0ROOM>* (vervolg)"}[language]
    assert len(headings) >= 2


def test_more_counts_items_not_handed_in() -> None:
    text, blocks = build([item(1), item(2)], total=9)
    assert text == "While you were focusing, 9 mentions came in."
    assert shown_and_more(text, blocks) == ([1, 2], 7)


@pytest.mark.parametrize("language", LANGUAGES)
def test_oversized_previews_are_cut_for_the_digest(language: str) -> None:
    raw = item(1)
    huge = DigestItem(**{**raw.__dict__, "snippet": "item1 " + "word " * 2000})
    with speaking(language):
        shown, more = shown_and_more(*build([huge]))
    assert (shown, more) == ([1], 0)


digest_items = st.lists(
    st.builds(
        item,
        st.integers(1, 10_000),
        st.sampled_from(["C0A", "C0B", "G0C", "D0D", "C0E"]),
        minutes_ago=st.integers(0, 20_000),
        thread_ts=st.sampled_from([None, "1772600000.000001"]),
        text=st.text(max_size=300) | st.sampled_from([MARKUP_HEAVY, MARKUP_HEAVY * 4, ""]),
        permalink=st.none() | st.sampled_from([LONG_LINK, "https://x.test/|<>&"]),
        kind=st.sampled_from(["user", "usergroup", "broadcast"]),
        sender_id=st.sampled_from(["U0BOB", "W0ENT", "bad>id"]),
    ),
    min_size=1,
    max_size=120,
    unique_by=lambda i: i.mention_id,
)


@settings(max_examples=60, deadline=None)
@given(
    items=digest_items,
    extra=st.integers(0, 50),
    zone=st.sampled_from(["UTC", "Asia/Kathmandu"]),
    language=st.sampled_from(LANGUAGES),
)
def test_any_digest_fits_and_adds_up(
    items: list[DigestItem], extra: int, zone: str, language: str
) -> None:
    total = len(items) + extra
    with speaking(language):
        # The longest reason there is: every one of them at once.
        reason = reason_text({LEAVE, HOLIDAY, FOCUSING, OFF_HOURS}, holidays=2)
        text, blocks = digest_message(
            group_items(items), tz=ZoneInfo(zone), now=NOW, total=total, reason=reason
        )
        shown, more = shown_and_more(text, blocks)
    assert len(shown) == len(set(shown))  # no item twice
    assert shown == reading_order(items)[: len(shown)]
    assert len(shown) + more == total
    assert len(shown) >= 1


def test_a_digest_of_saved_messages_says_so_and_tags_them() -> None:
    one, _ = build([item(1, kind="saved")], reason="saved")
    assert one == "The message you saved to read later."
    text, blocks = build([item(1, kind="saved"), item(2, kind="saved")], reason="saved")
    assert text == "The 2 messages you saved to read later."
    assert "(you saved it to read later)" in blocks[1]["text"]["text"]
