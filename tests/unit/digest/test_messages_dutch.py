"""The digest in Dutch: its words, its times and its plurals, the digest after leave, the
"Read after focus" reply, and the largest digest there is (with meetings, a question and
reminders after the mentions) within Slack's limits, with no English sentence left in it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.blocks import MAX_BLOCKS_MESSAGE
from bot.cleanup.messages import QUESTION_BLOCKS, QUESTION_CHARS, question_blocks
from bot.digest.away_messages import away_home_lines
from bot.digest.lines import conversation_ref, item_line, sent_when
from bot.digest.messages import MAX_MESSAGE_BLOCK_TEXT, digest_message
from bot.digest.model import DigestItem, group_items
from bot.digest.reasons import reason_text, unknown_reason
from bot.digest.saved import Saved
from bot.digest.saved_messages import saved_text
from bot.focus.absence import HOLIDAY, LEAVE
from bot.focus.mentions import snippet
from bot.focus.model import FOCUSING, OFF_HOURS
from bot.i18n import speaking
from bot.meetings.messages import notice_blocks, notice_room
from bot.meetings.model import Notice
from bot.meetings.notices import PER_DIGEST
from bot.norms.messages import reminder_blocks, reminder_room
from bot.norms.model import ResponseKind, ResponseTime
from bot.norms.questions import MAX_PER_REMINDER, Reminder
from tests.unit.digest.message_checks import assert_valid_message
from tests.unit.view_checks import texts

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday, 13:00 in Amsterdam
LINK = (
    "https://kairos-example-workspace.slack.com/archives/C0123456789/p1772600000000100"
    "?thread_ts=1772600000.000001&cid=C0123456789"
)
# What the digest's English says, word for word: none of it may be left in the Dutch ("thread"
# and "In threads" are Dutch too).
ENGLISH = re.compile(
    r"While you were|came in|\bmore\b|full list|Home tab|\|Open>|continued|yesterday"
    r"|direct message|conversation|group mention|channel-wide|saved it|Mentioned you"
    r"|Group mentions|@here and|focusing|on leave|holiday|working hours|\bmessages?\b"
    r"|\bmentions?\b|\bthe\b|\band\b"
)


def item(
    n: int,
    channel_id: str = "C0ROOM",
    *,
    minutes_ago: int = 30,
    kind: str = "user",
    thread_ts: str | None = None,
    text: str = "kun je even kijken?",
) -> DigestItem:
    """The nth held mention, with a Dutch preview (so that English in it is Kairos's)."""
    sent_at = NOW - timedelta(minutes=minutes_ago)
    return DigestItem(
        mention_id=n,
        channel_id=channel_id,
        message_ts=f"{int(sent_at.timestamp())}.{n:06d}",
        thread_ts=thread_ts,
        sender_id="U0BOB",
        sent_at=sent_at,
        snippet=snippet(f"item{n} {text}"),
        permalink=LINK,
        kind=kind,
    )


def test_the_digest_speaks_dutch_with_dutch_plurals_and_times() -> None:
    items = [
        item(1, minutes_ago=30),
        item(2, "C0OTHER", minutes_ago=60 * 25, kind="usergroup"),
        item(3, "D0DM", minutes_ago=60 * 24 * 3, kind="broadcast"),
        item(4, minutes_ago=20, thread_ts="1772600000.000001"),
    ]
    with speaking("nl"):
        text, blocks = digest_message(
            group_items(items), tz=AMS, now=NOW, total=9, reason=reason_text({FOCUSING})
        )
        one, _ = digest_message(
            group_items(items[:1]), tz=AMS, now=NOW, total=1, reason=reason_text({LEAVE})
        )
    assert text == "Terwijl je aan het focussen was, kwamen er 9 vermeldingen binnen."
    assert one == "Terwijl je met verlof was, kwam er 1 vermelding binnen."
    assert_valid_message(text, blocks)
    body = texts(blocks)
    assert "· 12:30 — item1" in body
    assert "gisteren 12:00 (groepsvermelding)" in body
    assert "*Een privébericht*\n• <@U0BOB> · zo 13:00 (voor het hele kanaal)" in body
    assert "*<#C0ROOM>* · thread" in body
    assert "|Openen>" in body
    assert blocks[-1]["elements"][0]["text"] == (
        "…en nog 5 — de hele lijst staat op het tabblad Home van Kairos."
    )
    assert ENGLISH.search(body) is None, ENGLISH.search(body)


@pytest.mark.parametrize(
    ("sent", "dutch"),
    [
        (datetime(2026, 3, 4, 11, 59, tzinfo=UTC), "12:59"),
        (datetime(2026, 3, 3, 22, 30, tzinfo=UTC), "gisteren 23:30"),
        (datetime(2026, 3, 1, 9, 0, tzinfo=UTC), "zo 10:00"),
        (datetime(2026, 2, 25, 9, 0, tzinfo=UTC), "wo 25 feb 10:00"),
    ],
)
def test_when_a_mention_was_sent_reads_in_dutch(sent: datetime, dutch: str) -> None:
    with speaking("nl"):
        assert sent_when(sent, AMS, NOW) == dutch


@pytest.mark.parametrize(
    ("reasons", "holidays", "dutch"),
    [
        ({LEAVE}, 1, "met verlof"),
        ({HOLIDAY}, 2, "vrij op feestdagen"),
        ({FOCUSING, OFF_HOURS}, 1, "aan het focussen of buiten je werktijden"),
        (
            {OFF_HOURS, LEAVE, HOLIDAY},
            1,
            "met verlof, vrij op een feestdag of buiten je werktijden",
        ),
        (set(), 1, "weg"),
    ],
)
def test_why_mentions_waited_in_dutch(reasons: set[str], holidays: int, dutch: str) -> None:
    with speaking("nl"):
        assert reason_text(reasons, holidays=holidays) == dutch
    assert unknown_reason() == "away"  # and English outside speaking("nl")


def test_saved_messages_and_their_lines_in_dutch() -> None:
    saved = [item(1, kind="saved"), item(2, kind="saved")]
    with speaking("nl"):
        one, _ = digest_message(group_items(saved[:1]), tz=AMS, now=NOW, total=1, reason="saved")
        two, blocks = digest_message(group_items(saved), tz=AMS, now=NOW, total=2, reason="saved")
        forgotten = item_line(
            DigestItem(**{**item(3).__dict__, "sender_id": ""}), AMS, NOW, tags=False
        )
    assert one == "Het bericht dat je bewaarde om later te lezen."
    assert two == "De 2 berichten die je bewaarde om later te lezen."
    assert "(bewaard om later te lezen)" in texts(blocks)
    assert forgotten.startswith("• een bericht · 12:30")


def test_conversations_without_a_channel_name_in_dutch() -> None:
    with speaking("nl"):
        assert conversation_ref("D0DM") == "Een privébericht"
        assert conversation_ref("bad>id") == "Een gesprek"
        assert conversation_ref("C0ROOM") == "<#C0ROOM>"


def test_the_digest_after_leave_in_dutch() -> None:
    items = [item(n, "C0DESIGN", minutes_ago=600 - n) for n in range(1, 8)]
    items += [item(20, "D0ANN"), item(21, "C0ALL", kind="broadcast")]
    items += [item(22, "C0DESIGN", kind="usergroup"), item(23, thread_ts="1772500000.000001")]
    with speaking("nl"):
        text, blocks = digest_message(
            group_items(items), tz=AMS, now=NOW, total=40, reason=reason_text({LEAVE}), away=True
        )
        lines = away_home_lines(items, tz=AMS, now=NOW, limit=5, total=len(items))
    assert_valid_message(text, blocks)
    headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert headers == [
        "Direct aan jou gericht · 8",
        "In threads · 1",
        "Groepsvermeldingen · 1",
        "@here en @channel · 1",
    ]
    body = texts(blocks)
    assert "*<#C0DESIGN>* · 7 vermeldingen" in body
    assert "*Een privébericht* · 1 bericht" in body
    assert "…en nog 4 in <#C0DESIGN>" in body
    assert blocks[-1]["elements"][0]["text"] == (
        "…en nog 29 vermeldingen. De hele lijst, in deze volgorde, staat op het tabblad Home "
        "van Kairos."
    )
    assert ENGLISH.search(body) is None, ENGLISH.search(body)
    assert lines[0] == "*Direct aan jou gericht · 8*"
    assert lines[-1] == "…en nog 6 die hier niet staan."


def test_read_after_focus_answers_in_dutch() -> None:
    tomorrow = NOW + timedelta(days=1)
    with speaking("nl"):
        already = saved_text(Saved(None, away_now=False, already=True, tz=AMS), NOW)
        back = saved_text(Saved(None, away_now=True, already=False, tz=AMS), NOW)
        away = saved_text(Saved(tomorrow, away_now=True, already=False, tz=AMS), NOW)
        later = saved_text(
            Saved(NOW + timedelta(hours=4), away_now=False, already=False, tz=AMS), NOW
        )
    assert already.startswith("Dat bericht wacht al op je volgende overzicht.")
    assert back == "Bewaard voor later: het zit in je volgende overzicht, als je terug bent."
    assert (
        away
        == "Bewaard voor later: het zit in je overzicht van morgen 13:00, als je weer vrij bent."
    )
    assert later.endswith("en uiterlijk 17:00.")


def _largest(language: str) -> tuple[str, list[dict[str, Any]]]:
    """The largest digest Kairos sends: mentions past what fits, every meeting notice with the
    longest agenda, the could-it-be-async question and every reminder, as _send builds it."""
    items = [
        item(n, f"C{n % 40:04d}", minutes_ago=n, thread_ts=None, text="<!here> & <@U0ANN> " * 12)
        for n in range(1, 301)
    ]
    notices = [
        Notice(f"series-{n}", "Kwartaalplanning " * 20, NOW + timedelta(hours=n), None)
        for n in range(PER_DIGEST - 1)
    ]
    notices.append(Notice("series-agenda", "Retro " * 40, NOW + timedelta(days=3), "x" * 5000))
    reminders = [
        Reminder(
            n,
            "C0123456789",
            f"1772600000.{n:06d}",
            ResponseTime(ResponseKind.NEXT_WORKING_DAY, 3),
            LINK,
        )
        for n in range(MAX_PER_REMINDER)
    ]
    notice = notice_room(len(notices))
    reminder = reminder_room(len(reminders))
    reserve = (
        notice[0] + reminder[0] + QUESTION_BLOCKS,
        notice[1] + reminder[1] + QUESTION_CHARS,
    )
    with speaking(language):
        reason = reason_text({LEAVE, HOLIDAY, FOCUSING, OFF_HOURS}, holidays=2)
        text, blocks = digest_message(
            group_items(items), tz=AMS, now=NOW, total=len(items), reason=reason, reserve=reserve
        )
        blocks += notice_blocks(notices, tz=AMS)
        blocks += question_blocks(
            "series-q", NOW - timedelta(hours=1), "Weekstart " * 30, via="digest"
        )
        blocks += reminder_blocks(reminders)
    # As Slack gets them: a button's action id may be a StrEnum, which JSON writes as a string.
    return text, json.loads(json.dumps(blocks))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_largest_digest_keeps_to_slacks_limits(language: str) -> None:
    text, blocks = _largest(language)
    shown = assert_valid_message(text, blocks)
    assert len(blocks) <= MAX_BLOCKS_MESSAGE
    assert sum(len(t) for t in shown) <= MAX_MESSAGE_BLOCK_TEXT


def test_the_largest_dutch_digest_has_no_english_of_the_digest_left() -> None:
    text, blocks = _largest("nl")
    assert text == (
        "Terwijl je met verlof, vrij op feestdagen, aan het focussen of buiten je werktijden "
        "was, kwamen er 300 vermeldingen binnen."
    )
    # The digest's own blocks end with its "…en nog N" line; meetings and the rest follow.
    more = next(i for i, b in enumerate(blocks) if b["type"] == "context")
    assert blocks[more]["elements"][0]["text"].startswith("…en nog ")
    digest = texts(blocks[: more + 1])
    assert ENGLISH.search(digest) is None, ENGLISH.search(digest)
