"""What Kairos says about meeting notes, in Dutch: the same messages, Dutch words and dates,
no English sentence left in the largest of them, and Slack's limits (Dutch runs longer)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from bot.blocks import MAX_BLOCKS_MESSAGE
from bot.demo.fake_slack.slack_messages import block_problems
from bot.i18n import speaking
from bot.notes.messages import (
    NotesAction,
    action_done,
    action_line,
    action_reminder,
    posted_notes,
    prompt_answered,
    prompt_dm,
)
from bot.notes.modal import notes_errors, notes_modal
from bot.notes.model import (
    CHANNEL,
    LINK,
    MAX_ACTION_CHARS,
    MAX_ACTIONS,
    SUMMARY,
    ActionItem,
    Answer,
    Notes,
    NotesInputError,
    NoteTaker,
    Problem,
    action_field,
)
from tests.unit.view_checks import check_blocks, check_modal, texts

BOB, ANA = "U0BOB", "U0ANA"
# English words that would give away an untranslated sentence ("meeting" is Dutch too).
ENGLISH = ("notes", "Post", "Summary", "Decisions", "Actions", "due", "Owner", "action",
           "channel", "this", "Done", "today", "Pick", "the")  # fmt: skip


def check_message(blocks: list[dict[str, Any]]) -> None:
    assert block_problems(blocks, limit=MAX_BLOCKS_MESSAGE, pointer="/blocks") == []
    check_blocks(blocks)


def english_left(text: str) -> list[str]:
    """English words in text outside ids, links and what the test itself put in."""
    bare = re.sub(r"<[^>]*>", "", text).replace("Weekly sync", "")
    return [w for w in ENGLISH if re.search(rf"\b{w}\b", bare)]


def test_the_prompt_in_dutch() -> None:
    with speaking("nl"):
        message = prompt_dm(42, "Weekly sync", NoteTaker.ROTATING)
    said = texts(message.blocks)
    assert "Deel de notulen van *Weekly sync*" in said
    assert "aan de beurt" in said
    assert [b["text"]["text"] for b in message.blocks[-1]["elements"]] == [
        "Notulen delen", "Deze keer niet", "Nooit voor deze meeting",
    ]  # fmt: skip
    assert english_left(said) == []
    check_message(message.blocks)


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (Answer.NEVER, "ik vraag niet meer om notulen"),
        (Answer.NOT_THIS_TIME, "deze keer geen notulen"),
        (None, "staan in <#C0TEAM>"),
    ],
)
def test_the_answered_prompt_in_dutch(answer: Answer | None, said: str) -> None:
    with speaking("nl"):
        message = prompt_answered("Weekly sync", answer, "C0TEAM")
    assert said in message.text
    assert english_left(message.text) == []


def test_the_largest_posted_notes_in_dutch() -> None:
    notes = Notes("s" * 2800, "d" * 2800, (), "https://docs.example.com/n", "C0TEAM")
    items = [
        ActionItem(n + 1, "a" * MAX_ACTION_CHARS, BOB, date(2026, 12, n + 1))
        for n in range(MAX_ACTIONS - 1)
    ] + [ActionItem(99, "klaar", BOB, None, ANA, done=True)]
    with speaking("nl"):
        message = posted_notes("Weekly sync", notes, items, ANA)
    said = texts(message.blocks)
    assert "Notulen: Weekly sync" in said
    for heading in ("*Samenvatting*", "*Besluiten*", "*Actiepunten*"):
        assert heading in said
    assert "uiterlijk di 1 dec" in said
    assert "~klaar~ (<@U0BOB>) · afgerond door <@U0ANA>" in said
    assert "Gedeeld door <@U0ANA>" in said
    buttons = [b["accessory"]["text"]["text"] for b in message.blocks if "accessory" in b]
    assert buttons == ["Afgerond"] * (MAX_ACTIONS - 1)
    assert english_left(said.replace("s" * 2800, "").replace("d" * 2800, "")) == []
    check_message(message.blocks)


def test_the_modal_in_dutch_stays_within_limits() -> None:
    with speaking("nl"):
        view = notes_modal(42, "Weekly sync " * 30, "C0TEAM")
    check_modal(view)
    assert view["title"]["text"] == "Notulen"
    assert view["submit"]["text"] == "Delen"
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels[:2] == ["Samenvatting", "Besluiten"]
    assert "Eigenaar van actiepunt 10" in labels
    assert english_left(texts(view["blocks"])) == []


def test_the_refusals_in_dutch() -> None:
    problems = {
        SUMMARY: Problem.TOO_LONG,
        action_field(0, "owner"): Problem.NO_OWNER,
        action_field(0, "due"): Problem.PAST_DUE,
        action_field(1, "text"): Problem.NO_TEXT,
        LINK: Problem.BAD_LINK,
        CHANNEL: Problem.NO_CHANNEL,
    }
    with speaking("nl"):
        errors = notes_errors(NotesInputError(problems))
        empty = notes_errors(NotesInputError({SUMMARY: Problem.EMPTY}))
    assert errors[SUMMARY] == "Houd het bij maximaal 2.800 tekens."
    assert errors[action_field(0, "owner")] == "Kies wie dit actiepunt oppakt."
    assert "niets om te delen" in empty[SUMMARY]
    for said in [*errors.values(), *empty.values()]:
        assert english_left(said) == []


def test_the_reminder_and_digest_line_in_dutch() -> None:
    item = ActionItem(5, "Release notes schrijven", BOB, date(2026, 11, 24))
    with speaking("nl"):
        reminder = action_reminder(item, "C0TEAM", "https://e.example/p")
        done = action_done(item)
        line = action_line(item, "C0TEAM", "https://e.example/p")
    assert "Je actiepunt moet vandaag af" in reminder.text
    assert "uit de notulen in <#C0TEAM> · <https://e.example/p|Open de notulen>" in texts(
        reminder.blocks
    )
    assert reminder.blocks[0]["accessory"]["action_id"] == NotesAction.DONE
    assert done.text.startswith("Afgerond: ~")
    assert line == (
        "• Release notes schrijven, uiterlijk di 24 nov, uit de notulen in <#C0TEAM>"
        " · <https://e.example/p|Open de notulen>"
    )
    check_message(reminder.blocks)
