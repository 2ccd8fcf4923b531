"""What Kairos says about meeting notes, in English: the prompt and its buttons, the modal
read back (and its refusals), the posted notes with Done (rebuilt from what is stored), the
reminder and the digest line; the largest case within Slack's limits."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.blocks import MAX_BLOCKS_MESSAGE, MAX_SECTION_TEXT
from bot.demo.fake_slack.slack_messages import block_problems
from bot.notes.messages import (
    ACTION_BLOCK,
    PROMPT_EVENT,
    NotesAction,
    NotesView,
    action_done,
    action_line,
    action_reminder,
    dm_metadata,
    posted_notes,
    prompt_answered,
    prompt_dm,
    updated_notes,
)
from bot.notes.modal import INPUT, notes_errors, notes_modal, parse_notes
from bot.notes.model import (
    CHANNEL,
    DECISIONS,
    LINK,
    MAX_ACTION_CHARS,
    MAX_ACTIONS,
    MAX_DECISIONS_CHARS,
    MAX_SUMMARY_CHARS,
    SUMMARY,
    ActionItem,
    Answer,
    Notes,
    NotesInputError,
    NoteTaker,
    PostedNotes,
    action_field,
)
from tests.unit.view_checks import check_blocks, check_modal, texts

TODAY = date(2026, 11, 23)
BOB, CAROL, ANA = "U0BOB", "U0CAROL", "U0ANA"
LONG_TITLE = "Quarterly planning <with> the whole & extended team " * 8


def check_message(blocks: list[dict[str, Any]]) -> list[str]:
    """A message's blocks within Slack's limits; returns their action ids."""
    assert block_problems(blocks, limit=MAX_BLOCKS_MESSAGE, pointer="/blocks") == []
    return check_blocks(blocks)


def largest_notes() -> tuple[Notes, list[ActionItem]]:
    notes = Notes(
        summary="s" * MAX_SUMMARY_CHARS,
        decisions="d&<>" * (MAX_DECISIONS_CHARS // 4),
        actions=(),
        link="https://docs.example.com/" + "x" * 900,
        channel_id="C0TEAM",
    )
    items = [
        ActionItem(n + 1, "a<&>" * (MAX_ACTION_CHARS // 4), BOB, date(2026, 12, n + 1))
        for n in range(MAX_ACTIONS)
    ]
    return notes, items


def state(**fields: dict[str, Any]) -> dict[str, Any]:
    """A view's state.values with these inputs filled in (block id -> element value)."""
    return {block: {INPUT: value} for block, value in fields.items()}


# --- the prompt --------------------------------------------------------------------------


def test_the_prompt_names_the_meeting_and_offers_three_buttons() -> None:
    message = prompt_dm(42, "Weekly <sync>", NoteTaker.ORGANIZER)
    assert message.text == "Post the notes of Weekly &lt;sync&gt;"
    assert "Post the notes of *Weekly &lt;sync&gt;*" in texts(message.blocks)
    assert "You organized this meeting." in texts(message.blocks)
    assert check_message(message.blocks) == [
        NotesAction.POST, NotesAction.NOT_THIS_TIME, NotesAction.NEVER,
    ]  # fmt: skip
    buttons = message.blocks[-1]["elements"]
    assert {b["value"] for b in buttons} == {"42"}


@pytest.mark.parametrize(
    ("why", "said"),
    [
        (NoteTaker.ROTATING, "It's your turn"),
        (NoteTaker.FIXED, "You're the note-taker"),
    ],
)
def test_the_prompt_says_why_this_person(why: NoteTaker, said: str) -> None:
    assert said in texts(prompt_dm(1, "Standup", why).blocks)


def test_the_prompt_of_the_longest_title_stays_within_limits() -> None:
    check_message(prompt_dm(10**9, LONG_TITLE, NoteTaker.ROTATING).blocks)


@pytest.mark.parametrize(
    ("answer", "channel", "said"),
    [
        (Answer.NEVER, None, "I won't ask for notes of *Standup* again"),
        (Answer.NOT_THIS_TIME, None, "no notes of *Standup* this time"),
        (None, "C0TEAM", "are posted in <#C0TEAM>"),
        (None, "not-a-channel", "The notes of *Standup* are posted."),
    ],
)
def test_the_prompt_once_answered(answer: Answer | None, channel: str | None, said: str) -> None:
    message = prompt_answered("Standup", answer, channel)
    assert said in message.text
    assert check_message(message.blocks) == []


# --- the modal ---------------------------------------------------------------------------


def test_the_modal_has_every_input_and_offers_the_series_channel() -> None:
    view = notes_modal(42, LONG_TITLE, "C0TEAM")
    assert view["callback_id"] == NotesView.NOTES
    assert view["private_metadata"] == "42"
    actions = check_modal(view)
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    for name in (SUMMARY, DECISIONS, LINK, CHANNEL):
        assert name in blocks
    for row in range(MAX_ACTIONS):
        assert blocks[action_field(row, "owner")]["element"]["type"] == "users_select"
        assert blocks[action_field(row, "due")]["element"]["type"] == "datepicker"
    assert actions == [INPUT] * (4 + 3 * MAX_ACTIONS)
    assert blocks[CHANNEL]["element"]["initial_conversation"] == "C0TEAM"
    assert blocks[CHANNEL].get("optional") is not True


def test_the_first_time_the_channel_is_asked() -> None:
    view = notes_modal(42, "Standup", None)
    check_modal(view)
    channel = next(b for b in view["blocks"] if b.get("block_id") == CHANNEL)
    assert "initial_conversation" not in channel["element"]


def test_the_modal_is_read_back() -> None:
    submitted = state(
        **{
            SUMMARY: {"type": "plain_text_input", "value": "We agreed."},
            DECISIONS: {"type": "plain_text_input", "value": None},
            action_field(0, "text"): {"type": "plain_text_input", "value": "Ship it"},
            action_field(0, "owner"): {"type": "users_select", "selected_user": BOB},
            action_field(0, "due"): {"type": "datepicker", "selected_date": "2026-11-30"},
            action_field(1, "text"): {"type": "plain_text_input", "value": "Tell Carol"},
            action_field(1, "owner"): {"type": "users_select", "selected_user": CAROL},
            action_field(1, "due"): {"type": "datepicker", "selected_date": None},
            LINK: {"type": "plain_text_input", "value": "https://docs.example.com/n"},
            CHANNEL: {"type": "conversations_select", "selected_conversation": "C0TEAM"},
        }
    )
    notes = parse_notes(submitted, today=TODAY)
    assert notes.summary == "We agreed."
    assert notes.decisions == ""
    assert [(a.text, a.owner_id, a.due_on) for a in notes.actions] == [
        ("Ship it", BOB, date(2026, 11, 30)),
        ("Tell Carol", CAROL, None),
    ]
    assert (notes.link, notes.channel_id) == ("https://docs.example.com/n", "C0TEAM")


def test_the_modal_refuses_what_is_wrong_next_to_each_input() -> None:
    submitted = state(
        **{
            action_field(0, "text"): {"value": "Nobody owns me"},
            action_field(1, "text"): {"value": "Too late"},
            action_field(1, "owner"): {"selected_user": BOB},
            action_field(1, "due"): {"selected_date": "2026-11-22"},
            LINK: {"value": "docs.example.com"},
            CHANNEL: {"selected_conversation": "C0TEAM"},
        }
    )
    with pytest.raises(NotesInputError) as raised:
        parse_notes(submitted, today=TODAY)
    errors = notes_errors(raised.value)
    assert errors == {
        action_field(0, "owner"): "Pick who owns this action.",
        action_field(1, "due"): "That date has passed: pick today or a later day.",
        LINK: "Paste a web address that starts with https:// or http://.",
    }


def test_an_empty_modal_is_refused() -> None:
    submitted = state(**{CHANNEL: {"selected_conversation": "C0TEAM"}})
    with pytest.raises(NotesInputError) as raised:
        parse_notes(submitted, today=TODAY)
    assert notes_errors(raised.value) == {
        SUMMARY: "There is nothing to post yet: add a summary, a decision, an action or a link."
    }


def test_a_forged_state_is_read_as_nothing() -> None:
    forged = {SUMMARY: "not an object", action_field(0, "owner"): {INPUT: {"selected_user": 5}}}
    with pytest.raises(NotesInputError) as raised:
        parse_notes(forged, today=TODAY)
    assert set(raised.value.problems) == {CHANNEL}


def test_too_long_says_the_limit() -> None:
    submitted = state(
        **{SUMMARY: {"value": "x" * 2801}, CHANNEL: {"selected_conversation": "C0TEAM"}}
    )
    with pytest.raises(NotesInputError) as raised:
        parse_notes(submitted, today=TODAY)
    assert notes_errors(raised.value) == {SUMMARY: "Keep this to 2,800 characters."}


# --- the notes in the channel ------------------------------------------------------------


def test_the_posted_notes_show_each_action_with_owner_due_date_and_done() -> None:
    notes = Notes("We shipped.", "Friday release", (), "https://docs.example.com/n", "C0TEAM")
    items = [
        ActionItem(5, "Write the note", BOB, date(2026, 11, 24)),
        ActionItem(6, "Tell support", CAROL, None),
    ]
    message = posted_notes("Weekly sync", notes, items, ANA)
    said = texts(message.blocks)
    assert message.text == "Notes of Weekly sync"
    assert "Notes: Weekly sync" in said
    assert "Posted by <@U0ANA> · <https://docs.example.com/n|Notes document>" in said
    assert "*Summary*\nWe shipped." in said
    assert "*Decisions*\nFriday release" in said
    assert "Write the note · <@U0BOB>, due Tue 24 Nov" in said
    assert "Tell support · <@U0CAROL>" in said
    assert check_message(message.blocks) == [NotesAction.DONE, NotesAction.DONE]
    done_values = [b["accessory"]["value"] for b in message.blocks if "accessory" in b]
    assert done_values == ["5", "6"]


def test_done_strikes_the_action_through_and_keeps_the_rest() -> None:
    notes = Notes("Kept as posted", "", (), None, "C0TEAM")
    items = [ActionItem(5, "Write", BOB, None), ActionItem(6, "Tell", CAROL, None)]
    blocks = posted_notes("Sync", notes, items, ANA).blocks
    done = PostedNotes(
        1, "C0TEAM", "1.2", (items[0], ActionItem(6, "Tell", CAROL, None, CAROL, done=True))
    )
    after = updated_notes(blocks, done)
    said = texts(after)
    assert "Kept as posted" in said
    assert "~Tell~ (<@U0CAROL>) · done by <@U0CAROL>" in said
    assert check_message(after) == [NotesAction.DONE]
    assert [b for b in after if b.get("block_id") == f"{ACTION_BLOCK}5"] == [
        b for b in blocks if b.get("block_id") == f"{ACTION_BLOCK}5"
    ]


def test_the_largest_notes_stay_within_slacks_limits() -> None:
    notes, items = largest_notes()
    message = posted_notes(LONG_TITLE, notes, items, ANA)
    assert check_message(message.blocks) == [NotesAction.DONE] * MAX_ACTIONS
    header = message.blocks[0]["text"]["text"]
    assert len(header) <= 150
    for block in message.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION_TEXT
    everything_done = PostedNotes(
        1, "C0TEAM", "1.2", tuple(ActionItem(i.action_id, i.text, i.owner_id, i.due_on,
                                              CAROL, done=True) for i in items)
    )  # fmt: skip
    assert check_message(updated_notes(message.blocks, everything_done)) == []


# --- the owner's reminder and digest line ------------------------------------------------


def test_the_reminder_names_the_action_and_where_the_notes_are() -> None:
    item = ActionItem(5, "Write the <note>", BOB, TODAY)
    message = action_reminder(item, "C0TEAM", "https://kairos.slack.com/archives/C0TEAM/p1")
    said = texts(message.blocks)
    assert "Your action is due today: *Write the &lt;note&gt;*" in said
    assert "from the notes in <#C0TEAM> · <https://kairos.slack.com/archives/C0TEAM/p1|" in said
    assert check_message(message.blocks) == [NotesAction.DONE]
    assert check_message(action_done(item).blocks) == []


def test_the_largest_reminder_stays_within_limits() -> None:
    _, items = largest_notes()
    check_message(action_reminder(items[0], "C0TEAM", "https://x.example/" + "p" * 900).blocks)


def test_the_digest_line() -> None:
    item = ActionItem(5, "Write the note", BOB, date(2026, 11, 24))
    assert action_line(item, "C0TEAM", None) == (
        "• Write the note, due Tue 24 Nov, from the notes in <#C0TEAM>"
    )
    undated = ActionItem(6, "Tell support", BOB, None)
    assert action_line(undated, "C0TEAM", "https://e.example/p") == (
        "• Tell support, from the notes in <#C0TEAM> · <https://e.example/p|Open the notes>"
    )


def test_the_dm_metadata_names_the_row_for_a_resend_check() -> None:
    assert dm_metadata(PROMPT_EVENT, "prompt_id", 42) == {
        "event_type": "kairos_notes_prompt",
        "event_payload": {"prompt_id": 42},
    }
