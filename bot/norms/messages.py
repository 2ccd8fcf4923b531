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
from bot.i18n import _, ngettext, pgettext
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
    NormsInputError,
    Part,
    Refusal,
    ResponseKind,
    ResponseTime,
    UrgentKind,
)
from bot.norms.questions import Reminder
from bot.norms.words import (
    describe_response,
    describe_urgent,
    kind_label,
    kind_option,
    kind_word,
    numeral,
    part_name,
)

# The action_id of every input of the editor (their block_ids tell them apart).
EDITOR_INPUT = "value"
# The Home tab lists this many channels' norms; the rest are counted. Each is one block, so
# the tab stays far inside Slack's 100 blocks, whatever the other sections hold.
MAX_HOME_CHANNELS = 10


def no_editor() -> str:
    """The reply when Slack sent no trigger to open the editor with."""
    return _(
        "Slack didn't send what I need to open the editor. Please try `/kairos norms edit` again."
    )


def _input_text(response: ResponseTime | None) -> str:
    """The response time as the editor shows it back (and reads it again unchanged)."""
    # The context "norms editor input" marks what the editor fills in and reads back when it
    # is saved: a translation must be words bot/norms/model.py reads ("binnen 4 werkuur").
    if response is None:
        return ""
    amount = response.amount
    if response.kind is ResponseKind.SAME_DAY:
        return pgettext("norms editor input", "same day")
    if response.kind is ResponseKind.NEXT_WORKING_DAY:
        if amount == 1:
            return pgettext("norms editor input", "next working day")
        return pgettext("norms editor input", "{days} working days", days=amount)
    if amount % 60 == 0:
        return pgettext("norms editor input", "within {hours} working hours", hours=amount // 60)
    return pgettext("norms editor input", "within {minutes} working minutes", minutes=amount)


def _lines(norms: Norms) -> list[str]:
    lines = [
        _("*For:* {purpose}", purpose=escape_mrkdwn(norms.purpose)),
        _("*Kind:* {kind}", kind=kind_label(norms.kind)),
        _("*Response time:* {response}", response=describe_response(norms.response)),
        _("*Urgent:* {route}", route=describe_urgent(norms.urgent)),
    ]
    if norms.not_for:
        lines.append(_("*Not for:* {not_for}", not_for=escape_mrkdwn(norms.not_for)))
    return lines


def norms_text(channel_id: str, norms: Norms) -> str:
    """The norms of a channel as mrkdwn, one line a part."""
    title = _("*Norms of <#{channel}>*", channel=channel_id)
    return clip("\n".join([title, *_lines(norms)]), MAX_SECTION_TEXT)


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
        text = _(
            "<#{channel}> has no norms yet. Norms say what a channel is for, whether it is "
            "async, the response time people may expect, and the route for what is truly "
            "urgent. The channel's creator or a workspace admin can set them.",
            channel=channel_id,
        )
        return Rendered(text, [_section(text), _edit_button(channel_id, _("Set norms"))])
    text = norms_text(channel_id, norms)
    return Rendered(text, [_section(text), _edit_button(channel_id, _("Edit norms"))])


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
    options = [{"text": _plain(kind_option(kind)), "value": kind.value} for kind in ChannelKind]
    kind_element: dict[str, Any] = {
        "type": "radio_buttons",
        "action_id": EDITOR_INPUT,
        "options": options,
        "initial_option": options[[*ChannelKind].index(norms.kind if norms else ChannelKind.ASYNC)],
    }
    channel_element: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": EDITOR_INPUT,
        "placeholder": _plain(_("A channel for what is truly urgent")),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    urgent = norms.urgent if norms else None
    if urgent is not None and urgent.kind is UrgentKind.CHANNEL and urgent.channel_id:
        channel_element["initial_conversation"] = urgent.channel_id
    # TRANSLATORS: typed into the norms editor and read back: keep it a phrase Kairos reads
    # as calling (bel de persoon, bellen).
    call = pgettext("norms editor input", "call the person")
    blocks = [
        _text_input(
            PURPOSE, _("What this channel is for"), norms.purpose if norms else "",
            placeholder=_("One line, e.g. “Questions about the payments API”"), optional=False,
        ),
        {"type": "input", "block_id": KIND, "label": _plain(_("Kind")), "element": kind_element},
        _text_input(
            RESPONSE, _("Expected response time"), _input_text(norms.response if norms else None),
            placeholder=pgettext("norms editor input", "within 4 working hours"), optional=True,
            hint=_(
                "Counted in each person's working hours. E.g. “next working day”, “same day”, "
                "“2 working days”; empty for none."
            ),
        ),
        {
            "type": "input",
            "block_id": URGENT_CHANNEL,
            "label": _plain(_("Urgent route: a channel")),
            "element": channel_element,
            "optional": True,
        },
        _text_input(
            URGENT_OTHER, _("…or another urgent route"),
            call if urgent is not None and urgent.kind is UrgentKind.CALL else "",
            placeholder=call, optional=True,
            hint=_(
                "Email and chat wait like everything else, so they are never the urgent route."
            ),
        ),
        _text_input(
            NOT_FOR, _("What this channel is not for"), (norms.not_for or "") if norms else "",
            placeholder=_("One line, optional"), optional=True,
        ),
    ]  # fmt: skip
    # TRANSLATORS: the title of the norms editor; Slack allows 24 characters.
    return modal(View.NORMS_EDITOR, _("Channel norms"), blocks, private_metadata=channel_id)


def refusal_text(refusal: Refusal) -> str:
    """Why the model refused an input, in the current language."""
    # The message ids are extracted where bot/norms/model.py writes them (its `_` marker).
    return _(refusal.msgid, **refusal.values)


def editor_errors(invalid: NormsInputError) -> dict[str, str]:
    """What is wrong with the submitted editor, by input block id, in the current language."""
    return {block: refusal_text(refusal) for block, refusal in invalid.refusals.items()}


def _part_value(part: Part, norms: Norms) -> str:
    if part is Part.PURPOSE:
        return f"“{escape_mrkdwn(norms.purpose)}”"
    if part is Part.KIND:
        return kind_word(norms.kind)
    if part is Part.RESPONSE:
        return describe_response(norms.response)
    if part is Part.URGENT:
        return describe_urgent(norms.urgent)
    return f"“{escape_mrkdwn(norms.not_for)}”" if norms.not_for else _("nothing named")


def change_posted(
    channel_id: str, user_id: str, parts: tuple[Part, ...], norms: Norms, *, first: bool
) -> Rendered:
    """The message posted in the channel when its norms change: who, and what changed."""
    changes = "; ".join(f"{part_name(part)}: {_part_value(part, norms)}" for part in parts)
    who = user_ref(user_id)
    if first:
        headline = _("Norms set by {user}: {changes}.", user=who, changes=changes)
    else:
        headline = _("Norms updated by {user}: {changes}.", user=who, changes=changes)
    note = _("`/kairos norms` shows them any time, to you only.")
    blocks = [
        _section(headline),
        _section("\n".join(_lines(norms))),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]},
    ]
    return Rendered(clip(headline, MAX_SECTION_TEXT), blocks)


def on_joining(channel_id: str, norms: Norms) -> Rendered:
    """The private note to someone who joined a channel with norms."""
    text = _("Welcome to <#{channel}>. The channel agreed on these norms:", channel=channel_id)
    body = "\n".join(_lines(norms))
    return Rendered(f"{text}\n{body}", [_section(text), _section(body)])


def home_section(entries: list[tuple[str, Norms]]) -> list[dict[str, Any]]:
    """App Home's list of the norms of the person's channels, at most MAX_HOME_CHANNELS."""
    if not entries:
        return [
            _section(
                _(
                    "*Channel norms*\nNone of your channels has norms yet. The creator of a "
                    "channel (or an admin) sets them with `/kairos norms edit` in it."
                )
            )
        ]
    blocks = [_section(_("*Norms of your channels*"))]
    blocks.extend(
        _section(norms_text(channel_id, norms)) for channel_id, norms in entries[:MAX_HOME_CHANNELS]
    )
    rest = len(entries) - MAX_HOME_CHANNELS
    if rest > 0:
        more = _(
            "…and {count} more: `/kairos norms` in a channel shows its norms.", count=numeral(rest)
        )
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    return blocks


# One reminder line: the sentence, a channel reference and a link of at most MAX_LINK.
REMINDER_CHARS = 1300


def _reminder_line(reminder: Reminder) -> str:
    channel, norm = reminder.channel_id, describe_response(reminder.response)
    # TRANSLATORS: the label of a link to the question in Slack.
    link = mrkdwn_link(reminder.permalink, pgettext("link to a message", "Open"))
    if link:
        return _(
            "A question for you in <#{channel}> is waiting for an answer (the channel's norm: "
            "{norm}) · {link}",
            channel=channel, norm=norm, link=link,
        )  # fmt: skip
    return _(
        "A question for you in <#{channel}> is waiting for an answer (the channel's norm: "
        "{norm}).",
        channel=channel, norm=norm,
    )  # fmt: skip


def reminder_message(reminders: list[Reminder]) -> Rendered:
    """The DM that reminds someone, once, of questions still waiting for their answer."""
    lines = [_reminder_line(reminder) for reminder in reminders]
    blocks = [_section(line) for line in lines]
    private = _("Only you see this, and I remind you of each question once.")
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": private}]})
    waiting = len(lines)
    text = (
        lines[0]
        if waiting == 1
        else ngettext(
            "{n} question for you is waiting for an answer.",
            "{n} questions for you are waiting for an answer.",
            waiting,
            n=numeral(waiting),
        )
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
