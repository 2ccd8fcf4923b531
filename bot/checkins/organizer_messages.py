"""What a check-in says to its organizer (pure Block Kit): the one-time ask to cancel or
shorten the meeting after the first round, the `/kairos async` list with its Pause, Resume,
Edit and Stop buttons (App Home's list too), and the confirmations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks import MAX_BLOCKS_MESSAGE, Rendered
from bot.checkins.messages import button, context, section, shown_title
from bot.checkins.model import Cadence
from bot.checkins.words import cadence_text, hours_text
from bot.i18n import _, ngettext
from bot.ids import Action

# A check-in's status, as bot/checkins/tables.py's Status stores it (kept a plain string
# here: messages stay below the tables).
ACTIVE, PAUSED, STOPPED = "active", "paused", "stopped"
# Two blocks a check-in, a heading and a line for the rest: inside Slack's 50 blocks.
MAX_LISTED = (MAX_BLOCKS_MESSAGE - 2) // 2
# A listed check-in's Pause, Resume and Stop: in `/kairos async`'s list (the reply takes the
# list's place), and in App Home (the tab is published again).
LIST_BUTTONS = (Action.CHECKIN_PAUSE, Action.CHECKIN_RESUME, Action.CHECKIN_STOP)
HOME_BUTTONS = (Action.HOME_CHECKIN_PAUSE, Action.HOME_CHECKIN_RESUME, Action.HOME_CHECKIN_STOP)


@dataclass(frozen=True)
class ListedCheckIn:
    """One check-in of the person, as `/kairos async` lists it."""

    key: str  # what the buttons carry back (the check-in's id)
    title: str
    channel_id: str
    cadence: Cadence
    status: str  # ACTIVE, PAUSED or STOPPED
    organizer: bool  # only the organizer may pause, resume or stop it


def cancel_ask(title: str, hours_per_week: float | None) -> Rendered:
    """The one DM after the first round: Kairos cannot change calendars, the organizer can."""
    lead = _(
        "The first round of the check-in for *{title}* is done. I read calendars but can't "
        "change them: if the thread works for your team, cancel *{title}* in your calendar, "
        "or shorten it to what the thread can't settle.",
        title=shown_title(title),
    )
    blocks = [section(lead)]
    if hours_per_week:
        hours = round(hours_per_week * 2) / 2
        given = ngettext(
            "That gives {hours} attendee-hour a week back.",
            "That gives {hours} attendee-hours a week back.",
            1 if hours == 1 else 2,
            hours=hours_text(hours),
        )
        blocks.append(section(given))
    blocks.append(
        context(_("I only ask this once. The check-in goes on either way: `/kairos async`."))
    )
    return Rendered(lead, blocks)


def _status(status: str) -> str:
    if status == PAUSED:
        return _("paused")
    if status == STOPPED:
        return _("stopped")
    return _("active")


def _stop_button(entry: ListedCheckIn, action: Action) -> dict[str, Any]:
    stop = button(_("Stop"), action, entry.key, style="danger")
    # Slack's confirm dialog: a title of 100 characters, text of 300, buttons of 30.
    stop["confirm"] = {
        "title": {"type": "plain_text", "text": _("Stop this check-in?")},
        "text": {
            "type": "plain_text",
            "text": _("No more rounds. Answers already posted stay in the channel."),
        },
        "confirm": {"type": "plain_text", "text": _("Stop it")},
        "deny": {"type": "plain_text", "text": _("Keep it")},
    }
    return stop


def entry_blocks(
    entry: ListedCheckIn, buttons: tuple[Action, Action, Action] = LIST_BUTTONS
) -> list[dict[str, Any]]:
    """A listed check-in: its line, and for its organizer Pause or Resume, Edit and Stop."""
    pause, resume, stop = buttons
    line = _(
        "*{title}* in <#{channel}>\n{cadence} · {status}",
        title=shown_title(entry.title), channel=entry.channel_id,
        cadence=cadence_text(entry.cadence), status=_status(entry.status),
    )  # fmt: skip
    if not entry.organizer or entry.status == STOPPED:
        return [section(line)]
    if entry.status == PAUSED:
        first = button(_("Resume"), resume, entry.key, style="primary")
    else:
        first = button(_("Pause"), pause, entry.key)
    edit = button(_("Edit"), Action.CHECKIN_EDIT, entry.key)
    elements = [first, edit, _stop_button(entry, stop)]
    return [section(line), {"type": "actions", "elements": elements}]


def checkins_list(entries: Sequence[ListedCheckIn]) -> Rendered:
    """The answer to `/kairos async`: the person's check-ins, each with its buttons."""
    if not entries:
        text = _(
            "You have no check-ins. “Make it async” on a meeting's agenda nudge turns a "
            "recurring meeting into one."
        )
        return Rendered(text, [section(text)])
    heading = ngettext("*Your check-in*", "*Your {n} check-ins*", len(entries))
    blocks = [section(heading)]
    for entry in entries[:MAX_LISTED]:
        blocks += entry_blocks(entry)
    rest = len(entries) - MAX_LISTED
    if rest > 0:
        blocks.append(context(_("…and {count} more.", count=rest)))
    return Rendered(heading, blocks)


def paused_message(title: str) -> Rendered:
    """The confirmation of a pause."""
    text = _(
        "Paused *{title}*: no rounds until you resume it with `/kairos async`.",
        title=shown_title(title),
    )
    return Rendered(text, [section(text)])


def resumed_message(title: str, cadence: Cadence) -> Rendered:
    """The confirmation of a resume: when rounds open again."""
    text = _(
        "Resumed *{title}*: rounds open again, {cadence}.",
        title=shown_title(title), cadence=cadence_text(cadence),
    )  # fmt: skip
    return Rendered(text, [section(text)])


def stopped_message(title: str, channel_id: str) -> Rendered:
    """The confirmation of a stop (final)."""
    text = _(
        "Stopped *{title}*: no more rounds. The answers already posted stay in <#{channel}>.",
        title=shown_title(title), channel=channel_id,
    )  # fmt: skip
    return Rendered(text, [section(text)])
