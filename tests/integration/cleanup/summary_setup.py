"""The weekly summary tests' workspace and helpers: who is in it, the meetings its members'
calendars show, and shorthands for configuring a channel and reading what was posted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.cleanup.config import Admins, summary_here
from bot.cleanup.posting import Summaries
from bot.cleanup.tables import SummaryChannel
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.meetings.tables import CalendarFeed, Meeting, MeetingSighting

ADMIN, ALICE, BOB, OUTSIDER = "U0ADMIN", "U0ALICE", "U0BOB", "U0OUT"
TEAM, SECRET = "C0TEAM", "G0SECRET"
# Monday 23 November 2026; the default summary is due Friday 27th 15:00 Amsterdam (14:00 UTC).
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def add_people(fake: FakeSlack) -> None:
    """An admin, Alice and Bob in #team, an outsider, and a private channel Kairos is not in."""
    fake.add_user(ADMIN, name="admin", is_admin=True)
    for user in (ALICE, BOB, OUTSIDER):
        fake.add_user(user, name=user.lower())
    fake.add_channel(TEAM, name="team", members=[ADMIN, ALICE, BOB])
    fake.add_channel(SECRET, name="secret", is_private=True, members=[ADMIN], bot_is_member=False)


def add_meeting(
    uow: UnitOfWork,
    title: str,
    start: datetime,
    seen_by: list[str],
    *,
    series: str | None = None,
    recurring: bool = False,
    agenda: bool = True,
    private: bool = False,
    minutes: int = 25,
    people: int = 4,
) -> None:
    """A meeting the calendars of `seen_by` show (each of them connected to Kairos)."""
    with uow() as session:
        for user in seen_by:
            if session.get(CalendarFeed, user) is None:
                session.add(
                    CalendarFeed(
                        user_id=user, url_encrypted="x", host="calendar.example.com",
                        created_at=MONDAY, next_poll_at=MONDAY + timedelta(days=30),
                    )
                )  # fmt: skip
        meeting = Meeting(
            series_key=series or f"{title}@{start.isoformat()}", slot=start,
            title="" if private else title, starts_at=start,
            ends_at=start + timedelta(minutes=minutes), people=people,
            is_recurring=recurring, is_private=private, has_agenda=agenda,
            agenda_reason="text" if agenda else "empty", minutes=minutes, flags="",
            updated_at=MONDAY, organizer_id=ALICE,
        )  # fmt: skip
        session.add(meeting)
        session.flush()
        session.add_all(MeetingSighting(meeting_id=meeting.id, user_id=u) for u in seen_by)


def add_standups(uow: UnitOfWork, first: datetime, days: int) -> None:
    """A recurring 30-minute standup without an agenda, daily for `days` days."""
    for day in range(days):
        start = first + timedelta(days=day)
        add_meeting(uow, "Daily standup", start, [ALICE, BOB], series="standup", recurring=True,
                    agenda=False, minutes=30, people=6)  # fmt: skip


def blocks_text(message: dict[str, Any]) -> str:
    """A message's blocks as text, for looking for phrases in."""
    return json.dumps(message.get("blocks", []), ensure_ascii=False)


def top_level_posts(fake: FakeSlack, channel: str = TEAM) -> list[dict[str, Any]]:
    """The top-level posts in a channel (not the replies in their threads)."""
    messages = fake.messages_in(channel)
    return [m for m in messages if "thread_ts" not in m or m["thread_ts"] == m["ts"]]


def summary_here_by(s: Summaries, user: str, channel: str = TEAM, now: datetime = MONDAY) -> str:
    """`/kairos summary here` by `user` in a channel."""
    return summary_here(
        s.uow, s.slack, Admins(frozenset()), user_id=user, channel_id=channel, when=None, now=now
    )


def configured_channels(uow: UnitOfWork) -> list[str]:
    """The channels that have a weekly summary."""
    with uow() as session:
        return list(session.scalars(select(SummaryChannel.channel_id)))
