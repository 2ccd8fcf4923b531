"""The admin section of App Home: the workspace settings it shows, and changing the weekly
summary's channel, day and time from its modal.

The focus day and joining channels change through the same use cases as `/kairos
focus-day` and `/kairos channels`; each use case asks Slack again who may change it, so a
forged submission from someone else is refused and changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.cleanup import repo_posts
from bot.cleanup.config import Admins, schedule_text, set_up_the_summary
from bot.cleanup.model import WEEKDAYS, SummarySchedule
from bot.cleanup.service import focus_day
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus.model import zone_named
from bot.i18n import _
from bot.ports import SlackPort, UnknownUser
from bot.workspace import repo as settings_repo
from bot.workspace.model import JOIN_ALL, ON
from bot.workspace.service import may_change_settings

log = logging.getLogger(__name__)

# The modal's inputs: errors are shown next to them.
SUMMARY_CHANNEL = "summary_channel"
SUMMARY_DAY = "summary_day"
SUMMARY_TIME = "summary_time"
MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class SummarySetting:
    """One channel that gets the weekly summary, and when."""

    channel_id: str
    schedule: SummarySchedule


@dataclass(frozen=True)
class AdminSettings:
    """The workspace settings an admin's Home tab shows."""

    summaries: tuple[SummarySetting, ...]
    focus_day: int | None
    joining_all: bool

    def summary(self, channel_id: str) -> SummarySetting | None:
        """The summary setting of one channel, if it gets the summary."""
        return next((s for s in self.summaries if s.channel_id == channel_id), None)


def admin_settings(
    uow: UnitOfWork, slack: SlackPort, admins: Admins, user_id: str
) -> AdminSettings | None:
    """The settings for an admin's Home tab; None for anyone else (they see no section)."""
    try:
        allowed = may_change_settings(slack, user_id, admins.listed)
    except UnknownUser:
        return None  # someone Slack does not know is no admin
    return current_settings(uow) if allowed else None


def editable_settings(
    uow: UnitOfWork, slack: SlackPort, admins: Admins, user_id: str, *, asked: tuple[str, str]
) -> AdminSettings:
    """The settings, for an admin about to change one; NotAnAdmin for anyone else, saying
    what they asked to do and the command for it (`asked`)."""
    admins.check(slack, user_id, *asked)
    return current_settings(uow)


def current_settings(uow: UnitOfWork) -> AdminSettings:
    """The summary channels, the focus day and whether Kairos joins every public channel."""
    with uow() as session:
        rows = repo_posts.summary_channels(session)
        summaries = tuple(
            SummarySetting(row.channel_id, SummarySchedule(row.weekday, row.minute, row.tz))
            for row in sorted(rows, key=lambda row: row.channel_id)
        )
        return AdminSettings(
            summaries=summaries,
            focus_day=focus_day(session),
            joining_all=settings_repo.get(session, JOIN_ALL) == ON,
        )


@dataclass(frozen=True)
class SummaryChange:
    """What the summary modal asks for: this channel, on this weekday at this minute, in
    place of `replaces` (the channel it was opened for, or None for a new one)."""

    channel_id: str
    weekday: int
    minute: int
    replaces: str | None = None


def change_summary(
    uow: UnitOfWork, slack: SlackPort, admins: Admins, user_id: str, change: SummaryChange, *,
    now: datetime,
) -> str:  # fmt: skip
    """Set a channel's weekly summary (moving it when the channel changed), in the admin's
    time zone; refused, and nothing changed, for anyone but an admin or on bad input."""
    admins.check(slack, user_id, set_up_the_summary(), "/kairos summary here")
    if not 0 <= change.weekday < len(WEEKDAYS) or not 0 <= change.minute < MINUTES_PER_DAY:
        raise KairosUserError(_("Pick a day and a time for the summary."), field=SUMMARY_DAY)
    if change.channel_id.startswith("D"):
        raise KairosUserError(
            _("Pick a channel: the summary is for a team, not a direct message."),
            field=SUMMARY_CHANNEL,
        )
    if not slack.can_post_in(change.channel_id):
        raise KairosUserError(
            _(
                "I can't post in that channel yet. Invite me there first with `/invite @Kairos`, "
                "then save again."
            ),
            field=SUMMARY_CHANNEL,
        )
    tz = zone_named(slack.user_timezone(user_id)).key
    schedule = SummarySchedule(change.weekday, change.minute, tz)
    with uow() as session:
        repo_posts.set_summary_channel(
            session, change.channel_id, weekday=change.weekday, minute=change.minute, tz=tz,
            set_by=user_id, now=now,
        )  # fmt: skip
        moved = change.replaces not in (None, change.channel_id)
        if moved and change.replaces is not None:
            repo_posts.delete_summary_channel(session, change.replaces)
    log.info(
        "%s set the weekly summary in %s: %s%s", user_id, change.channel_id,
        schedule_text(schedule, "en"), f" (moved from {change.replaces})" if moved else "",
    )  # fmt: skip
    return _(
        "The weekly summary goes to <#{channel}> {schedule}.",
        channel=change.channel_id,
        schedule=schedule_text(schedule),
    )
