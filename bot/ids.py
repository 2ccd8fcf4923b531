"""Slash commands, action ids and callback ids, in one place; and the shape of Slack's ids.

Below the domains: their messages.py put these ids on buttons and modals, and the Slack
layer's listeners match on them.
"""

from __future__ import annotations

import re
from enum import StrEnum

# A user id (`W` in Enterprise Grid) and a conversation id (channel, DM, private channel).
USER_ID = re.compile(r"[UW][A-Z0-9]{1,20}")
CHANNEL_ID = re.compile(r"[CDG][A-Z0-9]{1,20}")


class Command(StrEnum):
    """Slash commands Kairos registers (kept in step with the manifest)."""

    KAIROS = "/kairos"
    FOCUS = "/focus"


class Action(StrEnum):
    """Block Kit action ids."""

    HOME_SHOW_HELP = "home.show_help"
    FOCUS_URGENT = "focus.urgent"
    FOCUS_EDIT = "focus.edit"
    FOCUS_FORM_ADD = "focus.form.add"
    FOCUS_FORM_REMOVE = "focus.form.remove"
    FOCUS_FORM_AS_TEXT = "focus.form.as_text"
    FOCUS_CALENDAR_LEAVE = "focus.calendar_leave"
    CALENDAR_OPEN = "calendar.open"
    MEETING_ASK_AGENDA = "meeting.ask_agenda"
    NUDGE_ADD_AGENDA = "nudge.add_agenda"
    NUDGE_ASYNC = "nudge.async"
    NUDGE_NOT_NEEDED = "nudge.not_needed"
    ASYNC_YES = "async.yes"
    ASYNC_PARTLY = "async.partly"
    ASYNC_NO = "async.no"
    SUMMARY_MAKE_ASYNC = "summary.make_async"
    NORMS_EDIT = "norms.edit"
    ADMIN_SUMMARY = "admin.summary"
    ADMIN_FOCUS_DAY = "admin.focus_day"
    ADMIN_JOINING = "admin.joining"
    CHECKIN_ANSWER = "checkin.answer"
    CHECKIN_SKIP = "checkin.skip"
    CHECKIN_PAUSE = "checkin.pause"
    CHECKIN_RESUME = "checkin.resume"
    CHECKIN_STOP = "checkin.stop"
    # The notes prompt's buttons and an action's Done (bot/notes/messages.py's NotesAction).
    NOTES_POST = "notes.post"
    NOTES_NOT_THIS_TIME = "notes.not_this_time"
    NOTES_NEVER = "notes.never"
    NOTES_DONE = "notes.action_done"
    CHECKIN_EDIT = "checkin.edit"
    HOME_CHECKIN_PAUSE = "home.checkin_pause"
    HOME_CHECKIN_RESUME = "home.checkin_resume"
    HOME_CHECKIN_STOP = "home.checkin_stop"
    HOME_MAKE_ASYNC = "home.make_async"


class Shortcut(StrEnum):
    """Callback ids of the global and message shortcuts (kept in step with the manifest)."""

    START_FOCUS = "focus.start_shortcut"
    READ_AFTER_FOCUS = "digest.read_after_focus"


class View(StrEnum):
    """Modal callback ids."""

    FOCUS_START = "focus.start"
    FOCUS_EDITOR = "focus.editor"
    FOCUS_FORM = "focus.form"
    AGENDA = "nudge.agenda"
    CALENDAR = "calendar.address"
    FORGET_ME = "privacy.forget_me"
    NORMS_EDITOR = "norms.editor"
    ADMIN_SUMMARY = "admin.summary"
    ADMIN_FOCUS_DAY = "admin.focus_day"
    ADMIN_JOINING = "admin.joining"
    CHECKIN_SETUP = "checkin.setup"
    CHECKIN_ANSWERS = "checkin.answers"
    NOTES = "notes.modal"  # bot/notes/messages.py's NotesView
    CHECKIN_EDIT = "checkin.edit"
