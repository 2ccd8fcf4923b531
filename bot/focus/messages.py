"""What focus hours say (pure): the note to a sender whose mention was held, the DM for an
urgent mention and its button's value, the `/focus` status, the Home tab section, and the
editor modal."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import MAX_SECTION_TEXT, clip, escape_mrkdwn, modal, mrkdwn_link, user_ref
from bot.errors import UnreadableValue
from bot.focus.absence import HOLIDAY, LEAVE
from bot.focus.editor import FOCUS_FIELD, HOURS_FIELD
from bot.focus.leave_messages import CalendarLeaveItem, calendar_leave_buttons
from bot.focus.mentions import HeldRecipient
from bot.focus.mentions import snippet as make_snippet
from bot.focus.text import AWAY_UNTIL_LATER, format_day_when, format_when, people_away
from bot.i18n import _, ngettext
from bot.ids import CHANNEL_ID, Action, View

MAX_BUTTON_VALUE = 2000
# A broadcast can hold a message for dozens of people; the note names a few per line.
NAMES_PER_LINE = 5
MAX_NOTE_LINES = 8
URGENT_SNIPPET = 500
# Reasons come from Kairos ("focusing", "on leave", ...); the cap bounds the note.
MAX_REASON = 30
# The action_id of both inputs of the editor modal (their block_ids tell them apart).
EDITOR_INPUT = "value"
# Slack's ts is seconds.microseconds ("1772632800.000100"); the bound is the column's width.
_TS = re.compile(r"[0-9]{1,16}\.[0-9]{1,15}")


def held_note(
    recipients: list[HeldRecipient],
    *,
    sender_tz: ZoneInfo,
    now: datetime,
    message_ts: str,
    channel_id: str,
    expected: Mapping[str, datetime] | None = None,
    urgent_route: str | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """Who is away, until when in the sender's own time, when to expect an answer (the
    channel's response time, per recipient in `expected`), the channel's urgent route for
    anyone on leave (`urgent_route`, from urgent_route_text), and the "It's urgent" button.
    In the current language: the caller speaks the sender's."""
    if not recipients:
        raise ValueError("a note needs at least one held recipient")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    value = urgent_value(channel_id, message_ts)
    expected = expected or {}
    lines = _away_lines(recipients, sender_tz, now, expected)
    if len(lines) == 1 and len(lines[0].people) == 1:
        line = lines[0]
        if recipients[0].until is None:
            text = _("{away}. Your message will reach them when they're back.", away=line.text)
        else:
            # TRANSLATORS: {away} is like "@Ana is focusing until 11:30"; "your time" is the
            # time zone of the sender, who reads this.
            text = _("{away} (your time). Your message will reach them then.", away=line.text)
        if line.expect:
            text += " " + _("Expect an answer by {time}.", time=line.expect)
        body = f"{text} {_no_need_to_resend()}"
    else:
        count = sum(len(line.people) for line in lines)
        text = ngettext(
            "{n} person you mentioned is away. Your message will reach them when they're back.",
            "{n} people you mentioned are away. "
            "Your message will reach each of them when they're back.",
            count,
        )
        body = f"{text} {_no_need_to_resend()}\n" + "\n".join(
            "• "
            + (
                _("{away}; expect an answer by {time}", away=line.text, time=line.expect)
                if line.expect
                else line.text
            )
            for line in lines
        )
        if any(recipient.until is not None for recipient in recipients) or expected:
            body += "\n" + _("_Times are in your time zone._")
    if urgent_route and any(r.reason in (LEAVE, HOLIDAY) for r in recipients):
        # Leave lasts days: the sender should know where truly urgent things go meanwhile.
        # TRANSLATORS: {route} is "Use #channel" or "Call them".
        body += "\n" + _("Urgent? {route}.", route=urgent_route)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": body}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": Action.FOCUS_URGENT.value,
                    "text": {"type": "plain_text", "text": _("It's urgent")},
                    "value": value,
                }
            ],
        },
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": _("Only if it can't wait: they'll get a notification now."),
                }
            ],
        },
    ]
    return text, blocks


def _no_need_to_resend() -> str:
    return _("No need to resend.")


@dataclass
class _Line:
    """People away for the same reason until the same time, named in one line."""

    reason: str
    # Until when, as the sender reads it; None: no free time this week ("for now").
    until: str | None
    # When to expect an answer, as the sender reads it ("" when the channel promises none).
    expect: str = ""
    people: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        names = [user_ref(user_id) for user_id in self.people[:NAMES_PER_LINE]]
        return people_away(self.reason, self.until, names, len(self.people))


def _away_lines(
    recipients: list[HeldRecipient],
    tz: ZoneInfo,
    now: datetime,
    expected: Mapping[str, datetime],
) -> list[_Line]:
    lines: dict[tuple[str, str | None, str], _Line] = {}
    seen: set[str] = set()
    for recipient in recipients:
        if recipient.user_id in seen:
            continue
        seen.add(recipient.user_id)
        when = recipient.until
        until = None
        if when is not None and recipient.reason in (LEAVE, HOLIDAY):
            until = format_day_when(when, tz)  # the day they are back, named
        elif when is not None:
            until = format_when(when, tz, now)
        reason = escape_mrkdwn(clip(recipient.reason, MAX_REASON))
        answer = expected.get(recipient.user_id)
        expect = ""
        if answer is not None and recipient.reason in (LEAVE, HOLIDAY):
            expect = format_day_when(answer, tz)  # days away: name the day, as "until" does
        elif answer is not None:
            expect = format_when(answer, tz, now)
        line = lines.setdefault((reason, until, expect), _Line(reason, until, expect))
        line.people.append(recipient.user_id)
    ordered = list(lines.values())
    if len(ordered) <= MAX_NOTE_LINES:
        return ordered
    shown, rest = ordered[: MAX_NOTE_LINES - 1], ordered[MAX_NOTE_LINES - 1 :]
    tail = _Line(AWAY_UNTIL_LATER, None, "", [user_id for line in rest for user_id in line.people])
    return [*shown, tail]


def urgent_route_text(channel_id: str | None) -> str:
    """The channel's urgent route as the note says it: "Use #ops-urgent" or "Call them"."""
    # TRANSLATORS: where truly urgent things go while someone is on leave.
    return _("Use <#{channel}>", channel=channel_id) if channel_id else _("Call them")


def urgent_route_hint(channel_id: str | None) -> str:
    """The one-line hint after an urgent marker, for next time."""
    if channel_id:
        return _(
            "Sent right away. For next time: this channel's route for urgent things is to "
            "post it in <#{channel}>.",
            channel=channel_id,
        )
    return _(
        "Sent right away. For next time: this channel's route for urgent things is to "
        "call the person."
    )


def urgent_value(channel_id: str, message_ts: str) -> str:
    """The button value naming the held message: `{"c": channel, "ts": ts}`."""
    _check_ids(channel_id, message_ts)
    return json.dumps({"c": channel_id, "ts": message_ts}, separators=(",", ":"))


def parse_urgent_value(value: str) -> tuple[str, str]:
    """(channel id, message ts) from a button value; UnreadableValue (a ValueError, and a
    refusal the person is shown) when it is not one Kairos made."""
    if not isinstance(value, str) or len(value) > MAX_BUTTON_VALUE:
        raise UnreadableValue()
    try:
        data = json.loads(value)
    except (json.JSONDecodeError, RecursionError):
        # Deeply nested input exhausts the decoder's stack before it is found malformed.
        raise UnreadableValue() from None
    if not isinstance(data, dict) or set(data) != {"c", "ts"}:
        raise UnreadableValue()
    channel_id, message_ts = data["c"], data["ts"]
    if not isinstance(channel_id, str) or not isinstance(message_ts, str):
        raise UnreadableValue()
    if not CHANNEL_ID.fullmatch(channel_id) or not _TS.fullmatch(message_ts):
        raise UnreadableValue()
    return channel_id, message_ts


def _check_ids(channel_id: str, message_ts: str) -> None:
    if not CHANNEL_ID.fullmatch(channel_id):
        raise ValueError(f"not a Slack conversation id: {channel_id[:40]!r}")
    if not _TS.fullmatch(message_ts):
        raise ValueError(f"not a Slack message ts: {message_ts[:40]!r}")


def urgent_dm(
    sender_id: str, permalink: str | None, snippet: str
) -> tuple[str, list[dict[str, Any]]]:
    """The DM telling someone in focus, now, about a message marked urgent (in the current
    language: the caller speaks the recipient's)."""
    text = _(
        ":rotating_light: {sender} marked a message for you as urgent", sender=user_ref(sender_id)
    )
    # Re-cutting a preview is harmless (it is idempotent) and bounds the block's text.
    preview = make_snippet(snippet, URGENT_SNIPPET)
    body = text + (f"\n>{preview}" if preview else "")
    link = mrkdwn_link(permalink, _("Open the message"))
    if link:
        body += f"\n{link}"
    return text, [{"type": "section", "text": {"type": "mrkdwn", "text": body}}]


def urgent_sent_text(recipients: Sequence[str]) -> str:
    """The answer to the sender's "It's urgent" button: who was told, or that all were."""
    if not recipients:
        return _("That mention was already delivered.")
    names = ", ".join(f"<@{r}>" for r in recipients)
    return _("Sent now to {names}: they'll see it right away.", names=names)


def _edit_button() -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": Action.FOCUS_EDIT,
        "text": {"type": "plain_text", "text": _("Edit focus hours")},
    }


def status_reply(
    text: str, calendar_leave: Sequence[CalendarLeaveItem] = ()
) -> list[dict[str, Any]]:
    """The `/focus` status: the text, a button that opens the editor, and the Ignore (or
    Count it again) button of each event of leave from the person's calendar."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}},
        {"type": "actions", "elements": [_edit_button()]},
        *calendar_leave_buttons(calendar_leave),
    ]


@dataclass(frozen=True)
class DeliveredItem:
    """One line of the last digest, as App Home lists it."""

    channel_id: str
    sender_id: str
    sent_at: datetime
    permalink: str | None


def home_focus_section(
    status_text: str,
    last_digest: Sequence[DeliveredItem],
    *,
    tz: ZoneInfo,
    now: datetime,
    digest_lines: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Focus status, the editor button, and the last digest in full (as `digest_lines`, when
    the digest has its own layout)."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _("Focus hours")}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": clip(status_text, MAX_SECTION_TEXT)},
        },
        {"type": "actions", "elements": [_edit_button()]},
    ]
    if last_digest:
        # TRANSLATORS: a link to a message in a list of them.
        open_label = _("Open")
        blocks.append(
            {"type": "header", "text": {"type": "plain_text", "text": _("Your last digest")}}
        )
        lines = (
            list(digest_lines)
            if digest_lines is not None
            else [
                f"<#{i.channel_id}> · {_sender(i.sender_id)} · {format_when(i.sent_at, tz, now)}"
                + (f" · <{i.permalink}|{open_label}>" if i.permalink else "")
                for i in last_digest
            ]
        )
        blocks.extend(_sections(lines))
    return blocks


def _sender(sender_id: str) -> str:
    # A sender who had Kairos forget them leaves no id: the line says "a message" instead.
    return user_ref(sender_id) if sender_id else _("a message")


def _sections(lines: Sequence[str], *, max_sections: int = 20) -> list[dict[str, Any]]:
    """Lines packed into as few sections as Slack's 3,000-character limit allows."""
    sections: list[dict[str, Any]] = []
    current: list[str] = []
    for line in lines:
        if current and len("\n".join([*current, line])) > MAX_SECTION_TEXT:
            sections.append(_text_section("\n".join(current)))
            current = []
        current.append(clip(line, MAX_SECTION_TEXT))
    if current:
        sections.append(_text_section("\n".join(current)))
    if len(sections) > max_sections:
        hidden = len(sections) - max_sections + 1
        more = ngettext("…and {n} more section.", "…and {n} more sections.", hidden)
        sections = [*sections[: max_sections - 1], _text_section(more)]
    return sections


def _text_section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def editor_modal(focus_lines: str, hours_lines: str) -> dict[str, Any]:
    """The modal that edits focus blocks and working hours, one `<days> <start>-<end>` a line."""
    return modal(
        View.FOCUS_EDITOR,
        _("Focus hours"),
        [
            _lines_input(
                FOCUS_FIELD,
                _("Focus blocks"),
                focus_lines,
                # TRANSLATORS: keep the example as it is: /focus reads it in any language.
                _("One per line, in your time zone, e.g. mon-fri 9:00-11:30"),
            ),
            _lines_input(
                HOURS_FIELD,
                _("Working hours"),
                hours_lines,
                _("Optional. Mentions outside them wait for your next working morning."),
            ),
        ],
    )


def _lines_input(block_id: str, label: str, initial: str, hint: str) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": EDITOR_INPUT}
    element["multiline"] = True
    if initial:
        element["initial_value"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": {"type": "plain_text", "text": label},
        "hint": {"type": "plain_text", "text": hint},
        "element": element,
    }
