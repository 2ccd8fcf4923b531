"""Editing a check-in: the setup modal filled in with its plan, and saving the change.

Saving changes the check-in, and the rounds still to come follow the new plan (they are
planned again from now). A round already open keeps its people, channel and times and
runs to its wrap-up: the people asked in it were told when answers are due, and moving
that under them would be unkind.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.checkins import repo
from bot.checkins.model import CheckInPlan
from bot.checkins.service import Refused, organized, unpostable_channel
from bot.checkins.service_rounds import plan_checkin
from bot.checkins.setup_messages import CHANNEL, Editing, SetupDefaults, setup_modal
from bot.checkins.tables import Status
from bot.db.uow import UnitOfWork
from bot.ports import SlackPort

__all__ = ["Refused", "Updated", "edit_modal_for", "update_checkin"]


@dataclass(frozen=True)
class Updated:
    """A check-in changed to the submitted plan."""

    checkin_id: int
    title: str
    first_round: datetime | None  # the next round still to open, if any is planned


def edit_modal_for(uow: UnitOfWork, user_id: str, checkin_id: int) -> dict[str, Any] | str:
    """The setup modal filled in with the check-in's plan, or a kind refusal."""
    with uow() as session:
        row = organized(session, user_id, checkin_id)
        if isinstance(row, str):
            return row
        plan = repo.plan_of(session, row)
        defaults = SetupDefaults(
            row.series_key or "", plan.title, plan.channel_id, plan.people, plan.cadence
        )
    return setup_modal(defaults, Editing(checkin_id, plan))


def _next_round(session: Session, checkin_id: int, now: datetime) -> datetime | None:
    upcoming = [r.opens_at for r in repo.rounds_of(session, checkin_id) if r.opens_at >= now]
    return min(upcoming, default=None)


def update_checkin(  # noqa: PLR0917 - the signature the listeners call
    uow: UnitOfWork,
    slack: SlackPort,
    user_id: str,
    checkin_id: int,
    plan: CheckInPlan,
    now: datetime,
) -> Updated | Refused:
    """Change a check-in to the submitted plan (its organizer only), or say what stands in
    the way. Saving the same plan twice (a double click) changes nothing the second time."""
    with uow() as session:
        row = organized(session, user_id, checkin_id)
        if isinstance(row, str):
            return Refused({CHANNEL: row})
        moved = plan.channel_id != row.channel_id
    # Only a new channel is checked: can_post_in joins a public one Kairos is not in yet.
    if moved and not slack.can_post_in(plan.channel_id):
        return unpostable_channel()
    with uow() as session:
        row = organized(session, user_id, checkin_id)
        if isinstance(row, str):
            return Refused({CHANNEL: row})
        # The title is the series' (the modal shows it, it is not an input): a forged
        # metadata cannot rename the check-in.
        kept = replace(plan, title=row.title)
        if repo.plan_of(session, row) != kept:
            repo.update_plan(session, checkin_id, kept, now)
        fresh = repo.get(session, checkin_id)
        if fresh is not None and fresh.status == Status.ACTIVE:
            plan_checkin(session, fresh, now)
        return Updated(checkin_id, row.title, _next_round(session, checkin_id, now))
