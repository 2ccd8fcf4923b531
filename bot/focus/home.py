"""The Home tab as one person sees it, and what the focus-hours editor starts from.

Focus owns the tab's main section, so it gathers the rest too (Connect's state, the
calendar's) for the listener to render with one call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.db.uow import UnitOfWork
from bot.digest.home import last_digest
from bot.focus import repo
from bot.focus.editor import schedule_lines
from bot.focus.messages import DeliveredItem
from bot.focus.ports import ConnectHook
from bot.focus.service import new_user_text, status_text, zone
from bot.meetings.service import Calendars, feed_state


@dataclass(frozen=True)
class HomeState:
    """Everything one person's Home tab shows."""

    status: str
    tz: ZoneInfo
    last_digest: list[DeliveredItem]
    connect_configured: bool
    connected: bool
    # Slack's consent page, for someone who can connect and has not.
    authorize_url: str | None
    # What `/kairos calendar` says; None when calendars are not enabled here.
    calendar: str | None
    # A digest after leave is listed in its own layout (digest/away_messages.py).
    last_digest_lines: list[str] | None = None


def home_state(
    uow: UnitOfWork,
    connect: ConnectHook,
    calendars: Calendars | None,
    user_id: str,
    now: datetime,
) -> HomeState:
    """The person's focus status, last digest, Connect and calendar, for their Home tab."""
    with uow() as session:
        person = repo.get_person(session, user_id)
        text = status_text(session, person, now) if person else new_user_text()
        tz = zone(person) if person else ZoneInfo("UTC")
        rows, digest_lines = last_digest(session, person, user_id, now)
        items = [DeliveredItem(r.channel_id, r.sender_id, r.sent_at, r.permalink) for r in rows]
        connected = connect.is_connected(session, user_id)
    # The calendar is meetings' to describe, in its own (read-only) unit of work.
    calendar = feed_state(calendars.uow, user_id) if calendars is not None else None
    url = None
    if connect.configured and not connected:
        url = connect.authorize_url(user_id, now)
    return HomeState(
        status=text,
        tz=tz,
        last_digest=items,
        connect_configured=connect.configured,
        connected=connected,
        authorize_url=url,
        calendar=calendar,
        last_digest_lines=digest_lines,
    )


def editor_lines(uow: UnitOfWork, user_id: str) -> tuple[str, str]:
    """The focus blocks and working hours as the editor shows them, one line a group of days."""
    with uow() as session:
        person = repo.get_person(session, user_id)
        state = repo.state_of(person) if person else None
    if state is None:
        return "", ""
    return schedule_lines(state.blocks), schedule_lines(state.working_hours)


def home_opened(uow: UnitOfWork, event_id: str | None) -> None:
    """Record the Home tab's event as handled: called once the view is published."""
    with uow(event_id=event_id):
        pass
