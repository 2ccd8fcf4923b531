"""Channel norms' use cases: show them, edit them (and post the change in the channel), send
them once to someone who joins, and list a person's channels' norms for App Home."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus.language import language_for
from bot.i18n import _, speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.ids import CHANNEL_ID
from bot.norms import repo
from bot.norms.asked import known_norms
from bot.norms.messages import change_posted, on_joining
from bot.norms.model import Norms, Part, changed_parts
from bot.norms.ports import ChannelFacts, NormsSlack
from bot.ports import SlackPort
from bot.workspace import repo as workspace_repo
from bot.workspace.languages import channel_language
from bot.workspace.model import JOIN_ALL, ON
from bot.workspace.service import may_change_settings

log = logging.getLogger(__name__)


class NotAChannel(KairosUserError):  # noqa: N818 - reads better at call sites
    """Norms were asked for somewhere that is not a channel (a DM)."""

    def __init__(self) -> None:
        super().__init__(
            _("Norms belong to a channel: type this in the channel whose norms you mean."),
            example="/kairos norms",
        )


class MayNotSetNorms(KairosUserError):  # noqa: N818 - as NotAChannel
    """Someone who is neither the channel's creator nor an admin tried to set its norms."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Norms are agreed together, so only the channel's creator, a workspace admin "
                "or owner, or someone in KAIROS_ADMIN_USERS can change them here. If the "
                "channel wants different norms, ask one of them. `/kairos norms` shows the "
                "current ones."
            )
        )


class NotInChannel(KairosUserError):  # noqa: N818 - as NotAChannel
    """Kairos is not in the channel, so it could not post the change there."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "I'm not in this channel, and every change of norms is posted in it. Invite me "
                "with `/invite @Kairos`, then try again. Nothing was changed."
            ),
            example="/invite @Kairos",
        )


@dataclass(frozen=True)
class Saved:
    """What saving the editor did: the parts that changed (none: nothing was stored)."""

    changed: tuple[Part, ...]


def norms_of(uow: UnitOfWork, channel_id: str) -> Norms | None:
    """The channel's norms (None when it has none); NotAChannel for a DM."""
    if not CHANNEL_ID.fullmatch(channel_id) or channel_id.startswith("D"):
        raise NotAChannel()
    with uow() as session:
        return repo.get(session, channel_id)


def _may_set(
    slack: SlackPort, facts: ChannelFacts, user_id: str, admin_users: frozenset[str]
) -> bool:
    # The creator needs no users.info call; anyone else's role is asked of Slack afresh.
    return facts.creator == user_id or may_change_settings(slack, user_id, admin_users)


def _facts(norms_slack: NormsSlack, channel_id: str) -> ChannelFacts:
    if not CHANNEL_ID.fullmatch(channel_id) or channel_id.startswith("D"):
        raise NotAChannel()
    facts = norms_slack.channel_facts(channel_id)
    if facts is None:
        raise NotInChannel()
    return facts


def may_set_norms(
    slack: SlackPort,
    norms_slack: NormsSlack,
    user_id: str,
    channel_id: str,
    *,
    admin_users: frozenset[str],
) -> bool:
    """Whether the person may change what the channel agreed (its norms, its language): the
    check the norms editor makes. NotAChannel or NotInChannel where it cannot be made."""
    return _may_set(slack, _facts(norms_slack, channel_id), user_id, admin_users)


def _can_be_present(uow: UnitOfWork, facts: ChannelFacts) -> bool:
    """Whether Kairos is in the channel or may join it (public, and an admin turned joining
    every public channel on): a private channel needs an invitation, as bot/workspace says."""
    if facts.is_member:
        return True
    if facts.is_private:
        return False
    with uow() as session:
        return workspace_repo.get(session, JOIN_ALL) == ON


def editable_norms(
    uow: UnitOfWork,
    slack: SlackPort,
    norms_slack: NormsSlack,
    user_id: str,
    channel_id: str,
    *,
    admin_users: frozenset[str],
) -> Norms | None:
    """The norms the editor starts from, once the person may edit them and Kairos can post
    the change; MayNotSetNorms or NotInChannel otherwise."""
    facts = _facts(norms_slack, channel_id)
    if not _may_set(slack, facts, user_id, admin_users):
        raise MayNotSetNorms()
    if not _can_be_present(uow, facts):
        raise NotInChannel()
    with uow() as session:
        return repo.get(session, channel_id)


def save_norms(
    uow: UnitOfWork,
    slack: SlackPort,
    norms_slack: NormsSlack,
    user_id: str,
    channel_id: str,
    *,
    norms: Norms,
    admin_users: frozenset[str],
    now: datetime,
    language: Language = DEFAULT_LANGUAGE,
) -> Saved:
    """Store the channel's new norms and post what changed in it, in the channel's language
    (`language`, KAIROS_LANGUAGE, unless the channel chose one).

    Checked again on saving: the modal's channel came back from Slack, and who may change
    norms (or whether Kairos is still there) may have changed while it was open.
    """
    facts = _facts(norms_slack, channel_id)
    if not _may_set(slack, facts, user_id, admin_users):
        raise MayNotSetNorms()
    if not _can_be_present(uow, facts):
        raise NotInChannel()
    if not facts.is_member and not slack.join_channel(channel_id):
        raise NotInChannel()
    with uow() as session:
        before = repo.get(session, channel_id)
        parts = changed_parts(before, norms)
        if not parts:
            return Saved(())
        repo.put(session, channel_id, norms, user_id, now)
        # Read by everyone in the channel, not only by whoever saved the editor.
        with speaking(channel_language(session, channel_id, language)):
            message = change_posted(channel_id, user_id, parts, norms, first=before is None)
        # Posted before the commit: norms are agreed together, so a change the channel was
        # not told of must not be stored. A failed post rolls the change back.
        slack.post_message(channel_id, message.text, message.blocks)
    known_norms(uow).forget()  # questions and notes in it follow them from now on
    log.info("%s changed the norms of %s: %s", user_id, channel_id, ", ".join(parts))
    return Saved(parts)


def welcome_member(
    uow: UnitOfWork, slack: SlackPort, channel_id: str, user_id: str, *, event_id: str | None,
    now: datetime, language: Language = DEFAULT_LANGUAGE,
) -> bool:  # fmt: skip
    """Someone joined a channel: send them its norms in a DM, once, in their language (else
    `language`, KAIROS_LANGUAGE). Whether they were sent.

    The event id, the record that they got them and the DM go together: a retry of the
    event waits on the event id's row lock and then finds it handled, and a failed DM rolls
    back both, so Slack's retry sends it. Sent inside the transaction for that reason.
    """
    with uow(event_id=event_id) as session:
        norms = repo.get(session, channel_id)
        if norms is None:
            return False
        # Another app's bot joining: Slack refuses a DM to a bot, and the refusal would make
        # Slack retry the event. Asked only for channels with norms, so rarely.
        if not slack.is_person(user_id) or not repo.mark_received(
            session, channel_id, user_id, now
        ):
            return False
        with speaking(language_for(session, user_id, language)):
            note = on_joining(channel_id, norms)
        slack.send_dm(user_id, note.text, note.blocks)
    return True


def home_norms(uow: UnitOfWork, norms_slack: NormsSlack, user_id: str) -> list[tuple[str, Norms]]:
    """The norms of the channels the person is in, by channel id, for App Home."""
    with uow() as session:
        having = repo.channels_with_norms(session)
    if not having:
        return []  # no Slack call for a workspace that set no norms
    mine = having & norms_slack.member_channels(user_id)
    with uow() as session:
        found = repo.of_channels(session, mine)
    return sorted(found.items())
