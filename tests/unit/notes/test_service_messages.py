"""What the notes service says beyond the groundwork's messages: an owner's new actions (DM
and digest), notes that did not reach the channel; in English and Dutch, within Slack's
limits; and the hand-over of recorded notes to the one post that takes them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.blocks import MAX_BLOCKS_MESSAGE, MAX_SECTION_TEXT
from bot.demo.fake_slack.slack_messages import block_problems
from bot.i18n import speaking
from bot.notes.messages import (
    NotesAction,
    NotPosted,
    digest_actions,
    digest_actions_room,
    new_actions,
    notes_not_posted,
)
from bot.notes.model import MAX_ACTION_CHARS, MAX_ACTIONS, ActionDraft, ActionItem, Notes
from tests.support.english_left import english_left
from tests.unit.view_checks import check_blocks, texts

BOB = "U0BOB"
LINK = "https://slack.example/archives/C0TEAM/p1"
ONE = (ActionItem(7, "Write the release notes", BOB, date(2026, 11, 25)), "C0TEAM", LINK)
NOTES = Notes(
    "We ship on Friday", "No more features", (ActionDraft("Book the room", BOB, None),),
    "https://docs.example.com/n", "C0TEAM",
)  # fmt: skip


def check_message(blocks: list[dict[str, Any]]) -> None:
    assert block_problems(blocks, limit=MAX_BLOCKS_MESSAGE, pointer="/blocks") == []
    check_blocks(blocks)


def test_an_owner_hears_of_one_action_and_of_several() -> None:
    one = new_actions([ONE])
    assert one.text == "You have a new action from meeting notes:"
    said = texts(one.blocks)
    assert "• Write the release notes, due Wed 25 Nov, from the notes in <#C0TEAM>" in said
    assert f"<{LINK}|Open the notes>" in said
    assert one.blocks[1]["accessory"]["action_id"] == NotesAction.DONE
    assert one.blocks[1]["accessory"]["value"] == "7"
    check_message(one.blocks)
    many = [
        (ActionItem(n, "a" * MAX_ACTION_CHARS, BOB, date(2026, 12, 1)), "C0TEAM", LINK)
        for n in range(MAX_ACTIONS)
    ]
    several = new_actions(many)
    assert several.text == f"You have {MAX_ACTIONS} new actions from meeting notes:"
    check_message(several.blocks)


def test_a_digest_keeps_room_for_the_actions_it_carries() -> None:
    assert digest_actions([]) == []
    assert digest_actions_room(0) == (0, 0)
    blocks = digest_actions([ONE, ONE])
    assert blocks[0] == {"type": "divider"}
    assert texts(blocks).startswith("*2 new actions for you* from meeting notes:")
    room_blocks, room_chars = digest_actions_room(2)
    assert len(blocks) <= room_blocks
    assert len(texts(blocks)) <= room_chars
    check_message(blocks)


@pytest.mark.parametrize("why", list(NotPosted))
def test_notes_not_posted_say_why_and_offer_the_buttons_again(why: NotPosted) -> None:
    message = notes_not_posted(42, "Weekly sync", "G0SECRET", why, NOTES)
    said = texts(message.blocks)
    assert "<#G0SECRET>" in message.text
    assert "> We ship on Friday" in said
    assert "> • Book the room" in said
    buttons = [e["action_id"] for e in message.blocks[-1]["elements"]]
    assert buttons == ["notes.post", "notes.not_this_time", "notes.never"]
    check_message(message.blocks)


def test_what_was_written_is_quoted_safely_and_within_limits() -> None:
    long = Notes("<@U0X> & " + "s" * 2800, "d" * 2800, (), None, "C0TEAM")
    message = notes_not_posted(42, "Weekly sync", "C0TEAM", NotPosted.LOST, long)
    assert "&lt;@U0X&gt; &amp;" in texts(message.blocks)
    assert all(len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in message.blocks if "text" in b)
    check_message(message.blocks)


def test_the_service_messages_in_dutch() -> None:
    with speaking("nl"):
        one = new_actions([ONE])
        several = new_actions([ONE, ONE])
        digest = digest_actions([ONE])
        cannot = notes_not_posted(42, "Weekly sync", "G0SECRET", NotPosted.CANNOT_POST, NOTES)
        lost = notes_not_posted(42, "Weekly sync", "C0TEAM", NotPosted.LOST, None)
    assert one.text == "Er staat een nieuw actiepunt voor je in de notulen van een meeting:"
    assert several.text.startswith("Er staan 2 nieuwe actiepunten")
    assert "uiterlijk wo 25 nov" in texts(one.blocks)
    assert "*Een nieuw actiepunt voor jou*" in texts(digest)
    assert "nodig me daar uit" in cannot.text
    assert "Wat je schreef:" in texts(cannot.blocks)
    assert "Wil je ze opnieuw delen?" in lost.text
    english = notes_not_posted(42, "Weekly sync", "G0SECRET", NotPosted.CANNOT_POST, NOTES)
    data = (
        "Weekly sync",
        "We ship on Friday",
        "No more features",
        "Book the room",
        NOTES.link or "",
    )
    assert english_left(texts(english.blocks), texts(cannot.blocks), 3, leave_out=data) == []
    for message in (one, several, cannot, lost):
        check_message(message.blocks)
