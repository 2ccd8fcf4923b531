"""What Kairos says about meeting notes (plain dicts): the prompt DM and what it turns into,
the notes posted in the channel (and rebuilt when an action is done), an action's reminder
DM and its line in the owner's digest. The notes modal is in modal.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import (
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    Rendered,
    clip,
    escape_mrkdwn,
    mrkdwn_link,
    user_ref,
)
from bot.i18n import _, current_language, formats, ngettext, pgettext
from bot.ids import CHANNEL_ID
from bot.notes.model import (
    MAX_ACTION_CHARS,
    ActionItem,
    Answer,
    Notes,
    NoteTaker,
    PostedNotes,
)


class NotesAction(StrEnum):
    """The notes' action ids. They join bot/ids.py's Action with the listeners that match
    them (a later step): every id there must have a listener."""

    POST = "notes.post"
    NOT_THIS_TIME = "notes.not_this_time"
    NEVER = "notes.never"
    DONE = "notes.action_done"


class NotesView(StrEnum):
    """The notes modal's callback id (joins bot/ids.py's View with its listener)."""

    NOTES = "notes.modal"


# Blocks of the posted notes that show one action: Done rebuilds these and keeps the rest.
ACTION_BLOCK = "notes.action."
# Slack message metadata on the prompt and reminder DMs: a resend after a crash between
# sending and marking sent looks for it in the DM's history first (SlackPort.find_own_dm).
PROMPT_EVENT = "kairos_notes_prompt"
REMINDER_EVENT = "kairos_notes_reminder"
_UTC = ZoneInfo("UTC")


def plain(text: str) -> dict[str, Any]:
    """A plain_text object."""
    return {"type": "plain_text", "text": text}


def section(text: str) -> dict[str, Any]:
    """A mrkdwn section, cut to Slack's limit."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}


def context(text: str) -> dict[str, Any]:
    """A context block of one mrkdwn text."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def button(text: str, action: NotesAction, value: str, *, primary: bool = False) -> dict[str, Any]:
    """A button of the notes."""
    made: dict[str, Any] = {
        "type": "button", "text": plain(text), "action_id": action.value, "value": value,
    }  # fmt: skip
    if primary:
        made["style"] = "primary"
    return made


def dm_metadata(event: str, key: str, value: int) -> dict[str, Any]:
    """The metadata a prompt or reminder DM carries: its event type and row id."""
    return {"event_type": event, "event_payload": {key: value}}


def meeting_title(meeting: str) -> str:
    """A meeting's title on one line, safe in mrkdwn."""
    return escape_mrkdwn(" ".join(meeting.split())) or _("your meeting")


def due_date(day: date) -> str:
    """A due date as the reader's language writes it: `Tue 12 Jan` / `di 12 jan`."""
    noon = datetime.combine(day, time(12), tzinfo=UTC)
    return formats.weekday_date(noon, _UTC, current_language())


# --- the prompt DM -----------------------------------------------------------------------------


def prompt_dm(prompt_id: int, meeting: str, why: NoteTaker) -> Rendered:
    """ "Post the notes of <meeting>", with Post notes, Not this time, Never for this meeting."""
    text = _("Post the notes of *{meeting}*", meeting=meeting_title(meeting))
    if why is NoteTaker.ROTATING:
        reason = _("It's your turn to take the notes of this series.")
    elif why is NoteTaker.FIXED:
        reason = _("You're the note-taker of this series.")
    else:
        reason = _("You organized this meeting.")
    value = str(prompt_id)
    blocks = [
        section(text),
        context(
            _(
                "{reason} A summary, the decisions and the actions, each with an owner: I post "
                "them in the channel you pick and remind each owner on the due date.",
                reason=reason,
            )
        ),
        {
            "type": "actions",
            "elements": [
                button(_("Post notes"), NotesAction.POST, value, primary=True),
                button(_("Not this time"), NotesAction.NOT_THIS_TIME, value),
                button(_("Never for this meeting"), NotesAction.NEVER, value),
            ],
        },
    ]
    return Rendered(_("Post the notes of {meeting}", meeting=meeting_title(meeting)), blocks)


def prompt_answered(meeting: str, answer: Answer | None, channel_id: str | None) -> Rendered:
    """The prompt DM once answered: posted (answer None), not this time, or never."""
    title = meeting_title(meeting)
    if answer is Answer.NEVER:
        text = _("Got it: I won't ask for notes of *{meeting}* again.", meeting=title)
    elif answer is Answer.NOT_THIS_TIME:
        text = _("Got it: no notes of *{meeting}* this time.", meeting=title)
    elif channel_id is not None and CHANNEL_ID.fullmatch(channel_id):
        text = _(
            "The notes of *{meeting}* are posted in <#{channel}>.",
            meeting=title,
            channel=channel_id,
        )
    else:
        text = _("The notes of *{meeting}* are posted.", meeting=title)
    return Rendered(text, [section(text)])


# --- the notes in the channel ------------------------------------------------------------------


def action_block(item: ActionItem) -> dict[str, Any]:
    """One action of the posted notes: open with a Done button, or done and struck through."""
    text = escape_mrkdwn(item.text)
    owner = user_ref(item.owner_id)
    if item.done:
        done_by = user_ref(item.done_by) if item.done_by else None
        line = (
            _("~{action}~ ({owner}) · done by {person}", action=text, owner=owner, person=done_by)
            if done_by
            else _("~{action}~ ({owner}) · done", action=text, owner=owner)
        )
        return {**section(line), "block_id": f"{ACTION_BLOCK}{item.action_id}"}
    if item.due_on is not None:
        line = _(
            "{action} · {owner}, due {date}", action=text, owner=owner, date=due_date(item.due_on)
        )
    else:
        line = _("{action} · {owner}", action=text, owner=owner)
    return {
        **section(line),
        "block_id": f"{ACTION_BLOCK}{item.action_id}",
        # TRANSLATORS: marks an action of meeting notes as done.
        "accessory": button(pgettext("action", "Done"), NotesAction.DONE, str(item.action_id)),
    }


def posted_notes(
    meeting: str, notes: Notes, actions: Sequence[ActionItem], posted_by: str
) -> Rendered:
    """The notes as posted in the channel: summary, decisions, actions (each with its owner,
    due date and a Done button), and the link to the notes document."""
    title = " ".join(meeting.split()) or _("your meeting")
    header = clip(_("Notes: {meeting}", meeting=title), MAX_HEADER_TEXT)
    byline = _("Posted by {person}", person=user_ref(posted_by))
    # TRANSLATORS: the link to a meeting's own notes document.
    link = mrkdwn_link(notes.link, _("Notes document")) if notes.link else None
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(header)},
        context(f"{byline} · {link}" if link else byline),
    ]
    if notes.summary:
        blocks.append(section(_("*Summary*\n{text}", text=escape_mrkdwn(notes.summary))))
    if notes.decisions:
        blocks.append(section(_("*Decisions*\n{text}", text=escape_mrkdwn(notes.decisions))))
    if actions:
        blocks.append(section(_("*Actions*")))
        blocks += [action_block(item) for item in actions]
    return Rendered(notes_text(meeting), blocks)


def notes_text(meeting: str) -> str:
    """The posted notes' fallback text (notifications, screen readers)."""
    return _("Notes of {meeting}", meeting=" ".join(meeting.split()) or _("your meeting"))


def updated_notes(blocks: Sequence[dict[str, Any]], posted: PostedNotes) -> list[dict[str, Any]]:
    """The posted notes' blocks (as Slack returns them) with each action rebuilt from what
    is stored: the summary and decisions are not kept, so they are taken as they are."""
    items = {f"{ACTION_BLOCK}{item.action_id}": item for item in posted.actions}
    return [
        action_block(items[block["block_id"]]) if block.get("block_id") in items else block
        for block in blocks
    ]


# --- the owner's reminder and digest line ------------------------------------------------------


def _from_notes(channel_id: str, permalink: str | None) -> str:
    channel = f"<#{channel_id}>" if CHANNEL_ID.fullmatch(channel_id) else _("a channel")
    # TRANSLATORS: the link that opens the posted notes in Slack.
    link = mrkdwn_link(permalink, pgettext("link to notes", "Open the notes"))
    if link:
        return _("from the notes in {channel} · {link}", channel=channel, link=link)
    return _("from the notes in {channel}", channel=channel)


def action_reminder(item: ActionItem, channel_id: str, permalink: str | None) -> Rendered:
    """The one reminder DM on an action's due date, with a Done button."""
    text = _("Your action is due today: *{action}*", action=escape_mrkdwn(item.text))
    blocks = [
        {
            **section(text),
            "accessory": button(pgettext("action", "Done"), NotesAction.DONE, str(item.action_id)),
        },
        context(_from_notes(channel_id, permalink)),
    ]
    fallback = _("Your action is due today: {action}", action=escape_mrkdwn(item.text))
    return Rendered(fallback, blocks)


def action_done(item: ActionItem) -> Rendered:
    """What the reminder DM turns into once the action is done."""
    text = _("Done: ~{action}~", action=escape_mrkdwn(item.text))
    return Rendered(text, [section(text)])


def action_line(item: ActionItem, channel_id: str, permalink: str | None) -> str:
    """The action as a line in the owner's digest: what, by when, and where the notes are."""
    where = _from_notes(channel_id, permalink)
    text = escape_mrkdwn(item.text)
    if item.due_on is not None:
        return _(
            "• {action}, due {date}, {where}", action=text, date=due_date(item.due_on), where=where
        )
    return _("• {action}, {where}", action=text, where=where)


# --- an owner's new actions, in a DM or their digest ------------------------------------------


def new_actions(shown: Sequence[tuple[ActionItem, str, str | None]]) -> Rendered:
    """The DM that tells an owner of their new actions (action, notes' channel, permalink),
    each with a Done button."""
    lead = ngettext(
        "You have a new action from meeting notes:",
        "You have {n} new actions from meeting notes:",
        len(shown),
    )
    blocks: list[dict[str, Any]] = [section(lead)]
    for item, channel_id, permalink in shown:
        done = button(pgettext("action", "Done"), NotesAction.DONE, str(item.action_id))
        blocks.append({**section(action_line(item, channel_id, permalink)), "accessory": done})
    return Rendered(lead, blocks)


# Room a digest keeps for the actions it carries: a divider, a lead line and a line each.
DIGEST_ACTION_CHARS = MAX_ACTION_CHARS + 400


def digest_actions(shown: Sequence[tuple[ActionItem, str, str | None]]) -> list[dict[str, Any]]:
    """The owner's new actions at the end of their digest (nothing for none)."""
    if not shown:
        return []
    lead = ngettext(
        "*A new action for you* from meeting notes:",
        "*{n} new actions for you* from meeting notes:",
        len(shown),
    )
    lines = [action_line(item, channel, link) for item, channel, link in shown]
    return [{"type": "divider"}, section(lead + "\n" + "\n".join(lines))]


def digest_actions_room(count: int) -> tuple[int, int]:
    """(blocks, characters) that digest_actions may need for this many actions."""
    return (2, count * DIGEST_ACTION_CHARS) if count else (0, 0)


# --- notes that did not reach the channel ------------------------------------------------------


class NotPosted(StrEnum):
    """Why recorded notes are not in the channel."""

    CANNOT_POST = "cannot_post"  # Kairos is not in the channel (or it is archived)
    LOST = "lost"  # Kairos restarted before posting them


def _as_written(notes: Notes) -> str:
    parts = [notes.summary, notes.decisions, *(f"• {a.text}" for a in notes.actions)]
    if notes.link:
        parts.append(notes.link)
    lines = (line for part in parts if part for line in part.splitlines())
    return "\n".join(f"> {escape_mrkdwn(line)}" for line in lines)


def notes_not_posted(
    prompt_id: int, meeting: str, channel_id: str, why: NotPosted, notes: Notes | None
) -> Rendered:
    """The prompt DM once its notes could not be posted: why, what was written (to paste
    again), and the prompt's buttons to post them again."""
    title = meeting_title(meeting)
    channel = f"<#{channel_id}>" if CHANNEL_ID.fullmatch(channel_id) else _("that channel")
    if why is NotPosted.CANNOT_POST:
        text = _(
            "I couldn't post the notes of *{meeting}* in {channel}: invite me there "
            "(`/invite @Kairos`) or pick another channel, and post them again.",
            meeting=title,
            channel=channel,
        )
    else:
        text = _(
            "The notes of *{meeting}* didn't reach {channel}: I restarted before posting "
            "them. Sorry! Please post them again.",
            meeting=title,
            channel=channel,
        )
    blocks = [section(text)]
    if notes is not None:
        blocks.append(section(_("What you wrote:\n{notes}", notes=_as_written(notes))))
    asked = prompt_dm(prompt_id, meeting, NoteTaker.ORGANIZER).blocks
    blocks += [block for block in asked if block.get("type") == "actions"]
    return Rendered(text, blocks)
