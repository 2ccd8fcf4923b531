"""The notes modal a note-taker fills in, and reading it back (plain dicts): summary,
decisions, up to MAX_ACTIONS actions (text, owner, due date), a link to the notes document
and the channel to post in."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from bot.blocks import modal
from bot.i18n import _, current_language, formats, pgettext
from bot.ids import CHANNEL_ID, USER_ID
from bot.notes.messages import NotesView, context, meeting_title, plain, section
from bot.notes.model import (
    CHANNEL,
    DECISIONS,
    LINK,
    MAX_ACTION_CHARS,
    MAX_ACTIONS,
    MAX_DECISIONS_CHARS,
    MAX_LINK_CHARS,
    MAX_SUMMARY_CHARS,
    SUMMARY,
    ActionRow,
    Notes,
    NotesInputError,
    Problem,
    action_field,
    check_notes,
)
from bot.notes.taker_messages import TakerChoice, metadata, taker_blocks

# The action_id of every input of the modal (their block_ids tell them apart).
INPUT = "value"


def _text_input(
    block_id: str, label: str, *, limit: int, multiline: bool = False, placeholder: str = ""
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input", "action_id": INPUT, "multiline": multiline,
        "max_length": limit,
    }  # fmt: skip
    if placeholder:
        element["placeholder"] = plain(placeholder)
    return {
        "type": "input", "block_id": block_id, "label": plain(label), "optional": True,
        "element": element,
    }  # fmt: skip


def _action_inputs(row: int) -> list[dict[str, Any]]:
    number = row + 1
    return [
        _text_input(
            action_field(row, "text"),
            _("Action {number}", number=number),
            limit=MAX_ACTION_CHARS,
            placeholder=_("What is to be done") if row == 0 else "",
        ),
        {
            "type": "input", "block_id": action_field(row, "owner"), "optional": True,
            "label": plain(_("Owner of action {number}", number=number)),
            "element": {"type": "users_select", "action_id": INPUT},
        },
        {
            "type": "input", "block_id": action_field(row, "due"), "optional": True,
            "label": plain(_("Due date of action {number}", number=number)),
            "element": {"type": "datepicker", "action_id": INPUT},
        },
    ]  # fmt: skip


def notes_modal(
    prompt_id: int,
    meeting: str,
    channel_id: str | None,
    *,
    rows: int = MAX_ACTIONS,
    taker: TakerChoice | None = None,
) -> dict[str, Any]:
    """The notes modal: summary, decisions, up to MAX_ACTIONS actions (text, owner, due
    date), a link to the notes document, the channel (the series' one, if remembered), and
    for the organizer (`taker` given) who takes the series' notes from now on."""
    channel: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": INPUT,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if channel_id is not None and CHANNEL_ID.fullmatch(channel_id):
        channel["initial_conversation"] = channel_id
    blocks: list[dict[str, Any]] = [
        section(_("Notes of *{meeting}*", meeting=meeting_title(meeting))),
        _text_input(SUMMARY, _("Summary"), limit=MAX_SUMMARY_CHARS, multiline=True),
        _text_input(DECISIONS, _("Decisions"), limit=MAX_DECISIONS_CHARS, multiline=True),
        context(_("Each action needs an owner; a due date gets the owner one reminder.")),
    ]
    for row in range(max(1, min(rows, MAX_ACTIONS))):
        blocks += _action_inputs(row)
    blocks += [
        _text_input(
            LINK,
            _("Link to the notes document"),
            limit=MAX_LINK_CHARS,
            placeholder="https://",
        ),
        {
            "type": "input", "block_id": CHANNEL, "label": plain(_("Post in channel")),
            "element": channel,
        },
    ]  # fmt: skip
    if taker is not None:
        blocks += taker_blocks(taker)
    return modal(
        NotesView.NOTES,
        # TRANSLATORS: a modal's title; Slack allows 24 characters.
        _("Meeting notes"),
        blocks,
        # TRANSLATORS: the notes modal's submit button; Slack allows 24 characters.
        submit=pgettext("modal", "Post"),
        private_metadata=metadata(prompt_id, taker),
    )


def _value(state: Mapping[str, Any], block_id: str, key: str) -> object:
    block = state.get(block_id)
    element = block.get(INPUT) if isinstance(block, dict) else None
    return element.get(key) if isinstance(element, dict) else None


def _text(state: Mapping[str, Any], block_id: str) -> str:
    value = _value(state, block_id, "value")
    return value if isinstance(value, str) else ""


def _day(state: Mapping[str, Any], block_id: str) -> date | None:
    value = _value(state, block_id, "selected_date")
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def parse_notes(view_state: Mapping[str, Any], *, today: date) -> Notes:
    """The submitted modal's state (`view.state.values`) as Notes; NotesInputError naming
    every input that is wrong. `today` is the submitter's date, in their zone."""
    rows = []
    for row in range(MAX_ACTIONS):
        owner = _value(view_state, action_field(row, "owner"), "selected_user")
        rows.append(
            ActionRow(
                text=_text(view_state, action_field(row, "text")),
                owner_id=owner if isinstance(owner, str) and USER_ID.fullmatch(owner) else None,
                due_on=_day(view_state, action_field(row, "due")),
            )
        )
    channel = _value(view_state, CHANNEL, "selected_conversation")
    return check_notes(
        summary=_text(view_state, SUMMARY),
        decisions=_text(view_state, DECISIONS),
        actions=rows,
        link=_text(view_state, LINK),
        channel_id=channel if isinstance(channel, str) else None,
        today=today,
    )


# The zone whose day starts last: its date is never later than anyone's own today.
_LAST_ZONE = timezone(timedelta(hours=-12))


def earliest_today(now: datetime) -> date:
    """The date a due date is checked against: today somewhere on Earth. Slack's datepicker
    gives the submitter's own date and the payload says nothing of their zone, so a date is
    "in the past" once it has passed everywhere: never refusing a person's own today."""
    return now.astimezone(_LAST_ZONE).date()


_LIMITS = {SUMMARY: MAX_SUMMARY_CHARS, DECISIONS: MAX_DECISIONS_CHARS}


def notes_errors(error: NotesInputError) -> dict[str, str]:
    """Each wrong input's block_id and what to do about it, for `response_action: errors`."""
    return {field: _problem(field, problem) for field, problem in error.problems.items()}


def _problem(field: str, problem: Problem) -> str:
    if problem is Problem.TOO_LONG:
        limit = _LIMITS.get(field, MAX_ACTION_CHARS)
        return _(
            "Keep this to {limit} characters.", limit=formats.number(limit, current_language())
        )
    said = {
        Problem.EMPTY: _(
            "There is nothing to post yet: add a summary, a decision, an action or a link."
        ),
        Problem.NO_OWNER: _("Pick who owns this action."),
        Problem.NO_TEXT: _("Say what the action is, or clear its owner and due date."),
        Problem.PAST_DUE: _("That date has passed: pick today or a later day."),
        Problem.BAD_LINK: _("Paste a web address that starts with https:// or http://."),
        Problem.NO_CHANNEL: _("Pick the channel to post the notes in."),
    }
    return said[problem]
