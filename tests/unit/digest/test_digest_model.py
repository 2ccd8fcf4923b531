"""Digest items grouped by conversation and thread, in reading order."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest.model import DigestGroup, DigestItem, group_items

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def item(
    mention_id: int,
    channel_id: str = "C1",
    *,
    minute: int = 0,
    thread_ts: str | None = None,
    message_ts: str | None = None,
) -> DigestItem:
    sent_at = T0 + timedelta(minutes=minute)
    return DigestItem(
        mention_id=mention_id,
        channel_id=channel_id,
        message_ts=message_ts or f"{int(sent_at.timestamp())}.{mention_id:06d}",
        thread_ts=thread_ts,
        sender_id="U0BOB",
        sent_at=sent_at,
        snippet=f"message {mention_id}",
        permalink=None,
        kind="user",
    )


def shape(groups: list[DigestGroup]) -> list[tuple[str, str | None, list[int]]]:
    return [(g.channel_id, g.thread_ts, [i.mention_id for i in g.items]) for g in groups]


def test_nothing_groups_to_nothing() -> None:
    assert group_items([]) == []


def test_top_level_messages_of_a_channel_share_a_group() -> None:
    groups = group_items([item(1, minute=0), item(2, "C2", minute=1), item(3, minute=2)])
    assert shape(groups) == [("C1", None, [1, 3]), ("C2", None, [2])]


def test_thread_replies_group_under_their_thread() -> None:
    groups = group_items(
        [
            item(1, minute=0),
            item(2, minute=1, thread_ts="1000.000001"),
            item(3, minute=2, thread_ts="1000.000002"),
            item(4, minute=3, thread_ts="1000.000001"),
            item(5, minute=4),
        ]
    )
    assert shape(groups) == [
        ("C1", None, [1, 5]),
        ("C1", "1000.000001", [2, 4]),
        ("C1", "1000.000002", [3]),
    ]


def test_same_thread_ts_in_two_channels_are_two_threads() -> None:
    groups = group_items(
        [item(1, "C1", thread_ts="1000.000001"), item(2, "C2", minute=1, thread_ts="1000.000001")]
    )
    assert shape(groups) == [("C1", "1000.000001", [1]), ("C2", "1000.000001", [2])]


def test_a_thread_parent_is_a_top_level_message() -> None:
    # Slack sets thread_ts == ts on a parent once it has replies.
    parent = item(1, minute=0, message_ts="1000.000001", thread_ts="1000.000001")
    reply = item(2, minute=1, thread_ts="1000.000001")
    assert shape(group_items([reply, parent])) == [("C1", None, [1]), ("C1", "1000.000001", [2])]
    assert group_items([parent])[0].items[0].thread_ts == "1000.000001"  # the item is untouched


def test_an_empty_thread_ts_is_top_level() -> None:
    assert shape(group_items([item(1, thread_ts="")])) == [("C1", None, [1])]


def test_groups_follow_their_earliest_item_and_items_their_time() -> None:
    groups = group_items(
        [item(1, "C2", minute=5), item(2, "C1", minute=7), item(3, "C2", minute=1)]
    )
    assert shape(groups) == [("C2", None, [3, 1]), ("C1", None, [2])]


def test_equal_times_fall_back_to_the_mention_id() -> None:
    groups = group_items([item(7, minute=0), item(3, minute=0), item(5, minute=0)])
    assert shape(groups) == [("C1", None, [3, 5, 7])]


def test_times_in_other_zones_are_compared_as_instants() -> None:
    early = item(1, "C1")
    # 09:30 in Amsterdam (UTC+1) is 08:30 UTC: before 09:00 UTC, though it reads later.
    earlier = replace(
        early,
        mention_id=2,
        channel_id="C2",
        sent_at=datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam")),
    )
    assert shape(group_items([early, earlier])) == [("C2", None, [2]), ("C1", None, [1])]


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        DigestItem(1, "C1", "1.0", None, "U1", datetime(2026, 3, 2, 9, 0), "", None, "user")


items_strategy = st.lists(
    st.builds(
        item,
        st.integers(1, 60),
        st.sampled_from(["C1", "C2", "G3", "D4"]),
        minute=st.integers(0, 20),
        thread_ts=st.sampled_from([None, "1000.000001", "1000.000002"]),
    ),
    max_size=40,
)


@settings(max_examples=100, deadline=None)
@given(items=items_strategy, seed=st.randoms(use_true_random=False))
def test_grouping_is_deterministic_complete_and_ordered(
    items: list[DigestItem], seed: random.Random
) -> None:
    shuffled = list(items)
    seed.shuffle(shuffled)
    groups = group_items(items)
    assert group_items(shuffled) == groups
    flat = [i for g in groups for i in g.items]
    assert sorted(flat, key=id) == sorted(items, key=id)  # every item exactly once
    keys = [(g.channel_id, g.thread_ts) for g in groups]
    assert len(keys) == len(set(keys))
    for group in groups:
        assert group.items
        assert all(i.channel_id == group.channel_id for i in group.items)
        assert all(i.thread_key == group.thread_ts for i in group.items)
        times = [(i.sent_at, i.mention_id) for i in group.items]
        assert times == sorted(times)
    firsts = [(g.items[0].sent_at, g.items[0].mention_id) for g in groups]
    assert firsts == sorted(firsts)
