"""Notes and actions after a meeting, as pure rules (standard library only).

Which ended meetings get a notes prompt, when, and to whom (the organizer, the note-taker
chosen for the series, or the next attendee in a rotation); when an action's one reminder
is due; and what "not this time" and "never for this meeting" change. The notes a person
submits are checked here too, as problems per input (messages.py words them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

# The prompt is due when the meeting ends; a sweep every few minutes sends it, so that it
# arrives within PROMPT_WITHIN of the end.
PROMPT_WITHIN = timedelta(minutes=15)
# A prompt not sent a day after its meeting (Kairos was down) is not sent: by then the notes
# are written elsewhere or not at all, and a stale DM is noise.
PROMPT_STALE = timedelta(days=1)
MIN_PEOPLE = 2
MAX_ACTIONS = 10
MAX_SUMMARY_CHARS = 2800  # a posted section holds 3,000 with its label
MAX_DECISIONS_CHARS = 2800
MAX_ACTION_CHARS = 300
MAX_LINK_CHARS = 1000


class NoteTaker(StrEnum):
    """Who is asked for a series' notes."""

    ORGANIZER = "organizer"
    FIXED = "fixed"  # one person the organizer chose
    ROTATING = "rotating"  # the attendees in turn


class PromptState(StrEnum):
    """A prompt's life: recorded due, claimed for sending, in the DM, answered."""

    DUE = "due"
    SENDING = "sending"
    SENT = "sent"
    POSTED = "posted"
    SKIPPED = "skipped"  # "not this time" or "never for this meeting"


class ReminderState(StrEnum):
    """An action's one reminder: waiting for its day, claimed for sending, sent (or not
    needed: the action was done first)."""

    WAITING = "waiting"
    SENDING = "sending"
    SENT = "sent"
    NOT_NEEDED = "not_needed"


class Answer(StrEnum):
    """What a note-taker can say instead of posting notes."""

    NOT_THIS_TIME = "not_this_time"  # this meeting only
    NEVER = "never"  # never for this series


class NoPrompt(StrEnum):
    """Why an ended meeting gets no notes prompt."""

    NOT_ENDED = "not_ended"
    STALE = "stale"
    TOO_FEW_PEOPLE = "too_few_people"
    PRIVATE = "private"
    EXEMPT = "exempt"
    NEVER = "never"
    PROMPTED = "prompted"
    NOBODY = "nobody"  # no organizer, note-taker or attendee on Slack


@dataclass(frozen=True)
class EndedMeeting:
    """What the rules need of one meeting from the feeds."""

    meeting_id: int
    series_key: str
    ends_at: datetime
    people: int
    is_private: bool
    exemption: str | None  # the meetings domain's reason not to nudge, if any
    organizer_id: str | None  # None: the organizer is not a Slack user here
    attendees: tuple[str, ...] = ()  # attendees who are Slack users


@dataclass(frozen=True)
class SeriesNotes:
    """A series' notes settings (a series without a row has these defaults)."""

    series_key: str
    channel_id: str | None = None  # where notes are posted: asked the first time, remembered
    note_taker: NoteTaker = NoteTaker.ORGANIZER
    fixed_user_id: str | None = None
    last_taker_id: str | None = None
    never: bool = False


def why_no_prompt(
    meeting: EndedMeeting, series: SeriesNotes | None, *, prompted: bool, now: datetime
) -> NoPrompt | None:
    """Why this meeting gets no notes prompt now, or None when one is due."""
    checks = (
        (meeting.ends_at > now, NoPrompt.NOT_ENDED),
        (now - meeting.ends_at > PROMPT_STALE, NoPrompt.STALE),
        (meeting.is_private, NoPrompt.PRIVATE),
        (meeting.people < MIN_PEOPLE, NoPrompt.TOO_FEW_PEOPLE),
        (meeting.exemption is not None, NoPrompt.EXEMPT),
        (series is not None and series.never, NoPrompt.NEVER),
        (prompted, NoPrompt.PROMPTED),
    )
    reason = next((why for failed, why in checks if failed), None)
    if reason is None and note_taker(meeting, series) is None:
        return NoPrompt.NOBODY
    return reason


def prompt_due_at(meeting: EndedMeeting) -> datetime:
    """When the prompt is due: as the meeting ends (the sweep sends it within minutes)."""
    return meeting.ends_at


def rotation_order(attendees: Iterable[str]) -> tuple[str, ...]:
    """The attendees in the order they take notes: by Slack id, so that the order is the
    same after a restart and whichever feed listed them first."""
    return tuple(sorted(set(attendees)))


def next_in_rotation(attendees: Iterable[str], last_taker_id: str | None) -> str | None:
    """The attendee after the last one who took notes (the first if nobody has, or after
    wrapping around); the order holds when the last one has since left the meeting."""
    order = rotation_order(attendees)
    if not order:
        return None
    if last_taker_id is None:
        return order[0]
    return next((user for user in order if user > last_taker_id), order[0])


def note_taker(meeting: EndedMeeting, series: SeriesNotes | None) -> str | None:
    """Who is asked for this meeting's notes; None when nobody on Slack can be.

    An organizer who is not a Slack user hands the turn to the rotation, so that a meeting
    run from outside the workspace still leaves notes.
    """
    mode = series.note_taker if series is not None else NoteTaker.ORGANIZER
    last = series.last_taker_id if series is not None else None
    if mode is NoteTaker.FIXED and series is not None and series.fixed_user_id:
        return series.fixed_user_id
    if mode is NoteTaker.ROTATING:
        return next_in_rotation(meeting.attendees, last) or meeting.organizer_id
    return meeting.organizer_id or next_in_rotation(meeting.attendees, last)


def after_prompt(series: SeriesNotes | None, series_key: str, taker: str) -> SeriesNotes:
    """The series once `taker` was asked: a rotation moves on from them."""
    current = series or SeriesNotes(series_key)
    return replace(current, last_taker_id=taker)


def after_answer(series: SeriesNotes | None, series_key: str, answer: Answer) -> SeriesNotes:
    """The series after "not this time" (unchanged: this meeting only) or "never"."""
    current = series or SeriesNotes(series_key)
    return replace(current, never=True) if answer is Answer.NEVER else current


class Reachable(Protocol):
    """A person's next reachable moment (bot.focus.model.FocusState answers it)."""

    def available_at(self, tz: ZoneInfo, at: datetime) -> datetime | None:
        """The earliest instant at or after `at` the person is reachable, or None."""
        ...


def reminder_at(due_on: date, zone: ZoneInfo, owner: Reachable) -> datetime | None:
    """When an action's one reminder goes: the owner's first reachable moment of its due
    date, counted in their own zone (later when they are away that day)."""
    start = datetime.combine(due_on, time(0), tzinfo=zone).astimezone(UTC)
    return owner.available_at(zone, start)


# --- the notes a person submits ---------------------------------------------------------------

SUMMARY = "summary"
DECISIONS = "decisions"
LINK = "link"
CHANNEL = "channel"


def action_field(row: int, part: str) -> str:
    """The name of one input of an action row: `action.0.text`, `.owner`, `.due`."""
    return f"action.{row}.{part}"


class Problem(StrEnum):
    """What is wrong with one input of the notes."""

    EMPTY = "empty"  # nothing filled in at all
    NO_OWNER = "no_owner"
    NO_TEXT = "no_text"  # an owner or due date without the action
    PAST_DUE = "past_due"
    BAD_LINK = "bad_link"
    NO_CHANNEL = "no_channel"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class ActionRow:
    """One action row as submitted (empty strings and None for what was left out)."""

    text: str = ""
    owner_id: str | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class ActionDraft:
    """An action to record: what, who, by when."""

    text: str
    owner_id: str
    due_on: date | None


@dataclass(frozen=True)
class Notes:
    """A meeting's notes as checked, ready to post."""

    summary: str
    decisions: str
    actions: tuple[ActionDraft, ...]
    link: str | None
    channel_id: str


class NotesInputError(ValueError):
    """The submitted notes, input by input, and what is wrong with each."""

    def __init__(self, problems: Mapping[str, Problem]) -> None:
        super().__init__(", ".join(f"{name}: {why}" for name, why in problems.items()))
        self.problems = dict(problems)


_LINK = re.compile(r"https?://[^\s<>|]+", re.IGNORECASE)
_SLACK_CHANNEL = re.compile(r"[CG][A-Z0-9]{1,20}")


def one_line(text: str) -> str:
    """The text on one line (an action is a line in the channel, a digest and a DM)."""
    return " ".join(text.split())


def check_notes(
    *,
    summary: str,
    decisions: str,
    actions: Sequence[ActionRow],
    link: str,
    channel_id: str | None,
    today: date,
) -> Notes:
    """The notes if every input is right; NotesInputError naming each input that is not."""
    problems: dict[str, Problem] = {}
    summary, decisions, link = summary.strip(), decisions.strip(), link.strip()
    for name, text, limit in (
        (SUMMARY, summary, MAX_SUMMARY_CHARS),
        (DECISIONS, decisions, MAX_DECISIONS_CHARS),
    ):
        if len(text) > limit:
            problems[name] = Problem.TOO_LONG
    drafts = []
    for row, action in enumerate(actions[:MAX_ACTIONS]):
        draft = _check_action(row, action, today, problems)
        if draft is not None:
            drafts.append(draft)
    if link and (len(link) > MAX_LINK_CHARS or not _LINK.fullmatch(link)):
        problems[LINK] = Problem.BAD_LINK
    if channel_id is None or not _SLACK_CHANNEL.fullmatch(channel_id):
        problems[CHANNEL] = Problem.NO_CHANNEL
    if not (summary or decisions or drafts or link) and not problems:
        problems[SUMMARY] = Problem.EMPTY
    if problems or channel_id is None:
        raise NotesInputError(problems)
    return Notes(summary, decisions, tuple(drafts), link or None, channel_id)


def _check_action(
    row: int, action: ActionRow, today: date, problems: dict[str, Problem]
) -> ActionDraft | None:
    text = one_line(action.text)
    if not text:
        if action.owner_id or action.due_on:
            problems[action_field(row, "text")] = Problem.NO_TEXT
        return None
    if len(text) > MAX_ACTION_CHARS:
        problems[action_field(row, "text")] = Problem.TOO_LONG
    if not action.owner_id:
        problems[action_field(row, "owner")] = Problem.NO_OWNER
    if action.due_on is not None and action.due_on < today:
        problems[action_field(row, "due")] = Problem.PAST_DUE
    if not action.owner_id:
        return None
    return ActionDraft(text, action.owner_id, action.due_on)


# --- actions as they are shown ----------------------------------------------------------------


@dataclass(frozen=True)
class ActionItem:
    """A recorded action, as the notes, a digest and a reminder show it."""

    action_id: int
    text: str
    owner_id: str
    due_on: date | None
    done_by: str | None = None
    done: bool = False


@dataclass(frozen=True)
class PostedNotes:
    """Where a meeting's notes are, and their actions: what Done needs to update them."""

    prompt_id: int
    channel_id: str
    message_ts: str | None  # None until Slack has answered the post
    actions: tuple[ActionItem, ...]


def notes_json(notes: Notes) -> str:
    """The notes as kept between their submission and their post (tables.NotesPrompt.draft)."""
    actions = [[a.text, a.owner_id, a.due_on.isoformat() if a.due_on else None]
               for a in notes.actions]  # fmt: skip
    kept = {"summary": notes.summary, "decisions": notes.decisions, "actions": actions,
            "link": notes.link, "channel": notes.channel_id}  # fmt: skip
    return json.dumps(kept)


def notes_from_json(text: str | None) -> Notes | None:
    """Kept notes read back; None when there are none (or they are not Kairos's shape)."""
    if not text:
        return None
    try:
        kept = json.loads(text)
        actions = tuple(
            ActionDraft(str(what), str(owner), date.fromisoformat(due) if due else None)
            for what, owner, due in kept["actions"]
        )
        return Notes(str(kept["summary"]), str(kept["decisions"]), actions,
                     kept["link"] or None, str(kept["channel"]))  # fmt: skip
    except (TypeError, ValueError, KeyError):
        return None
