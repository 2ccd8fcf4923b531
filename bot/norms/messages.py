"""What Kairos says about channel norms: the norms themselves, the editor, the change posted
in the channel, the note to someone who joins, the App Home section, and the one reminder
of a question still waiting for an answer (plain dicts)."""

from __future__ import annotations

from typing import Any

from bot.blocks import (
    MAX_SECTION_TEXT,
    Rendered,
    clip,
    escape_mrkdwn,
    modal,
    mrkdwn_link,
    user_ref,
)
from bot.ids import Action, View
from bot.norms.model import (
    KIND,
    MAX_LINE,
    NOT_FOR,
    PURPOSE,
    RESPONSE,
    URGENT_CHANNEL,
    URGENT_OTHER,
    ChannelKind,
    Norms,
    Part,
    ResponseKind,
    ResponseTime,
    UrgentKind,
    UrgentRoute,
)
from bot.norms.questions import Reminder

# The action_id of every input of the editor (their block_ids tell them apart).
EDITOR_INPUT = "value"
# The Home tab lists this many channels' norms; the rest are counted. Each is one block, so
# the tab stays far inside Slack's 100 blocks, whatever the other sections hold.
MAX_HOME_CHANNELS = 10

NO_EDITOR = (
    "Slack didn't send what I need to open the editor. Please try `/kairos norms edit` again."
)

KIND_LABELS = {
    ChannelKind.ASYNC: "Async: answer when it suits you, within the response time",
    ChannelKind.SYNC: "Sync: people are expected to answer while they work",
    ChannelKind.ANNOUNCEMENTS: "Announcements: read, no answer expected",
}


def describe_response(response: ResponseTime | None) -> str:
    """A response time in words ("within 4 working hours", "by the next working day")."""
    if response is None:
        return "none set"
    amount = response.amount
    if response.kind is ResponseKind.SAME_DAY:
        return "the same working day"
    if response.kind is ResponseKind.NEXT_WORKING_DAY:
        return "by the next working day" if amount == 1 else f"within {amount} working days"
    if amount % 60 == 0:
        hours = amount // 60
        return "within 1 working hour" if hours == 1 else f"within {hours} working hours"
    return f"within {amount} working minutes"


def describe_urgent(route: UrgentRoute | None) -> str:
    """The urgent route in words."""
    if route is None:
        return "none named"
    if route.kind is UrgentKind.CALL or route.channel_id is None:
        return "call the person"
    return f"<#{route.channel_id}>"


def _input_text(response: ResponseTime | None) -> str:
    """The response time as the editor shows it back (and reads it again unchanged)."""
    if response is None:
        return ""
    if response.kind is ResponseKind.SAME_DAY:
        return "same day"
    if response.kind is ResponseKind.NEXT_WORKING_DAY:
        return "next working day" if response.amount == 1 else f"{response.amount} working days"
    if response.amount % 60 == 0:
        return f"within {response.amount // 60} working hours"
    return f"within {response.amount} working minutes"


def _lines(norms: Norms) -> list[str]:
    lines = [
        f"*For:* {escape_mrkdwn(norms.purpose)}",
        f"*Kind:* {KIND_LABELS[norms.kind]}",
        f"*Response time:* {describe_response(norms.response)}",
        f"*Urgent:* {describe_urgent(norms.urgent)}",
    ]
    if norms.not_for:
        lines.append(f"*Not for:* {escape_mrkdwn(norms.not_for)}")
    return lines


def norms_text(channel_id: str, norms: Norms) -> str:
    """The norms of a channel as mrkdwn, one line a part."""
    return clip("\n".join([f"*Norms of <#{channel_id}>*", *_lines(norms)]), MAX_SECTION_TEXT)


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}


def _edit_button(channel_id: str, label: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": Action.NORMS_EDIT,
                "value": channel_id,
                "text": {"type": "plain_text", "text": label},
            }
        ],
    }


def shown(channel_id: str, norms: Norms | None) -> Rendered:
    """The answer to `/kairos norms`: the norms, or that there are none, with a button."""
    if norms is None:
        text = (
            f"<#{channel_id}> has no norms yet. Norms say what a channel is for, whether it is "
            "async, the response time people may expect, and the route for what is truly "
            "urgent. The channel's creator or a workspace admin can set them."
        )
        return Rendered(text, [_section(text), _edit_button(channel_id, "Set norms")])
    text = norms_text(channel_id, norms)
    return Rendered(text, [_section(text), _edit_button(channel_id, "Edit norms")])


def _plain(label: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": label}


def _text_input(
    block_id: str, label: str, initial: str, *, placeholder: str, optional: bool, hint: str = ""
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": EDITOR_INPUT,
        "max_length": MAX_LINE,
        "placeholder": _plain(placeholder),
    }
    if initial:
        element["initial_value"] = initial
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def editor_modal(channel_id: str, norms: Norms | None) -> dict[str, Any]:
    """The norms editor for a channel, filled in with its norms when it has them."""
    options = [
        {"text": _plain(KIND_LABELS[kind].split(":")[0]), "value": kind.value}
        for kind in ChannelKind
    ]
    kind_element: dict[str, Any] = {
        "type": "radio_buttons",
        "action_id": EDITOR_INPUT,
        "options": options,
        "initial_option": options[[*ChannelKind].index(norms.kind if norms else ChannelKind.ASYNC)],
    }
    channel_element: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": EDITOR_INPUT,
        "placeholder": _plain("A channel for what is truly urgent"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    urgent = norms.urgent if norms else None
    if urgent is not None and urgent.kind is UrgentKind.CHANNEL and urgent.channel_id:
        channel_element["initial_conversation"] = urgent.channel_id
    blocks = [
        _text_input(
            PURPOSE, "What this channel is for", norms.purpose if norms else "",
            placeholder="One line, e.g. “Questions about the payments API”", optional=False,
        ),
        {"type": "input", "block_id": KIND, "label": _plain("Kind"), "element": kind_element},
        _text_input(
            RESPONSE, "Expected response time", _input_text(norms.response if norms else None),
            placeholder="within 4 working hours", optional=True,
            hint="Counted in each person's working hours. E.g. “next working day”, “same day”, "
            "“2 working days”; empty for none.",
        ),
        {
            "type": "input",
            "block_id": URGENT_CHANNEL,
            "label": _plain("Urgent route: a channel"),
            "element": channel_element,
            "optional": True,
        },
        _text_input(
            URGENT_OTHER, "…or another urgent route",
            "call the person" if urgent is not None and urgent.kind is UrgentKind.CALL else "",
            placeholder="call the person", optional=True,
            hint="Email and chat wait like everything else, so they are never the urgent route.",
        ),
        _text_input(
            NOT_FOR, "What this channel is not for", (norms.not_for or "") if norms else "",
            placeholder="One line, optional", optional=True,
        ),
    ]  # fmt: skip
    return modal(View.NORMS_EDITOR, "Channel norms", blocks, private_metadata=channel_id)


def _part_value(part: Part, norms: Norms) -> str:
    if part is Part.PURPOSE:
        return f"“{escape_mrkdwn(norms.purpose)}”"
    if part is Part.KIND:
        return norms.kind.value
    if part is Part.RESPONSE:
        return describe_response(norms.response)
    if part is Part.URGENT:
        return describe_urgent(norms.urgent)
    return f"“{escape_mrkdwn(norms.not_for)}”" if norms.not_for else "nothing named"


def change_posted(
    channel_id: str, user_id: str, parts: tuple[Part, ...], norms: Norms, *, first: bool
) -> Rendered:
    """The message posted in the channel when its norms change: who, and what changed."""
    verb = "set" if first else "updated"
    changes = "; ".join(f"{part.value}: {_part_value(part, norms)}" for part in parts)
    headline = f"Norms {verb} by {user_ref(user_id)}: {changes}."
    blocks = [
        _section(headline),
        _section("\n".join(_lines(norms))),
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "`/kairos norms` shows them any time, to you only."}
            ],
        },
    ]
    return Rendered(clip(headline, MAX_SECTION_TEXT), blocks)


def on_joining(channel_id: str, norms: Norms) -> Rendered:
    """The private note to someone who joined a channel with norms."""
    text = f"Welcome to <#{channel_id}>. The channel agreed on these norms:"
    body = "\n".join(_lines(norms))
    return Rendered(f"{text}\n{body}", [_section(text), _section(body)])


def home_section(entries: list[tuple[str, Norms]]) -> list[dict[str, Any]]:
    """App Home's list of the norms of the person's channels, at most MAX_HOME_CHANNELS."""
    if not entries:
        return [
            _section(
                "*Channel norms*\nNone of your channels has norms yet. The creator of a channel "
                "(or an admin) sets them with `/kairos norms edit` in it."
            )
        ]
    blocks = [_section("*Norms of your channels*")]
    blocks.extend(
        _section(norms_text(channel_id, norms)) for channel_id, norms in entries[:MAX_HOME_CHANNELS]
    )
    rest = len(entries) - MAX_HOME_CHANNELS
    if rest > 0:
        more = f"…and {rest} more: `/kairos norms` in a channel shows its norms."
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    return blocks


# One reminder line: the sentence, a channel reference and a link of at most MAX_LINK.
REMINDER_CHARS = 1300
REMINDER_PRIVATE = "Only you see this, and I remind you of each question once."


def _reminder_line(reminder: Reminder) -> str:
    norm = describe_response(reminder.response)
    line = (
        f"A question for you in <#{reminder.channel_id}> is waiting for an answer (the "
        f"channel's norm: {norm})"
    )
    link = mrkdwn_link(reminder.permalink, "Open")
    return f"{line} · {link}" if link else f"{line}."


def reminder_message(reminders: list[Reminder]) -> Rendered:
    """The DM that reminds someone, once, of questions still waiting for their answer."""
    lines = [_reminder_line(reminder) for reminder in reminders]
    blocks = [_section(line) for line in lines]
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": REMINDER_PRIVATE}]})
    text = (
        lines[0]
        if len(lines) == 1
        else f"{len(lines)} questions for you are waiting for an answer."
    )
    return Rendered(clip(text, MAX_SECTION_TEXT), blocks)


def reminder_blocks(reminders: list[Reminder]) -> list[dict[str, Any]]:
    """The same reminders as the end of a digest (nothing for none)."""
    if not reminders:
        return []
    return [{"type": "divider"}, *(_section(_reminder_line(r)) for r in reminders)]


def reminder_room(count: int) -> tuple[int, int]:
    """(blocks, characters) that reminder_blocks may need for this many reminders."""
    return (count + 1 if count else 0, count * REMINDER_CHARS)
