"""What goes to Slack once notes are recorded: the notes posted in the channel once, the
prompt DM updated, each action's owner told (now if they are reachable and no digest is
coming, else by their digest or a later sweep); and the posted notes updated after Done.

Exactly once: the posting is claimed, with the notes kept, when they are recorded
(bot/notes/service.py); the submission that claimed it posts them (a second one of the same
modal does not), and a post the sweep finds claimed long ago is first looked for in the
channel by its metadata (posted, then marked; not there, posted from what was kept).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.focus.language import language_for
from bot.focus.model import zone_named
from bot.i18n import speaking
from bot.i18n.languages import Language
from bot.meetings.tables import Meeting
from bot.notes import repo, repo_actions, repo_sweep
from bot.notes.messages import (
    NotPosted,
    dm_metadata,
    new_actions,
    notes_not_posted,
    notes_text,
    posted_notes,
    prompt_answered,
    updated_notes,
)
from bot.notes.model import ActionItem, Notes, PromptState, notes_from_json
from bot.ports import SlackPort
from bot.retry import describe, slack_error
from bot.workspace.languages import channel_language

log = logging.getLogger(__name__)

NOTES_EVENT = "kairos_notes"
ACTIONS_EVENT = "kairos_notes_actions"
# A claim this old was left by a replica that died: the sweep takes it over. Posting takes
# seconds; the margin covers a Slack that makes callers wait out its rate limits.
STUCK_AFTER = timedelta(minutes=10)
# Slack's answers that mean Kairos cannot post in the channel: the note-taker picks again.
CANNOT_POST = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "access_denied"}
)


@dataclass(frozen=True)
class _Prompt:
    """What posting a prompt's notes needs, read in one transaction."""

    prompt_id: int
    channel_id: str
    taker_id: str
    title: str
    dm_channel_id: str | None
    dm_ts: str | None
    speaks: Language  # the channel's
    taker_speaks: Language


def _title(session: Session, meeting_id: int | None) -> str:
    meeting = None if meeting_id is None else session.get(Meeting, meeting_id)
    return meeting.title if meeting is not None else ""


def _load(session: Session, prompt_id: int, language: Language) -> _Prompt | None:
    found = repo.prompt(session, prompt_id)
    if (
        found is None
        or found.state != PromptState.POSTED
        or found.posted_channel_id is None
        or found.posted_ts is not None
        or found.user_id is None
    ):
        return None
    return _Prompt(
        prompt_id,
        found.posted_channel_id,
        found.user_id,
        _title(session, found.meeting_id),
        found.dm_channel_id,
        found.dm_ts,
        channel_language(session, found.posted_channel_id, language),
        language_for(session, found.user_id, language),
    )


def post_notes(
    uow: UnitOfWork, slack: SlackPort, prompt_id: int, now: datetime, *, language: Language
) -> bool:
    """Post the prompt's recorded notes in their channel once, update the prompt DM, and
    tell each action's owner; True when this call posted them."""
    return post_recorded(uow, slack, prompt_id, now, language=language, stuck=False) > 0


def post_recorded(
    uow: UnitOfWork,
    slack: SlackPort,
    prompt_id: int,
    now: datetime,
    *,
    language: Language,
    stuck: bool,
) -> int:
    """post_notes for the sweep too (`stuck`: a posting claimed long ago, maybe posted
    already); how many messages were sent."""
    with uow() as session:
        loaded = _load(session, prompt_id, language)
    if loaded is None:
        return 0
    ts = (
        slack.find_own_message(loaded.channel_id, NOTES_EVENT, "prompt_id", prompt_id)
        if stuck
        else None
    )
    sent = 0
    if ts is None:
        with uow() as session:
            notes = notes_from_json(repo_sweep.kept_draft(session, prompt_id))
        if notes is None:  # claimed before the notes were kept (an older version)
            return _not_posted(uow, slack, loaded, NotPosted.LOST, None) if stuck else 0
        ts = _post(uow, slack, loaded, notes)
        if ts is None:
            return _not_posted(uow, slack, loaded, NotPosted.CANNOT_POST, notes)
        sent = 1
    with uow() as session:
        marked = repo.set_posted_ts(session, prompt_id, ts)
    if marked:
        sent += _after_post(uow, slack, loaded, now, language=language, look_first=stuck)
    return sent


def _post(uow: UnitOfWork, slack: SlackPort, loaded: _Prompt, notes: Notes) -> str | None:
    """The notes in the channel: their ts, or None when Kairos cannot post there."""
    with uow() as session:
        actions = repo_actions.prompt_actions(session, loaded.prompt_id)
    try:
        if not slack.can_post_in(loaded.channel_id):
            return None
        with speaking(loaded.speaks):
            rendered = posted_notes(loaded.title, notes, actions, loaded.taker_id)
        metadata = dm_metadata(NOTES_EVENT, "prompt_id", loaded.prompt_id)
        return slack.post_message(loaded.channel_id, rendered.text, rendered.blocks, metadata)
    except Exception as error:
        if slack_error(error) in CANNOT_POST:
            return None
        # Slack down or the like: the notes stay kept for the sweep's next try.
        raise


def _not_posted(
    uow: UnitOfWork, slack: SlackPort, loaded: _Prompt, why: NotPosted, notes: Notes | None
) -> int:
    """Release the posting (the prompt can be answered again) and tell the note-taker, with
    what they wrote when it is known."""
    with uow() as session:
        released = repo.release_posting(session, loaded.prompt_id)
    if not released:
        return 0
    log.warning(
        "notes %s were not posted (%s); the note-taker is asked again", loaded.prompt_id, why
    )
    with speaking(loaded.taker_speaks):
        rendered = notes_not_posted(loaded.prompt_id, loaded.title, loaded.channel_id, why, notes)
    if loaded.dm_channel_id is not None and loaded.dm_ts is not None:
        slack.update_message(loaded.dm_channel_id, loaded.dm_ts, rendered.text, rendered.blocks)
        return 0
    slack.send_dm(loaded.taker_id, rendered.text, rendered.blocks)
    return 1


def _after_post(
    uow: UnitOfWork,
    slack: SlackPort,
    loaded: _Prompt,
    now: datetime,
    *,
    language: Language,
    look_first: bool,
) -> int:
    """The prompt DM says where the notes are; each owner hears of their actions. The notes
    are posted whatever happens here: a failure is logged, and the sweep tells owners."""
    sent = 0
    try:
        if loaded.dm_channel_id is not None and loaded.dm_ts is not None:
            with speaking(loaded.taker_speaks):
                said = prompt_answered(loaded.title, None, loaded.channel_id)
            slack.update_message(loaded.dm_channel_id, loaded.dm_ts, said.text, said.blocks)
        with uow() as session:
            actions = repo_actions.prompt_actions(session, loaded.prompt_id)
            # The note-taker wrote their own actions down: no DM or digest line about them.
            own = [a.action_id for a in actions if a.owner_id == loaded.taker_id]
            repo_actions.mark_shown(session, own, now)
        for owner in sorted({a.owner_id for a in actions} - {loaded.taker_id}):
            sent += tell_owner(uow, slack, owner, now, language=language, look_first=look_first)
    except Exception as error:
        log.warning(
            "notes %s are posted; telling the people failed: %s", loaded.prompt_id, describe(error)
        )
    return sent


def _reachable_now(session: Session, user_id: str, now: datetime) -> bool:
    """Free now and no digest waiting that would carry the actions anyway."""
    person = focus_repo.get_person(session, user_id)
    if person is None:
        return True  # nothing known holds them
    if focus_repo.state_of(person).available_at(zone_named(person.tz), now) != now:
        return False  # in focus, off hours or away: their digest or a later sweep tells them
    return focus_repo.held_count(session, user_id) == 0


def tell_owner(
    uow: UnitOfWork,
    slack: SlackPort,
    owner_id: str,
    now: datetime,
    *,
    language: Language,
    look_first: bool,
) -> int:
    """DM an owner their open actions not shown yet, if they are reachable now and no digest
    is coming; how many DMs were sent. `look_first`: after a crash, look in the DM first."""
    with uow() as session:
        if not _reachable_now(session, owner_id, now):
            return 0
        shown = repo_actions.to_show(session, owner_id)
        speaks = language_for(session, owner_id, language)
    if not shown:
        return 0
    ids = [s.item.action_id for s in shown]
    sent = 0
    if slack.is_person(owner_id):
        first = ids[0]
        ts = slack.find_own_dm(owner_id, ACTIONS_EVENT, "action_id", first) if look_first else None
        if ts is None:
            lines = with_links(slack, shown)
            with speaking(speaks):
                rendered = new_actions(lines)
            metadata = dm_metadata(ACTIONS_EVENT, "action_id", first)
            slack.send_dm(owner_id, rendered.text, rendered.blocks, metadata)
            sent = 1
    # Someone Slack no longer knows as a person is not asked again each sweep.
    with uow() as session:
        repo_actions.mark_shown(session, ids, now)
    return sent


def with_links(
    slack: SlackPort, shown: Sequence[repo_actions.ToShow]
) -> list[tuple[ActionItem, str, str | None]]:
    """Each action with its notes' channel and a link to them (for a DM or a digest)."""
    return [
        (s.item, s.channel_id, slack.permalink(s.channel_id, s.posted_ts) if s.posted_ts else None)
        for s in shown
    ]


def update_posted(
    uow: UnitOfWork, slack: SlackPort, action_id: int, now: datetime, *, language: Language
) -> bool:
    """After Done: rebuild the actions of the posted notes from what is stored; True when
    the message was updated."""
    del now  # the update shows what is stored, whenever it runs
    with uow() as session:
        posted = repo_actions.posted_notes(session, action_id)
    if posted is None or posted.message_ts is None:
        return False
    blocks = slack.message_blocks(posted.channel_id, posted.message_ts)
    if blocks is None:
        return False  # deleted from the channel: nothing to update
    # Read again after Slack's answer: a Done pressed meanwhile is in this update too.
    with uow() as session:
        posted = repo_actions.posted_notes(session, action_id)
        prompt = repo.prompt(session, posted.prompt_id) if posted is not None else None
        title = _title(session, prompt.meeting_id) if prompt is not None else ""
        speaks = channel_language(session, posted.channel_id, language) if posted else language
    if posted is None or posted.message_ts is None:
        return False
    with speaking(speaks):
        rebuilt = updated_notes(blocks, posted)
        text = notes_text(title)
    slack.update_message(posted.channel_id, posted.message_ts, text, rebuilt)
    return True
