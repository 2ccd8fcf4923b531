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
from bot.i18n import _, current_language, ngettext, translated
from bot.i18n.catalog import SOURCE_LANGUAGE
from bot.i18n.formats import weekday_date_time
from bot.ids import Action, View
from bot.meetings.feeds.reading import reading_text
from bot.meetings.model import FeedReading, Notice

NOTICE_AGENDA_CHARS = 600
AGENDA_FIELD = "agenda"
ADDRESS_FIELD = "address"


def rule() -> str:
    """DOMAIN rule 4 in one sentence, said under every nudge and agenda-less notice."""
    return _("No agenda, no attendee: people may decline a meeting that doesn't say what it's for.")


def async_how_to() -> str:
    """The answer to "Make it async": four steps."""
    return _(
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
    language = current_language()
    if language == SOURCE_LANGUAGE:
        # Kairos's English has always padded the day ("Tue 01 Dec"); formats.py does not.
        return f"{instant.astimezone(tz):%a %d %b at %H:%M} ({tz.key})"
    return f"{weekday_date_time(instant, tz, language)} ({tz.key})"


def _untitled(title: str, limit: int) -> str:
    return escape_mrkdwn(clip(title.strip() or _("Untitled meeting"), limit))


def nudge_message(nudge: NudgeMessage, *, tz: ZoneInfo) -> Rendered:
    """The DM to an organizer: which meeting, when, how many people, the rule, and actions."""
    title = _untitled(nudge.title, 200)
    when = _when(nudge.starts_at, tz)
    if nudge.reminder:
        lead = _("Reminder: *{title}* is {when} and still has no agenda.", title=title, when=when)
    else:
        lead = ngettext(
            "*{title}* ({when}, {n} person) has no agenda yet.",
            "*{title}* ({when}, {n} people) has no agenda yet.",
            nudge.people,
            title=title,
            when=when,
        )
    said = rule()
    text = f"{lead} {said}"
    value = clip(nudge.series_key, 1900)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": lead}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": said}]},
        {
            "type": "actions",
            "elements": [
                _button(_("Add agenda"), Action.NUDGE_ADD_AGENDA, value, style="primary"),
                _button(_("Make it async"), Action.NUDGE_ASYNC, value),
                _button(_("Not needed"), Action.NUDGE_NOT_NEEDED, value),
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


def _settled(line: str) -> Rendered:
    """The nudge DM after the organizer answered it (the buttons are gone)."""
    return Rendered(line, [{"type": "section", "text": {"type": "mrkdwn", "text": line}}])


def agenda_saved_message(title: str) -> Rendered:
    """The nudge DM once the organizer gave Kairos an agenda."""
    return _settled(
        _(
            "*{title}*: agenda saved. Thank you! Attendees who use Kairos will see it.",
            title=escape_mrkdwn(clip(title, 200)),
        )
    )


def not_needed_message(title: str) -> Rendered:
    """The nudge DM once the organizer said the meeting needs no agenda."""
    return _settled(
        _(
            "*{title}*: no more agenda nudges for this meeting.",
            title=escape_mrkdwn(clip(title, 200)),
        )
    )


def agenda_modal(series_key: str, title: str) -> dict[str, Any]:
    """The Add-agenda modal; private_metadata carries the series."""
    return modal(
        View.AGENDA,
        _("Add an agenda"),
        [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": _(
                        "*{title}*\nKairos shows this agenda to attendees who use Kairos. "
                        "Your calendar itself is not changed.",
                        title=escape_mrkdwn(clip(title, 200)),
                    ),
                },
            },
            {
                "type": "input",
                "block_id": AGENDA_FIELD,
                "label": {"type": "plain_text", "text": _("What is it for?")},
                "element": {
                    "type": "plain_text_input",
                    "action_id": AGENDA_FIELD,
                    "multiline": True,
                    "max_length": 2900,
                    "placeholder": {
                        "type": "plain_text",
                        "text": _("Goal, topics, and what people should read or bring"),
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
        {"type": "section", "text": {"type": "mrkdwn", "text": _("*Coming up*")}}
    ]
    for notice in notices:
        title = _untitled(notice.title, 150)
        when = _when(notice.starts_at, tz)
        if notice.agenda:
            agenda = escape_mrkdwn(clip(notice.agenda, NOTICE_AGENDA_CHARS))
            said = _(
                "*{title}*, {when}. The organizer's agenda:\n{agenda}",
                title=title,
                when=when,
                agenda=agenda,
            )
            blocks.append(_text(said))
            continue
        # TRANSLATORS: {rule} is the sentence "No agenda, no attendee: people may decline...".
        said = _("*{title}*, {when}: no agenda yet. {rule}", title=title, when=when, rule=rule())
        block = _text(said)
        block["accessory"] = _button(
            _("Ask for an agenda"), Action.MEETING_ASK_AGENDA, clip(notice.series_key, 1900)
        )
        blocks.append(block)
    return blocks


def _text(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def notice_room(count: int) -> tuple[int, int]:
    """(blocks, characters) that notice_blocks may need for this many notices."""
    return (count + 1 if count else 0, count * (NOTICE_AGENDA_CHARS + 400))


def ask_text(title: str, asks: int, language: str | None = None) -> str:
    """The organizer's anonymous count of attendees asking for an agenda, in the organizer's
    language (the attendee who pressed the button may speak another)."""
    said = translated(language or current_language())
    return said.ngettext(
        "An attendee has asked for an agenda for *{title}*. Kairos doesn't say who. "
        "A few lines on what it is for help everyone prepare.",
        "{n} attendees have asked for an agenda for *{title}*. Kairos doesn't say who. "
        "A few lines on what it is for help everyone prepare.",
        asks,
        title=escape_mrkdwn(clip(title, 200)),
    )


def asked_text(asks: int) -> str:
    """The attendee's answer to their ask: anonymous, and how many others asked."""
    others = asks - 1
    if not others:
        return _("Asked, anonymously: the organizer sees only a count.")
    return ngettext(
        "Asked, anonymously: the organizer sees only a count. {n} other asked too.",
        "Asked, anonymously: the organizer sees only a count. {n} others asked too.",
        others,
    )


def calendar_section(state: str, *, enabled: bool) -> list[dict[str, Any]]:
    """What `/kairos calendar` says, and a button to connect or change the address."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": _("*Calendar*\n{state}", state=state)},
        }
    ]
    if enabled:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": Action.CALENDAR_OPEN,
                        "text": {"type": "plain_text", "text": _("Connect a calendar")},
                    }
                ],
            }
        )
    return blocks


def calendar_modal() -> dict[str, Any]:
    """Asks for the private iCal address; the address never appears in Kairos's replies."""
    return modal(
        View.CALENDAR,
        _("Connect a calendar"),
        [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": _(
                        "Paste your calendar's *private iCal address*: in Google Calendar, "
                        "Settings › your calendar › Secret address in iCal format; in Outlook, "
                        "Settings › Calendar › Shared calendars › Publish a calendar (ICS). "
                        "It is stored encrypted and never shown back in full."
                    ),
                },
            },
            {
                "type": "input",
                "block_id": ADDRESS_FIELD,
                "label": {"type": "plain_text", "text": _("Private address")},
                "element": {
                    "type": "url_text_input",
                    "action_id": ADDRESS_FIELD,
                    "placeholder": {"type": "plain_text", "text": "https://…/basic.ics"},
                },
            },
        ],
        submit=_("Connect"),
    )


def calendars_off() -> str:
    """Why `/kairos calendar` can't connect anything here."""
    return _(
        "Calendar feeds aren't enabled in this workspace yet: their addresses are stored "
        "encrypted, and the person running Kairos has to set KAIROS_ENCRYPTION_KEY first."
    )


def checking() -> str:
    """The first answer to a new address; the outcome follows."""
    return _("Checking your calendar… I'll tell you here in a moment.")


def connect_failed() -> str:
    """The answer when connecting broke on Kairos's side."""
    return _(
        "Sorry, something went wrong on Kairos's side while reading your calendar. "
        "Nothing was saved; please try again in a few minutes."
    )


def disconnected_text(removed: bool) -> str:
    """The answer to `/kairos calendar off`: done, or there was nothing to disconnect."""
    if removed:
        return _("Done: your calendar is disconnected, and what Kairos knew from it is deleted.")
    return _("You have no calendar connected.")


def connected_text(upcoming: int, reading: FeedReading) -> str:
    """What the first sync of a new address found, and how to undo it."""
    left_out = reading_text(reading)
    unread = " " + left_out if left_out else ""
    return ngettext(
        "Connected. I found {n} meeting in the next 14 days.{left_out} Kairos checks your "
        "calendar every few minutes; `/kairos calendar off` disconnects it and deletes what "
        "Kairos knew from it.",
        "Connected. I found {n} meetings in the next 14 days.{left_out} Kairos checks your "
        "calendar every few minutes; `/kairos calendar off` disconnects it and deletes what "
        "Kairos knew from it.",
        upcoming,
        left_out=unread,
    )


def no_feed_text() -> str:
    """`/kairos calendar` for someone with no calendar connected."""
    return _(
        "No calendar connected. Paste your calendar's private iCal address: "
        "`/kairos calendar https://…`"
    )


def feed_text(host: str, upcoming: int, problem: str | None, reading: FeedReading) -> str:
    """`/kairos calendar` for a connected feed: where, what it found, what went wrong."""
    text = ngettext(
        "Your calendar at {host} is connected: {n} meeting in the next 14 days.",
        "Your calendar at {host} is connected: {n} meetings in the next 14 days.",
        upcoming,
        host=host,
    )
    if problem:
        text += " " + _("The last check failed: {problem}", problem=problem)
    left_out = reading_text(reading)
    return f"{text} {left_out}" if left_out else text


def unreadable_feed_text(problem: str, language: str) -> str:
    """The one DM about a feed that stopped working, in its owner's language."""
    return translated(language)._(
        "Kairos can't read your calendar any more: {problem}", problem=problem
    )
