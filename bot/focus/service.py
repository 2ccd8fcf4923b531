"""Focus hours: what `/focus` and the editor do, and a changed time zone.

The use cases (focus_command, save_focus_hours, profile_changed) each open one unit of work;
the helpers they share take its session and never commit. Held mentions are in
incoming.py, the urgent button in urgent.py, the Home tab in home.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.connect.repo import is_connected
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus import repo
from bot.focus.away import apply_away, away_lines, today_of
from bot.focus.calendar_leave import (
    calendar_leave_items,
    drop_calendar_leave,
    replace_calendar_leave,
    set_ignored,
)
from bot.focus.commands import (
    AddBlocks,
    ClearBlocks,
    ClearHolidays,
    ClearWorkingHours,
    EndFocus,
    EndLeave,
    FocusCommand,
    RemoveBlocks,
    SetHolidays,
    SetWorkingHours,
    ShowHelp,
    ShowStatus,
    StartSession,
    StartUntil,
    TakeLeave,
)
from bot.focus.leave_messages import CalendarLeaveItem
from bot.focus.model import (
    RECHECK_WITHOUT_FREE_TIME,
    Schedule,
    add_windows,
    remove_windows,
    session_for,
    session_until,
    zone_named,
)
from bot.focus.ports import ConnectHook
from bot.focus.tables import Person
from bot.focus.text import describe_schedule, describe_status, format_when, help_text
from bot.i18n import _, ngettext
from bot.meetings.absence import Absence
from bot.ports import SlackPort


def visibility_note() -> str:
    """Which mentions Kairos can hold at all."""
    return _(
        "Kairos holds only the mentions it sees: public channels it is in, private channels it "
        "was invited to (`/invite @Kairos`). Direct messages between people are not seen."
    )


def new_user_text() -> str:
    """The status of someone who never set focus hours."""
    return _(
        "You haven't set focus hours yet. Try `/focus mon-fri 9:00-11:00` for a weekly block, "
        "or `/focus now 90m` to start focusing now."
    )


def not_paused_note() -> str:
    """Why Slack still notifies someone who has not connected their account."""
    return _(
        "Slack will still notify you: Kairos cannot pause your notifications until you connect "
        "your account in the Kairos Home tab (where your workspace's admin has enabled it)."
    )


@dataclass(frozen=True)
class CommandResult:
    """The reply to a `/focus` command."""

    text: str
    # Leave from the person's calendar, each shown with its Ignore / Count it again button.
    calendar_leave: tuple[CalendarLeaveItem, ...] = ()


def zone(person: Person) -> ZoneInfo:
    """The person's zone."""
    return zone_named(person.tz)


def focus_command(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    user_id: str,
    command: FocusCommand,
    *,
    now: datetime,
) -> CommandResult:
    """`/focus`: apply the command for the person (known from now on) and say what changed."""
    with uow() as session:
        person = person_for(session, slack, user_id, now)
        result = run_command(session, person, command, now)
        # Focus may have started or ended: the sweep snoozes or restores Slack at once.
        connect.touch(session, person.user_id, now)
    return result


def save_focus_hours(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    user_id: str,
    *,
    blocks: Schedule,
    working_hours: Schedule,
    now: datetime,
) -> None:
    """The App Home editor: replace the focus blocks and the working hours at once."""
    with uow() as session:
        person = person_for(session, slack, user_id, now)
        save_schedules(session, person, blocks, working_hours, now)
        connect.touch(session, user_id, now)


def profile_changed(
    uow: UnitOfWork,
    connect: ConnectHook,
    user_id: str,
    tz: str,
    *,
    locale: str | None = None,
    event_id: str | None,
    now: datetime,
) -> None:
    """Slack's `user_change`: keep a known person's time zone, so focus follows them, and
    their locale (when the event carries one), so Kairos speaks their language."""
    with uow(event_id=event_id) as session:
        person = repo.get_person(session, user_id)
        if person is None:
            return
        if person.tz != tz:
            person.tz = tz
            connect.touch(session, person.user_id, now)
        if locale is not None and person.slack_locale != locale:
            person.slack_locale = locale


def person_for(session: Session, slack: SlackPort, user_id: str, now: datetime) -> Person:
    """The stored person, created with their Slack time zone and locale on first use."""
    person = repo.get_person(session, user_id)
    if person is None:
        tz, locale = slack.user_timezone(user_id), slack.user_locale(user_id)  # one call
        person = repo.add_person(session, user_id, tz, now, slack_locale=locale)
    return person


def run_command(
    session: Session, person: Person, command: FocusCommand, now: datetime
) -> CommandResult:
    """Apply a parsed `/focus` command and say what changed."""
    tz = zone(person)
    state = repo.state_of(person)
    match command:
        case ShowStatus():
            return _with_status(session, person, now)
        case ShowHelp():
            return CommandResult(help_text())
        case AddBlocks(days, start, end):
            new = replace(state, blocks=add_windows(state.blocks, days, start, end))
            # TRANSLATORS: focus time was added; the status follows.
            lead = _("Added.")
        case RemoveBlocks(days, start, end):
            new = replace(state, blocks=remove_windows(state.blocks, days, start, end))
            removed = new.blocks != state.blocks
            lead = _("Removed.") if removed else _("There was no focus time there.")
        case ClearBlocks():
            new, lead = replace(state, blocks=()), _("Cleared your focus blocks.")
        case StartSession(duration):
            new = replace(state, session=session_for(now, duration), released_until=None)
            lead = _("Focus session started.")
        case StartUntil(local_minute):
            new = replace(state, session=session_until(now, tz, local_minute), released_until=None)
            lead = _("Focus session started.")
        case EndFocus():
            new = state.end_focus(tz, now)
            repo.store_state(person, new, now)
            reschedule(session, person, now)
            held = repo.held_count(session, person.user_id)
            if not held:
                return CommandResult(_("Focus ended. Nothing was held for you."))
            return CommandResult(
                ngettext(
                    "Focus ended. Your digest of {n} held mention is on its way.",
                    "Focus ended. Your digest of {n} held mentions is on its way.",
                    held,
                )
            )
        case SetWorkingHours(days, start, end):
            new = replace(state, working_hours=add_windows((), days, start, end))
            lead = _("Working hours set.")
        case ClearWorkingHours():
            new, lead = replace(state, working_hours=()), _("Working hours removed.")
        case TakeLeave() | EndLeave() | SetHolidays() | ClearHolidays():
            lead = apply_away(person, command, now)
            reschedule(session, person, now)
            return _with_status(session, person, now, lead)
    repo.store_state(person, new, now)
    reschedule(session, person, now)
    return CommandResult(f"{lead} {status_text(session, person, now)}")


def save_schedules(
    session: Session, person: Person, blocks: Schedule, working_hours: Schedule, now: datetime
) -> None:
    """Replace both schedules at once (the App Home editor)."""
    state = replace(repo.state_of(person), blocks=blocks, working_hours=working_hours)
    repo.store_state(person, state, now)
    reschedule(session, person, now)


def reschedule(session: Session, person: Person, now: datetime) -> None:
    """Set when the sweep looks at this person next: when their held mentions are due."""
    if repo.held_count(session, person.user_id) == 0:
        person.next_check_at = None
        return
    available = repo.state_of(person).available_at(zone(person), now)
    person.next_check_at = available if available is not None else now + RECHECK_WITHOUT_FREE_TIME


def status_text(session: Session, person: Person, now: datetime) -> str:
    """Everything `/focus status` reports, in a few short lines."""
    tz = zone(person)
    state = repo.state_of(person)
    status = state.status(tz, now)
    held = repo.held_count(session, person.user_id)
    # TRANSLATORS: shown when the person has no working hours.
    no_hours = _("not set")
    lines = [
        describe_status(status, tz),
        _("*Focus blocks*: {schedule}", schedule=describe_schedule(state.blocks)),
        _(
            "*Working hours*: {schedule}",
            schedule=describe_schedule(state.working_hours, empty=no_hours),
        ),
        *away_lines(person, today_of(person, now)),
    ]
    lines.append(_held_line(held, person.next_check_at or status.available_at, tz, now))
    if not is_connected(session, person.user_id):
        lines.append(not_paused_note())
    lines.append(visibility_note())
    return "\n".join(lines)


def _held_line(held: int, due: datetime | None, tz: ZoneInfo, now: datetime) -> str:
    """The status line of what is held, and when it arrives."""
    if not held:
        return _("*Held for you*: nothing.")
    if due is None:
        return ngettext(
            "*Held for you*: {n} mention, delivered your next free time.",
            "*Held for you*: {n} mentions, delivered your next free time.",
            held,
        )
    return ngettext(
        "*Held for you*: {n} mention, delivered {time}.",
        "*Held for you*: {n} mentions, delivered {time}.",
        held,
        time=format_when(due, tz, now),
    )


def _with_status(
    session: Session, person: Person, now: datetime, lead: str | None = None
) -> CommandResult:
    """The status (after `lead`), with the buttons of the person's calendar leave."""
    status = status_text(session, person, now)
    items = tuple(calendar_leave_items(person, today_of(person, now)))
    return CommandResult(f"{lead}\n{status}" if lead else status, items)


def count_calendar_leave(
    uow: UnitOfWork, user_id: str, key: str, *, ignore: bool, now: datetime
) -> CommandResult:
    """The Ignore (or Count it again) button of a calendar event: whether its days count as
    leave, remembered by the event's key across syncs; the status after it."""
    with uow() as session:
        person = repo.get_person(session, user_id)
        if person is None or not set_ignored(session, person, key, now if ignore else None):
            raise KairosUserError(
                _(
                    "That event is no longer in your calendar, so there was nothing to change. "
                    "`/focus status` lists what your calendar shows now."
                ),
                example="/focus status",
            )
        reschedule(session, person, now)
        lead = (
            _("Ignored: those days no longer count as leave. Your calendar keeps the event.")
            if ignore
            else _("Counted again: those days are leave once more.")
        )
        return _with_status(session, person, now, lead)


def calendar_leave_synced(
    session: Session,
    user_id: str,
    tz: str,
    *,
    absences: Sequence[Absence],
    read_from: date,
    now: datetime,
) -> None:
    """A feed sync's out-of-office events become the person's calendar leave; held mentions
    are then due by the new end of their leave (earlier or later)."""
    person = replace_calendar_leave(
        session, user_id, tz, absences=absences, read_from=read_from, now=now
    )
    if person is not None:
        reschedule(session, person, now)


def calendar_disconnected(session: Session, user_id: str, now: datetime) -> None:
    """The person's feed is gone, and with it the leave it made."""
    drop_calendar_leave(session, user_id)
    person = repo.get_person(session, user_id)
    if person is not None:
        session.expire(person, ["leave"])
        reschedule(session, person, now)
