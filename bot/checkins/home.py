"""The check-ins part of a person's App Home: the check-ins they organize, and their own
recurring meetings (from their feed) that could become one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.checkins import repo, repo_home
from bot.checkins.organizer_messages import ListedCheckIn
from bot.checkins.repo_home import OwnSeries
from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.focus.model import zone_named

# How many of each App Home shows; `/kairos async` lists every check-in.
MAX_SHOWN = 5


@dataclass(frozen=True)
class CheckInsHome:
    """What the Home tab shows of check-ins: the first few of each, and how many in all."""

    checkins: tuple[ListedCheckIn, ...]
    checkins_total: int
    series: tuple[OwnSeries, ...]
    series_total: int
    zone: ZoneInfo  # the person's, for the meetings' next times


def checkins_home(uow: UnitOfWork, user_id: str, now: datetime) -> CheckInsHome:
    """The person's check-ins (organized, not stopped) and their recurring meetings that
    have none yet."""
    with uow() as session:
        organized = [row for row in repo.of_person(session, user_id) if row.organizer_id == user_id]
        listed = tuple(
            ListedCheckIn(
                str(row.id),
                row.title,
                row.channel_id,
                repo.cadence_of_row(row),
                row.status,
                organizer=True,
            )
            for row in organized[:MAX_SHOWN]
        )
        series, total = repo_home.own_series(session, user_id, now, MAX_SHOWN)
        person = focus_repo.get_person(session, user_id)
        zone = zone_named(person.tz if person and person.tz else "UTC")
    return CheckInsHome(listed, len(organized), tuple(series), total, zone)
