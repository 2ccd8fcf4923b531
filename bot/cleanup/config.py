"""`/kairos summary here|off` and `/kairos focus-day`: who may set them, and what they set."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cleanup import repo_posts
from bot.cleanup.messages import weekday_name
from bot.cleanup.model import WEEK, WEEKDAYS, SummarySchedule
from bot.cleanup.service import FOCUS_DAY, focus_day
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus.model import zone_named
from bot.i18n import _, current_language, formats, speaking
from bot.ports import SlackPort
from bot.workspace import repo as settings_repo
from bot.workspace.service import NotAnAdmin, may_change_settings

log = logging.getLogger(__name__)

DEFAULT_WEEKDAY = 4  # Friday
DEFAULT_MINUTE = 15 * 60


@dataclass(frozen=True)
class Admins:
    """Who may change workspace settings besides Slack's admins and owners."""

    listed: frozenset[str]

    def check(self, slack: SlackPort, user_id: str, what: str, example: str) -> None:
        """Refuse (and change nothing) unless the person is an admin."""
        if not may_change_settings(slack, user_id, self.listed):
            raise NotAnAdmin(what, example)


def _not_a_dm(channel_id: str) -> None:
    if channel_id.startswith("D"):
        raise KairosUserError(
            _("Run this in the channel where your team wants the weekly summary, not in a DM."),
            example="/kairos summary here",
        )


def schedule_text(schedule: SummarySchedule, language: str | None = None) -> str:
    """The schedule in words, e.g. "every Friday at 15:00 (Europe/Amsterdam)", in the
    current language (or `language`: logs are English)."""
    hours, minutes = divmod(schedule.minute, 60)
    clock = f"{hours:02d}:{minutes:02d}"  # a 24-hour clock in both languages
    with speaking(language or current_language()):
        return _(
            "every {day} at {time} ({zone})",
            day=weekday_name(schedule.weekday),
            time=clock,
            zone=schedule.tz,
        )


def summary_here(
    uow: UnitOfWork,
    slack: SlackPort,
    admins: Admins,
    *,
    user_id: str,
    channel_id: str,
    when: tuple[int, int] | None,
    now: datetime,
) -> str:
    """Post the weekly summary in this channel; the admin's zone sets the wall clock."""
    admins.check(slack, user_id, set_up_the_summary(), "/kairos summary here")
    _not_a_dm(channel_id)
    if not slack.can_post_in(channel_id):
        raise KairosUserError(
            _(
                "I can't post in this channel yet. Invite me first with `/invite @Kairos`, "
                "then run this again."
            ),
            example="/kairos summary here",
        )
    weekday, minute = when or (DEFAULT_WEEKDAY, DEFAULT_MINUTE)
    tz = zone_named(slack.user_timezone(user_id)).key
    schedule = SummarySchedule(weekday, minute, tz)
    with uow() as session:
        repo_posts.set_summary_channel(
            session, channel_id, weekday=weekday, minute=minute, tz=tz, set_by=user_id, now=now
        )
    log.info(
        "%s set the weekly summary in %s: %s", user_id, channel_id, schedule_text(schedule, "en")
    )
    return _(
        "Done. Kairos will post the weekly meeting-cleanup summary here {schedule}, starting "
        "{date}. `/kairos summary preview` shows it now, only to you.",
        schedule=schedule_text(schedule),
        date=_next_date(schedule, now),
    )


def set_up_the_summary() -> str:
    """What an admin may do here, as `NotAnAdmin` words it ("Only an admin can …")."""
    # TRANSLATORS: completes "Only a workspace admin or owner can …".
    return _("set up the weekly summary")


def _next_date(schedule: SummarySchedule, now: datetime) -> str:
    due = schedule.due_in_week_of(now)
    if due < now:  # this week's went by before the channel was set up
        due = schedule.due_in_week_of(now + WEEK)
    zone = ZoneInfo(schedule.tz)
    language = current_language()
    if language == "en":  # Kairos's English has always read "Friday 04 December"
        return f"{due.astimezone(zone):%A %d %B}"
    return formats.weekday_date(due, zone, language)


def summary_off(
    uow: UnitOfWork, slack: SlackPort, admins: Admins, user_id: str, channel_id: str
) -> str:
    """Stop the weekly summary in this channel."""
    # TRANSLATORS: completes "Only a workspace admin or owner can …".
    admins.check(slack, user_id, _("turn off the weekly summary"), "/kairos summary off")
    with uow() as session:
        gone = repo_posts.delete_summary_channel(session, channel_id)
    if not gone:
        return _("There is no weekly summary in this channel, so nothing changed.")
    log.info("%s turned off the weekly summary in %s", user_id, channel_id)
    return _("Done. No more weekly summaries here. `/kairos summary here` brings them back.")


def summary_state(uow: UnitOfWork, channel_id: str) -> str:
    """What `/kairos summary` says about this channel."""
    with uow() as session:
        row = repo_posts.summary_channel(session, channel_id)
        if row is None:
            return _(
                "This channel gets no weekly summary. An admin can start one with "
                "`/kairos summary here` (Fridays at 15:00), or `/kairos summary here monday 9:30`."
            )
        schedule = SummarySchedule(row.weekday, row.minute, row.tz)
    return _("The weekly summary is posted here {schedule}.", schedule=schedule_text(schedule))


def focus_day_command(
    uow: UnitOfWork,
    slack: SlackPort,
    admins: Admins,
    *,
    user_id: str,
    day: int | None,
    now: datetime,
) -> str:
    """Set (a weekday) or clear (None) the team's meeting-free day."""
    # TRANSLATORS: completes "Only a workspace admin or owner can …".
    admins.check(slack, user_id, _("set the focus day"), "/kairos focus-day friday")
    with uow() as session:
        settings_repo.put(session, FOCUS_DAY, "" if day is None else str(day), user_id, now)
    log.info("%s set the focus day to %s", user_id, "off" if day is None else WEEKDAYS[day])
    if day is None:
        return _("Done. The team has no focus day now.")
    return _(
        "Done. {day} is the team's focus day: the weekly summary points out meetings on a "
        "{day}, so they can move.",
        day=weekday_name(day),
    )


def focus_day_state(uow: UnitOfWork) -> str:
    """What `/kairos focus-day` says."""
    with uow() as session:
        day = focus_day(session)
    if day is None:
        return _("The team has no focus day. An admin can set one with `/kairos focus-day friday`.")
    return _(
        "{day} is the team's focus day. An admin can change it with `/kairos focus-day`.",
        day=weekday_name(day),
    )
