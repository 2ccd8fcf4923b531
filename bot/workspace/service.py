"""Joining every public channel: the admin setting, and the sweep that carries it out.

Kairos can hold only the mentions it sees, and it sees only conversations it is in. With
this setting on, it joins every public channel (a few dozen per sweep, because Slack
rate-limits conversations.join) and each new one as it is created. It never leaves a
channel by itself: turning the setting off only stops the joining.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial

from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.ports import SlackPort
from bot.retry import Retries
from bot.workspace import repo
from bot.workspace.messages import (
    change_the_joining,
    describe,
    joining_all,
    joining_stopped,
    not_an_admin,
)
from bot.workspace.model import (
    CHECKED_AT,
    JOIN_ALL,
    OFF,
    ON,
    RETRY_AT,
    ChannelsAnswer,
    ChannelsMode,
    pass_due,
)

log = logging.getLogger(__name__)

# conversations.join is Tier 3 (50+ a minute); one sweep stays well inside that.
JOINS_PER_SWEEP = 40


class NotAnAdmin(KairosUserError):  # noqa: N818 - reads better at call sites
    """Someone who is not a workspace admin tried to change a workspace setting."""

    def __init__(self, what: str | None = None, example: str = "/kairos channels") -> None:
        # `what` is translated by the caller; the default is built here, in the reader's.
        super().__init__(not_an_admin(what or change_the_joining()), example=example)


def may_change_settings(slack: SlackPort, user_id: str, admin_users: frozenset[str]) -> bool:
    """Workspace admins and owners, and the people the operator listed, may change settings."""
    return user_id in admin_users or slack.is_workspace_admin(user_id)


def channels_command(
    uow: UnitOfWork,
    slack: SlackPort,
    user_id: str,
    mode: ChannelsMode,
    *,
    admin_users: frozenset[str],
    now: datetime,
) -> ChannelsAnswer:
    """Show or change the setting; only admins change it, and nothing changes otherwise."""
    if mode is ChannelsMode.SHOW:
        with uow() as session:
            return ChannelsAnswer(describe(repo.get(session, JOIN_ALL) == ON), changed=False)
    # Asked of Slack before the transaction: no network wait with a transaction open.
    if not may_change_settings(slack, user_id, admin_users):
        raise NotAnAdmin()
    wanted = mode is ChannelsMode.ALL
    with uow() as session:
        was_on = repo.get(session, JOIN_ALL) == ON
        repo.put(session, JOIN_ALL, ON if wanted else OFF, user_id, now)
        if wanted and not was_on:
            repo.put(session, CHECKED_AT, "", user_id, now)  # a full pass at the next sweep
    log.info("%s set joining every public channel %s", user_id, ON if wanted else OFF)
    if wanted:
        return ChannelsAnswer(joining_all(), changed=not was_on)
    return ChannelsAnswer(joining_stopped(), changed=was_on)


def join_if_enabled(
    uow: UnitOfWork, slack: SlackPort, channel_id: str, *, event_id: str | None = None
) -> bool:
    """A channel was created: join it if the setting is on. Whether Kairos joined.

    The event is recorded as handled only after the join went through: no transaction is
    held open across the Slack call, and a failed join leaves Slack's retry to try again."""
    with uow() as session:
        enabled = repo.get(session, JOIN_ALL) == ON
    joined = enabled and slack.join_channel(channel_id)
    if event_id:
        with uow(event_id=event_id):
            pass
    return joined


def join_sweep(
    uow: UnitOfWork, slack: SlackPort, now: datetime, retries: Retries | None = None
) -> int:
    """Join up to JOINS_PER_SWEEP public channels Kairos is missing; how many it joined.
    A channel Slack fails to let Kairos join is retried after a backoff (`retries`)."""
    retries = retries or Retries("join public channels")
    with uow() as session:
        if repo.get(session, JOIN_ALL) != ON or not pass_due(
            repo.get(session, CHECKED_AT), repo.get(session, RETRY_AT), now
        ):
            return 0
    missing = slack.public_channels_to_join()
    batch = [channel_id for channel_id in missing if retries.due(channel_id, now)]
    joined = sum(
        1
        for channel_id in batch[:JOINS_PER_SWEEP]
        if retries.attempt(channel_id, now, partial(slack.join_channel, channel_id))
    )
    # The row, not only memory, says when the next pass is due for a channel that failed:
    # the day's rest below must not wait out its retry, nor must a restart.
    waiting = (retries.failure(channel_id) for channel_id in missing)
    retry_at = min((f.retry_at for f in waiting if f is not None), default=None)
    with uow() as session:
        # Done, or stuck on channels Slack won't let Kairos join: either way, rest for a day.
        if len(missing) <= JOINS_PER_SWEEP or joined == 0:
            repo.put(session, CHECKED_AT, now.isoformat(), None, now)
        repo.put(session, RETRY_AT, retry_at.isoformat() if retry_at else "", None, now)
    if joined:
        log.info("joined %d public channels (%d still to join)", joined, len(missing) - joined)
    return joined
