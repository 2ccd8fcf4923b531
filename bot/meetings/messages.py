"""What meetings say (pure): the agenda nudge DM and its answers, the Add-agenda modal, the
Make-it-async how-to, the meeting notices of a digest and the anonymous ask, the Home tab's
calendar section and modal, and the answers to `/kairos calendar`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import Rendered, clip, escape_mrkdwn, modal
from bot.ids import Action, View
from bot.meetings.model import FeedReading, Notice

NOTICE_AGENDA_CHARS = 600
RULE = "No agenda, no attendee: people may decline a meeting that doesn't say what it's for."
AGENDA_FIELD = "agenda"
ADDRESS_FIELD = "address"

ASYNC_HOW_TO = (
    "*Making it async*\n"
    "1. Write the question or decision in a channel thread (or a doc), with the context "
    "people need and a deadline for answers.\n"
    "2. Ask each person for what you need from them by name.\n"
    "3. Cancel the meeting, or shorten it to the points the thread couldn't settle.\n"
    "4. Post the outcome in the thread, so people who weren't there know."
)


@dataclass(frozen=True)
class NudgeMessage:
    """What a nudge is about."""

    series_key: str
    title: str
    starts_at: datetime
    people: int
    reminder: bool


def _when(instant: datetime, tz: ZoneInfo) -> str:
    local = instant.astimezone(tz)
    return f"{local:%a %d %b at %H:%M} ({tz.key})"


def nudge_message(nudge: NudgeMessage, *, tz: ZoneInfo) -> Rendered:
    """The DM to an organizer: which meeting, when, how many people, the rule, and actions."""
    title = escape_mrkdwn(clip(nudge.title.strip() or "Untitled meeting", 200))
    when = _when(nudge.starts_at, tz)
    if nudge.reminder:
        lead = f"Reminder: *{title}* is {when} and still has no agenda."
    else:
        lead = f"*{title}* ({when}, {nudge.people} people) has no agenda yet."
    text = f"{lead} {RULE}"
    value = clip(nudge.series_key, 1900)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": lead}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": RULE}]},
        {
            "type": "actions",
            "elements": [
                _button("Add agenda", Action.NUDGE_ADD_AGENDA, value, style="primary"),
                _button("Make it async", Action.NUDGE_ASYNC, value),
                _button("Not needed", Action.NUDGE_NOT_NEEDED, value),
            ],
        },
    ]
    return Rendered(text, blocks)


def _button(label: str, action: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def settled_message(title: str, outcome: str) -> Rendered:
    """The nudge DM after the organizer answered it (the buttons are gone)."""
    line = f"*{escape_mrkdwn(clip(title, 200))}*: {outcome}"
    return Rendered(line, [{"type": "section", "text": {"type": "mrkdwn", "text": line}}])


def agenda_saved_message(title: str) -> Rendered:
    """The nudge DM once the organizer gave Kairos an agenda."""
    return settled_message(title, "agenda saved. Thank you! Attendees who use Kairos will see it.")


def not_needed_message(title: str) -> Rendered:
    """The nudge DM once the organizer said the meeting needs no agenda."""
    return settled_message(title, "no more agenda nudges for this meeting.")


def agenda_modal(series_key: str, title: str) -> dict[str, Any]:
    """The Add-agenda modal; private_metadata carries the series."""
    return modal(
        View.AGENDA,
        "Add an agenda",
        [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"*{escape_mrkdwn(clip(title, 200))}*\nKairos shows this agenda "
                    "to attendees who use Kairos. Your calendar itself is not changed.",
                },
            },
            {
                "type": "input",
                "block_id": AGENDA_FIELD,
                "label": {"type": "plain_text", "text": "What is it for?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": AGENDA_FIELD,
                    "multiline": True,
                    "max_length": 2900,
                    "placeholder": {
                        "type": "plain_text",
                        "text": "Goal, topics, and what people should read or bring",
                    },
                },
            },
        ],
        private_metadata=clip(series_key, 3000),
    )


def notice_blocks(notices: Sequence[Notice], *, tz: ZoneInfo) -> list[dict[str, Any]]:
    """Digest lines for meetings without an agenda (or with one the organizer gave Kairos)."""
    if not notices:
        return []
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Coming up*"}}
    ]
    for notice in notices:
        title = escape_mrkdwn(clip(notice.title.strip() or "Untitled meeting", 150))
        when = _when(notice.starts_at, tz)
        if notice.agenda:
            agenda = escape_mrkdwn(clip(notice.agenda, NOTICE_AGENDA_CHARS))
            blocks.append(_text(f"*{title}*, {when}. The organizer's agenda:\n{agenda}"))
            continue
        block = _text(f"*{title}*, {when}: no agenda yet. {RULE}")
        block["accessory"] = _button(
            "Ask for an agenda", Action.MEETING_ASK_AGENDA, clip(notice.series_key, 1900)
        )
        blocks.append(block)
    return blocks


def _text(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def notice_room(count: int) -> tuple[int, int]:
    """(blocks, characters) that notice_blocks may need for this many notices."""
    return (count + 1 if count else 0, count * (NOTICE_AGENDA_CHARS + 400))


def ask_text(title: str, asks: int) -> str:
    """The organizer's anonymous count of attendees asking for an agenda."""
    people = "An attendee has" if asks == 1 else f"{asks} attendees have"
    return (
        f"{people} asked for an agenda for *{escape_mrkdwn(clip(title, 200))}*. "
        "Kairos doesn't say who. A few lines on what it is for help everyone prepare."
    )


def asked_text(asks: int) -> str:
    """The attendee's answer to their ask: anonymous, and how many others asked."""
    others = asks - 1
    so_far = f" {others} other{'s' if others != 1 else ''} asked too." if others else ""
    return f"Asked, anonymously: the organizer sees only a count.{so_far}"


def calendar_section(state: str, *, enabled: bool) -> list[dict[str, Any]]:
    """What `/kairos calendar` says, and a button to connect or change the address."""
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*Calendar*\n{state}"}}
    ]
    if enabled:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": Action.CALENDAR_OPEN,
                        "text": {"type": "plain_text", "text": "Connect a calendar"},
                    }
                ],
            }
        )
    return blocks


def calendar_modal() -> dict[str, Any]:
    """Asks for the private iCal address; the address never appears in Kairos's replies."""
    return modal(
        View.CALENDAR,
        "Connect a calendar",
        [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "Paste your calendar's *private iCal address*: in Google Calendar, "
                    "Settings › your calendar › Secret address in iCal format; in Outlook, "
                    "Settings › Calendar › Shared calendars › Publish a calendar (ICS). "
                    "It is stored encrypted and never shown back in full.",
                },
            },
            {
                "type": "input",
                "block_id": ADDRESS_FIELD,
                "label": {"type": "plain_text", "text": "Private address"},
                "element": {
                    "type": "url_text_input",
                    "action_id": ADDRESS_FIELD,
                    "placeholder": {"type": "plain_text", "text": "https://…/basic.ics"},
                },
            },
        ],
        submit="Connect",
    )


CALENDARS_OFF = (
    "Calendar feeds aren't enabled in this workspace yet: their addresses are stored "
    "encrypted, and the person running Kairos has to set KAIROS_ENCRYPTION_KEY first."
)
CHECKING = "Checking your calendar… I'll tell you here in a moment."
CONNECT_FAILED = (
    "Sorry, something went wrong on Kairos's side while reading your calendar. "
    "Nothing was saved; please try again in a few minutes."
)


def disconnected_text(removed: bool) -> str:
    """The answer to `/kairos calendar off`: done, or there was nothing to disconnect."""
    if removed:
        return "Done: your calendar is disconnected, and what Kairos knew from it is deleted."
    return "You have no calendar connected."


# Why events were left out, by ParseReport's codes: (said of one event, said of several).
_SKIPPED_BECAUSE = {
    "unreadable": ("could not be read at all", "could not be read at all"),
    "cut_off": (
        "was cut off (the download ended inside it)",
        "were cut off (the download ended inside them)",
    ),
    "no_uid": ("has no identifier", "have no identifier"),
    "no_start": ("has no start time", "have no start time"),
    "bad_time": (
        "has a start or end I can't make sense of",
        "have a start or end I can't make sense of",
    ),
    "bad_repeat_rule": ("repeats in a way I can't follow", "repeat in a way I can't follow"),
    "too_old": ("is a series that starts before 1970", "are series that start before 1970"),
}
_ZONES_NAMED = 3


def reading_text(reading: FeedReading) -> str:
    """One kind sentence on what the last read of a feed left out and why; "" if nothing."""
    parts: list[str] = []
    total = sum(reading.skipped.values())
    if total:
        why = [
            f"{count} {_SKIPPED_BECAUSE.get(code, ('had a problem',) * 2)[count != 1]}"
            for code, count in sorted(reading.skipped.items(), key=lambda item: -item[1])
        ]
        events = "1 event" if total == 1 else f"{total} events"
        because = why[0] if len(why) == 1 else ", ".join(why[:-1]) + " and " + why[-1]
        parts.append(f"I left out {events} of your calendar: {because}")
    if reading.unknown_zones:
        names = [f"“{escape_mrkdwn(clip(name, 60))}”" for name in reading.unknown_zones]
        shown = names[:_ZONES_NAMED]
        if len(names) > _ZONES_NAMED:
            shown.append(f"{len(names) - _ZONES_NAMED} more")
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        zone = "zone" if len(names) == 1 else "zones"
        where = reading.fallback_zone or "your own time zone"
        parts.append(
            f"I don't know the time {zone} {listed}, so I read those times in {where}: "
            "please check that those meetings are at the right hour"
        )
    if not parts:
        return ""
    sentence = "; and ".join(parts) if total else parts[0]
    return sentence[0].upper() + sentence[1:] + "."


def connected_text(upcoming: int, reading: FeedReading) -> str:
    """What the first sync of a new address found, and how to undo it."""
    meetings = "1 meeting" if upcoming == 1 else f"{upcoming} meetings"
    left_out = reading_text(reading)
    unread = f" {left_out}" if left_out else ""
    return (
        f"Connected. I found {meetings} in the next 14 days.{unread} "
        "Kairos checks your calendar every few minutes; `/kairos calendar off` "
        "disconnects it and deletes what Kairos knew from it."
    )
