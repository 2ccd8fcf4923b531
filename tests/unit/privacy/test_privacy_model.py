"""The pure pieces of privacy: the inventory, what stays, anonymous ids, the export's values,
and the digest and Home lines of a mention whose sender was forgotten."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.digest.messages import digest_message
from bot.digest.model import DigestItem, group_items
from bot.focus.messages import DeliveredItem, home_focus_section
from bot.ids import USER_ID
from bot.privacy.export import export_document, export_row, plain
from bot.privacy.forgetting import (
    ForgetReport,
    Inventory,
    Kind,
    anonymous_id,
    inventory,
    kept_after,
    kind_labels,
    posted_summaries,
)
from bot.privacy.model import SECTIONS, Personal, personal, policies

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
AMS = ZoneInfo("Europe/Amsterdam")
LINK = "https://acme.slack.com/archives/C0TEAM/p1795000000000013"


def test_inventory_lists_kinds_with_something_in_catalogue_order() -> None:
    found = inventory({"connect": 1, "focus": 1, "held": 0, "sent": 3})
    labels = kind_labels()
    assert found == Inventory(
        (Kind(labels["focus"], 1), Kind(labels["sent"], 3), Kind(labels["connect"], 1))
    )
    assert not found.empty


def test_an_empty_inventory() -> None:
    assert inventory({}).empty
    assert inventory(dict.fromkeys(kind_labels(), 0)) == Inventory(())
    assert Inventory((Kind("x", 0),)).empty


def test_an_unknown_kind_is_a_bug() -> None:
    with pytest.raises(ValueError, match="leave"):
        inventory({"leave": 2})


def test_every_kind_has_a_distinct_label() -> None:
    labels = kind_labels()
    assert len(set(labels.values())) == len(labels)


def test_what_stays_is_said_only_when_there_is_some() -> None:
    assert kept_after({}) == (posted_summaries(),)
    said = kept_after({"answers": 1, "sent": 2, "meeting_places": 1, "settings": 1})
    assert said[0] == posted_summaries()
    assert "Your 1 answer to" in said[1]
    assert said[2].startswith("2 mentions you sent")
    assert "next sync" in said[3]
    assert "without your name" in said[4]
    assert "3 answers" in kept_after({"answers": 3})[1]


def test_a_report_is_a_value() -> None:
    report = ForgetReport(inventory({"focus": 1}), kept_after({}))
    assert report == ForgetReport(
        Inventory((Kind(kind_labels()["focus"], 1),)), (posted_summaries(),)
    )


@pytest.mark.parametrize("token", ["0" * 16, "f3a9c1d2e4b5a6c7", "ABCDEF"])
def test_an_anonymous_id_is_never_a_slack_id_and_fits_its_column(token: str) -> None:
    made = anonymous_id(token)
    assert not USER_ID.fullmatch(made)
    assert len(made) <= 32


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, True),
        (3, 3),
        (6.5, 6.5),
        ("text", "text"),
        (
            datetime(2026, 3, 29, 23, 30, tzinfo=timezone(timedelta(hours=2))),
            "2026-03-29T21:30:00+00:00",
        ),
        (date(2026, 11, 16), "2026-11-16"),
        (Decimal("1.5"), "1.5"),
    ],
)
def test_plain_values(value: object, expected: object) -> None:
    assert plain(value) == expected


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        plain(datetime(2026, 1, 1))


def test_credentials_are_left_out_and_said_to_be_there() -> None:
    feeds = policies()["calendar_feeds"]
    assert isinstance(feeds, Personal)
    row = {"user_id": "U0ALICE", "url_encrypted": "gAAAA…", "host": "cal.example.com"}
    shown = export_row(feeds, row, "U0ALICE")
    assert shown == {"user_id": "U0ALICE", "host": "cal.example.com", "connected": True}


def test_a_row_that_only_mentions_the_person_does_not_say_for_whom_it_is() -> None:
    held = policies()["held_mentions"]
    assert isinstance(held, Personal)
    row = {
        "recipient_id": "U0BOB", "sender_id": "U0CAROL", "text": "<@U0ALICE> hi",
        "digest_id": 4, "status": "held", "held_at": NOW, "sent_at": NOW,
    }  # fmt: skip
    shown = export_row(held, row, "U0ALICE")
    assert shown == {"sender_id": "U0CAROL", "text": "<@U0ALICE> hi", "sent_at": plain(NOW)}
    theirs = export_row(held, {**row, "recipient_id": "U0ALICE"}, "U0ALICE")
    assert theirs["recipient_id"] == "U0ALICE"
    assert theirs["status"] == "held"


def test_the_export_document_lists_every_personal_table_even_empty() -> None:
    document = export_document("U0ALICE", NOW, {"people": [{"user_id": "U0ALICE"}]})
    assert document["user_id"] == "U0ALICE"
    assert document["exported_at"] == "2026-11-23T09:00:00+00:00"
    assert set(document["sections"]) == set(SECTIONS)
    tables = {t: rows for s in document["sections"].values() for t, rows in s["tables"].items()}
    assert set(tables) == {p.table for p in personal()}
    assert tables["people"] == [{"user_id": "U0ALICE"}]
    assert tables["digests"] == []
    assert json.loads(json.dumps(document)) == document


def _anonymous_item() -> DigestItem:
    # What forget-me leaves of a mention the forgotten person sent: no sender, no text.
    return DigestItem(
        mention_id=1, channel_id="C0TEAM", message_ts="1795000000.000013", thread_ts=None,
        sender_id="", sent_at=NOW - timedelta(hours=1), snippet="", permalink=LINK, kind="user",
    )  # fmt: skip


def test_the_digest_shows_a_forgotten_senders_mention_as_a_message_in_the_channel() -> None:
    items = [_anonymous_item()]
    text, blocks = digest_message(group_items(items), tz=AMS, now=NOW, total=1, reason="away")
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "<#C0TEAM>" in shown
    assert "• a message · " in shown
    assert f"<{LINK}|Open>" in shown
    assert "<@>" not in shown
    assert "someone" not in shown
    assert text


def test_home_lists_a_forgotten_senders_mention_as_a_message() -> None:
    item = DeliveredItem("C0TEAM", "", NOW - timedelta(hours=1), LINK)
    shown = json.dumps(
        home_focus_section("Not in focus.", [item], tz=AMS, now=NOW), ensure_ascii=False
    )
    assert "<#C0TEAM> · a message · " in shown
    assert "<@>" not in shown
    assert f"<{LINK}|Open>" in shown
