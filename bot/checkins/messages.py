"""What a check-in round says (pure Block Kit): the opening post in the channel, the private
ask and its one reminder, the answer modal and what its submission says, the answers posted
in the thread, and the wrap-up.

A channel post speaks the channel's language, a DM the person's: the caller sets it
(`speaking`). Nobody is ever named for not answering.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import MAX_BLOCKS_MESSAGE, MAX_SECTION_TEXT, Rendered, clip, modal, user_ref
from bot.checkins.model import MAX_ANSWER_CHARS, names_a_blocker
from bot.checkins.words import due_text, question_text
from bot.i18n import _, ngettext
from bot.ids import Action, View

ANSWER = "answer_{n}"  # the answer modal's block ids: answer_1 … answer_5
INPUT = "value"
_ANSWER_BLOCK = re.compile(r"answer_([0-9]{1,3})")
MAX_TITLE = 200
# A wrap-up is short: a blocker's first words (the whole answer is in the thread above),
# and at most this many blockers, the rest counted.
MAX_BLOCKER_CHARS = 300
MAX_BLOCKERS = 20
MAX_BUTTON_VALUE = 2000


def escaped(text: str) -> str:
    """Text as mrkdwn shows it literally (a person's words cannot ping a channel)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pieces(raw: str, limit: int) -> list[str]:
    """Raw text escaped for mrkdwn, cut into pieces of at most `limit` characters, at a
    line break or space where one is near, and never inside an `&amp;`."""
    found: list[str] = []
    current: list[str] = []
    size = 0
    for char in raw:
        piece = escaped(char)
        if size + len(piece) > limit:
            cut = _break(current)
            found.append("".join(current[:cut]).rstrip())
            current = current[cut:]
            size = sum(len(p) for p in current)
        current.append(piece)
        size += len(piece)
    found.append("".join(current).rstrip())
    return [text for text in found if text.strip()] or [""]


def _break(current: list[str]) -> int:
    """Where to cut: after the last whitespace of the final fifth, else at the end."""
    floor = len(current) * 4 // 5
    for index in range(len(current) - 1, floor, -1):
        if current[index].isspace():
            return index + 1
    return len(current)


def shown_title(title: str) -> str:
    """A meeting's title as a message shows it (escaped, clipped, never empty)."""
    return escaped(clip(title.strip() or _("Untitled meeting"), MAX_TITLE))


def section(text: str) -> dict[str, Any]:
    """A mrkdwn section, clipped to Slack's limit."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}


def context(text: str) -> dict[str, Any]:
    """A context line of mrkdwn."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def button(label: str, action: str, value: str, style: str | None = None) -> dict[str, Any]:
    """A button carrying a value back."""
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action,
        "value": clip(value, MAX_BUTTON_VALUE),
    }
    if style:
        button["style"] = style
    return button


def opening_post(title: str, due_at: datetime, zone: ZoneInfo, people: int) -> Rendered:
    """The round's opening message in the channel; answers arrive in its thread."""
    due = due_text(due_at, zone, with_zone=True)
    lead = _(
        "Check-in for *{title}*: answers in this thread by {due}.",
        title=shown_title(title),
        due=due,
    )
    note = ngettext(
        "I ask {n} person privately, in their own working hours, and post the answer here.",
        "I ask {n} people privately, each in their own working hours, and post the answers here.",
        people,
    )
    return Rendered(lead, [section(lead), context(note)])


def _ask_buttons(value: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [
            button(_("Answer"), Action.CHECKIN_ANSWER, value, style="primary"),
            button(_("Skip this round"), Action.CHECKIN_SKIP, value),
        ],
    }


def ask_message(
    title: str, channel_id: str, due_at: datetime, zone: ZoneInfo, value: str
) -> Rendered:
    """The private ask: which check-in, by when (in the person's zone), and two buttons."""
    due = due_text(due_at, zone, with_zone=False)
    lead = _(
        "Check-in for *{title}*: your answers, please, by {due}. They are posted in the "
        "thread in <#{channel}> under your name.",
        title=shown_title(title), due=due, channel=channel_id,
    )  # fmt: skip
    return Rendered(lead, [section(lead), _ask_buttons(value)])


def reminder_message(
    title: str, channel_id: str, due_at: datetime, zone: ZoneInfo, value: str
) -> Rendered:
    """The one gentle reminder to someone who has not answered yet."""
    due = due_text(due_at, zone, with_zone=False)
    lead = _(
        "A gentle reminder: the check-in for *{title}* in <#{channel}> closes on {due}. A few "
        "words are enough, or skip this round.",
        title=shown_title(title), channel=channel_id, due=due,
    )  # fmt: skip
    note = _("This is the only reminder.")
    return Rendered(lead, [section(lead), _ask_buttons(value), context(note)])


def answered_message(title: str, channel_id: str) -> Rendered:
    """The ask once answered (its buttons gone)."""
    text = _(
        "Thank you! Your answers to *{title}* are in the thread in <#{channel}>.",
        title=shown_title(title), channel=channel_id,
    )  # fmt: skip
    return Rendered(text, [section(text)])


def skipped_message(title: str) -> Rendered:
    """The ask once skipped (its buttons gone)."""
    text = _("You skipped this round of *{title}*. Until the next one!", title=shown_title(title))
    return Rendered(text, [section(text)])


def answer_modal(
    title: str,
    channel_id: str,
    questions: Sequence[str],
    blocker: int | None,
    private_metadata: str,
) -> dict[str, Any]:
    """The modal with one input per question; `blocker` marks the question asking for them."""
    intro = _(
        "*{title}*\nYour answers are posted in the thread in <#{channel}> under your name. "
        "Leave a question empty if you have nothing to say.",
        title=shown_title(title), channel=channel_id,
    )  # fmt: skip
    blocks: list[dict[str, Any]] = [section(intro)]
    for index, question in enumerate(questions):
        block: dict[str, Any] = {
            "type": "input",
            "block_id": ANSWER.format(n=index + 1),
            "label": {"type": "plain_text", "text": clip(question_text(question), 2000)},
            "element": {
                "type": "plain_text_input",
                "action_id": INPUT,
                "multiline": True,
                "max_length": MAX_ANSWER_CHARS,
            },
            "optional": True,
        }
        if index == blocker:
            hint = _("Blockers go to the top of the wrap-up, so someone can help.")
            block["hint"] = {"type": "plain_text", "text": hint}
        blocks.append(block)
    # TRANSLATORS: the answer modal's title and button (Slack allows 24 characters each).
    return modal(
        View.CHECKIN_ANSWERS,
        _("Check-in"),
        blocks,
        submit=_("Post answers"),
        private_metadata=private_metadata,
    )


def parse_answers(view_state: object) -> tuple[str, ...] | dict[str, str]:
    """The answers in the order of the questions ("" for one left empty), or what is wrong
    by block id (for Slack's `response_action: errors`)."""
    numbered: list[tuple[int, str, str]] = []
    for block_id, block in (view_state if isinstance(view_state, dict) else {}).items():
        found = _ANSWER_BLOCK.fullmatch(block_id)
        element = block.get(INPUT) if found and isinstance(block, dict) else None
        if found and isinstance(element, dict):
            typed = element.get("value")
            numbered.append(
                (int(found.group(1)), block_id, typed if isinstance(typed, str) else "")
            )
    numbered.sort()
    errors = {
        block_id: _("Keep an answer to 2,000 characters (this one has {count}).", count=len(text))
        for _n, block_id, text in numbered
        if len(text.strip()) > MAX_ANSWER_CHARS
    }
    answers = tuple(text.strip() for _n, _block, text in numbered)
    if not any(answers):
        first = numbered[0][1] if numbered else ANSWER.format(n=1)
        errors[first] = _("Write at least one answer, or skip this round.")
    return errors or answers


def answer_post(user_id: str, questions: Sequence[str], answers: Sequence[str]) -> Rendered:
    """A person's answers in the round's thread, posted by Kairos and clearly theirs; an
    answer too long for one section goes on in the next."""
    lead = _("{user} answered:", user=user_ref(user_id))
    blocks = [section(lead)]
    for question, answer in zip(questions, answers, strict=False):
        if not answer.strip():
            continue
        asked = f"*{escaped(clip(question_text(question), 300))}*"
        parts = pieces(answer.strip(), MAX_SECTION_TEXT - len(asked) - 1)
        blocks.append(section(f"{asked}\n{parts[0]}"))
        blocks.extend(section(part) for part in parts[1:])
    return Rendered(lead, blocks[:MAX_BLOCKS_MESSAGE])


def wrap_up(answered: int, asked: int, blockers: Sequence[tuple[str, str]]) -> Rendered:
    """The round's end in its thread: how many answered, and the blockers on top (who named
    one, and its first words). Nobody is named for not answering."""
    if answered:
        lead = ngettext(
            "*Check-in closed:* {answered} of {n} person answered.",
            "*Check-in closed:* {answered} of {n} people answered.",
            asked,
            answered=answered,
        )
    else:
        lead = _("*Check-in closed:* no answers this round.")
    named = [(user, text) for user, text in blockers if names_a_blocker(text)]
    if not named:
        text = _("{closed} No blockers.", closed=lead) if answered else lead
        return Rendered(text, [section(text)])
    heading = ngettext("*{n} blocker*", "*{n} blockers*", len(named))
    blocks = [section(lead), section(heading)]
    for user, text in named[:MAX_BLOCKERS]:
        first = pieces(" ".join(text.split()), MAX_BLOCKER_CHARS)
        said = first[0] + ("…" if len(first) > 1 else "")
        blocks.append(section(_("{user}: {blocker}", user=user_ref(user), blocker=said)))
    rest = len(named) - MAX_BLOCKERS
    if rest > 0:
        blocks.append(context(_("…and {count} more in the answers above.", count=rest)))
    return Rendered(f"{lead} {heading}", blocks)


def channel_lost(title: str, channel_id: str) -> Rendered:
    """The one DM to the organizer when Kairos can no longer post in the check-in's channel
    (removed from it, or it was archived): the check-in is paused, and how to go on."""
    lead = _(
        "I can't post in <#{channel}> any more (I was removed, or the channel was archived), "
        "so I paused the check-in for *{title}*. The round that was open is closed without "
        "its wrap-up.",
        channel=channel_id, title=shown_title(title),
    )  # fmt: skip
    how = _("To go on, invite me back with /invite @Kairos, then resume it with `/kairos async`.")
    note = _("No round opens until you resume it.")
    return Rendered(lead, [section(lead), section(how), context(note)])
