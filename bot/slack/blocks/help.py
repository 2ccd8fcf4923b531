"""The help text shown by `/kairos help` and from App Home, and the answer to a command or
a form Kairos cannot read. Built when asked for, in the reader's language."""

from __future__ import annotations

from typing import Any

from bot.blocks import clip
from bot.i18n import _


def help_text() -> str:
    """What Kairos is and its commands, in the reader's language."""
    return _(
        "*Kairos* keeps your team's work async-first.\n"
        "• *Focus hours*: mentions of you wait while you focus and arrive afterwards in one "
        "digest.\n"
        "• *Away*: on leave and public holidays mentions wait too (`/focus away`, "
        "`/focus holidays`).\n"
        "• *No agenda, no attendee*: organizers of meetings without an agenda get a friendly "
        "nudge.\n"
        "• *Meeting cleanup*: a weekly summary helps your team cut, shorten and move meetings "
        "to async.\n"
        "Commands: `/focus help` for focus hours; `/kairos channels` shows which channels "
        "Kairos is in (admins: `/kairos channels all` makes it join every public channel); "
        "`/kairos calendar` connects your calendar; `/kairos norms` in a channel shows its "
        "norms (its creator or an admin: `/kairos norms edit`).\n"
        "Weekly summary (admins): `/kairos summary here [friday 15:00]` in the team's "
        "channel, `/kairos summary off`, `/kairos summary post`; anyone: "
        "`/kairos summary preview`. `/kairos focus-day friday|off` sets the team's "
        "meeting-free day.\n"
        "Check-ins: *Make it async* on an agenda nudge turns a recurring meeting into a "
        "check-in thread; `/kairos async` lists yours.\n"
        "Language: `/focus language nl|en|auto` is the language Kairos speaks to you; "
        "`/kairos language` in a channel shows the language it posts in there (its creator "
        "or an admin: `/kairos language nl|en|default`).\n"
        "Your data: `/kairos my-data` sends you everything Kairos holds about you, as a file.\n"
        "`/kairos forget-me` deletes it all, after you confirm."
    )


def unreadable_command() -> str:
    """A slash command whose fields are not what Slack sends: nothing to do."""
    return _("I couldn't read that command, so nothing was changed. Please try again.")


def unreadable_form() -> str:
    """A modal whose fields are not what Slack sends: nothing to do."""
    return _("I couldn't read that form. Nothing was changed.")


def help_blocks() -> list[dict[str, Any]]:
    """Blocks for the help message."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": clip(help_text(), 3000)}}]
