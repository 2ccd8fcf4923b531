"""`/kairos language [nl | en | default]`: show or set the language Kairos posts in, in the
channel it is typed in. Who may set it is who may change the channel's norms: the language
of a channel's posts is something its people agree on, as they agree on its norms."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.i18n.languages import Language
from bot.ids import CHANNEL_ID
from bot.norms.ports import NormsSlack
from bot.norms.service import NotInChannel, may_set_norms
from bot.ports import SlackPort
from bot.workspace.languages import set_channel_language, stored_channel_language
from bot.workspace.messages import (
    channel_language_cleared,
    channel_language_set,
    channel_language_shown,
    language_not_a_channel,
    language_not_allowed,
    language_not_in_channel,
)

log = logging.getLogger(__name__)

EXAMPLE = "/kairos language nl"


class NotAChannelForLanguage(KairosUserError):  # noqa: N818 - reads better at call sites
    """`/kairos language` was typed in a DM: a channel's language is set in the channel."""

    def __init__(self) -> None:
        super().__init__(language_not_a_channel(), example=EXAMPLE)


class MayNotSetLanguage(KairosUserError):  # noqa: N818 - as NotAChannelForLanguage
    """Someone who may not change the channel's norms tried to change its language."""

    def __init__(self) -> None:
        super().__init__(language_not_allowed())


class NotInChannelForLanguage(KairosUserError):  # noqa: N818 - as NotAChannelForLanguage
    """Kairos cannot see the channel: it posts nothing there, in any language."""

    def __init__(self) -> None:
        super().__init__(language_not_in_channel(), example="/invite @Kairos")


def _channel(channel_id: str) -> str:
    if not CHANNEL_ID.fullmatch(channel_id) or channel_id.startswith("D"):
        raise NotAChannelForLanguage()
    return channel_id


def show_channel_language(uow: UnitOfWork, channel_id: str, default: Language) -> str:
    """The channel's language in a sentence, and whether it was set or is the workspace's."""
    with uow() as session:
        stored = stored_channel_language(session, _channel(channel_id))
    return channel_language_shown(stored, default)


def change_channel_language(
    uow: UnitOfWork,
    slack: SlackPort,
    norms_slack: NormsSlack,
    user_id: str,
    channel_id: str,
    *,
    language: Language | None,
    admin_users: frozenset[str],
    default: Language,
    now: datetime,
) -> str:
    """Set the channel's language (None: the workspace's again), if the person may; the reply.
    MayNotSetLanguage otherwise, and nothing changes."""
    # Asked of Slack before the transaction: no network wait with a transaction open.
    try:
        allowed = may_set_norms(
            slack, norms_slack, user_id, _channel(channel_id), admin_users=admin_users
        )
    except NotInChannel:
        raise NotInChannelForLanguage() from None
    if not allowed:
        raise MayNotSetLanguage()
    with uow() as session:
        set_channel_language(session, channel_id, language, user_id, now)
    log.info("%s set the language of %s to %s", user_id, channel_id, language or "default")
    if language is None:
        return channel_language_cleared(default)
    return channel_language_set(language)
