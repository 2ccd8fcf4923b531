"""All of privacy's SQL: counting, exporting and forgetting one person's rows, and emptying
the workspace. Never commits: the caller's unit of work does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    delete,
    exists,
    false,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from bot.checkins import repo_privacy as checkins_privacy
from bot.cleanup.tables import AsyncQuestion, SummaryChannel
from bot.connect.tables import UserConnection
from bot.db.inserts import rows_changed
from bot.db.lists import in_batches
from bot.db.registry import metadata
from bot.focus import repo_broadcasts
from bot.focus.tables import Digest, HeldMention, Person, UrgentUse
from bot.meetings.tables import (
    AgendaNotice,
    AgendaNudge,
    CalendarFeed,
    EmailUser,
    Meeting,
    MeetingAttendee,
    MeetingSighting,
)
from bot.norms import repo as norms_repo
from bot.norms.tables import ChannelNorms, NormQuestion, NormsReceived
from bot.notes import repo as notes_repo
from bot.privacy.model import Personal, personal, policies
from bot.workspace import repo_languages
from bot.workspace.tables import ChannelLanguage, DmChannel, WorkspaceSetting


def _count(session: Session, model: Any, *where: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def emails_of(session: Session, user_id: str) -> set[str]:
    """The person's email addresses Kairos knows: Slack's answers, and meetings they organize."""
    found = set(session.scalars(select(EmailUser.email).where(EmailUser.user_id == user_id)))
    organized = select(Meeting.organizer_email).where(Meeting.organizer_id == user_id).distinct()
    found.update(email.lower() for email in session.scalars(organized) if email)
    return found


def _only_theirs(user_id: str) -> Select[int]:
    """The ids of the meetings this person's calendar shows and nobody else's does."""
    other = aliased(MeetingSighting)
    shown_elsewhere = exists().where(
        other.meeting_id == MeetingSighting.meeting_id, other.user_id != user_id
    )
    return select(MeetingSighting.meeting_id).where(
        MeetingSighting.user_id == user_id, ~shown_elsewhere
    )


def _organized(user_id: str, emails: set[str]) -> ColumnElement[bool]:
    """Meetings this person organizes, by Slack id or by one of their addresses."""
    by_email = func.lower(Meeting.organizer_email).in_(sorted(emails)) if emails else false()
    return or_(Meeting.organizer_id == user_id, by_email)


def _their_places(session: Session, user_id: str, emails: set[str]) -> set[int]:
    """Meetings that stay for others but name this person as organizer or attendee."""
    only = set(session.scalars(_only_theirs(user_id)))
    organized = set(session.scalars(select(Meeting.id).where(_organized(user_id, emails))))
    attends = select(MeetingAttendee.meeting_id).where(MeetingAttendee.user_id == user_id)
    return (organized | set(session.scalars(attends))) - only


def counts(session: Session, user_id: str) -> dict[str, int]:
    """How many of each kind (forgetting.kind_labels) forget-me deletes or strips of this person."""
    emails = emails_of(session, user_id)
    asked = AsyncQuestion.user_id == user_id
    return {
        "focus": _count(session, Person, Person.user_id == user_id),
        "held": _count(session, HeldMention, HeldMention.recipient_id == user_id),
        "digests": _count(session, Digest, Digest.recipient_id == user_id),
        "dm": _count(session, DmChannel, DmChannel.user_id == user_id),
        "sent": _count(session, HeldMention, HeldMention.sender_id == user_id),
        "urgent": _count(
            session,
            UrgentUse,
            or_(UrgentUse.sender_id == user_id, UrgentUse.recipient_id == user_id),
        ),
        "broadcasts": repo_broadcasts.count_sent(session, user_id),
        "calendar": _count(session, CalendarFeed, CalendarFeed.user_id == user_id),
        "meetings": _count(session, Meeting, Meeting.id.in_(_only_theirs(user_id))),
        "meeting_places": len(_their_places(session, user_id, emails)),
        "email": _count(session, EmailUser, _their_addresses(user_id, emails)),
        "nudges": _count(session, AgendaNudge, AgendaNudge.organizer_id == user_id),
        "notices": _count(session, AgendaNotice, AgendaNotice.user_id == user_id),
        "questions": _count(session, AsyncQuestion, asked, AsyncQuestion.answer.is_(None)),
        "answers": _count(session, AsyncQuestion, asked, AsyncQuestion.answer.is_not(None)),
        "settings": _count(session, SummaryChannel, SummaryChannel.set_by == user_id)
        + _count(session, WorkspaceSetting, WorkspaceSetting.updated_by == user_id)
        + _count(session, ChannelNorms, ChannelNorms.updated_by == user_id)
        + _count(session, ChannelLanguage, ChannelLanguage.set_by == user_id),
        "norms": _count(session, NormsReceived, NormsReceived.user_id == user_id),
        "asked": _count(
            session,
            NormQuestion,
            or_(NormQuestion.asker_id == user_id, NormQuestion.asked_id == user_id),
        ),
        "notes": notes_repo.counts(session, user_id),
        "connect": _count(session, UserConnection, UserConnection.user_id == user_id),
        **checkins_privacy.counts(session, user_id),
    }


def is_connected(session: Session, user_id: str) -> bool:
    """Whether a Connect row is stored for this person."""
    return _count(session, UserConnection, UserConnection.user_id == user_id) > 0


def forget(
    session: Session, user_id: str, anonymous_id: str, *, now: datetime | None = None
) -> None:
    """Delete every row about the person, and strip them from the rows kept for others.

    Answers they gave keep `anonymous_id` in place of theirs: one id for all of them, so
    the summary still counts one person's latest answer per series once. `now` dates the
    stop of the check-ins they organize (retention counts from it).
    """
    emails = emails_of(session, user_id)  # read before the rows that say them go
    _forget_mentions(session, user_id)
    _forget_calendar(session, user_id, emails)
    session.execute(delete(AgendaNudge).where(AgendaNudge.organizer_id == user_id))
    session.execute(delete(AgendaNotice).where(AgendaNotice.user_id == user_id))
    asked = AsyncQuestion.user_id == user_id
    session.execute(delete(AsyncQuestion).where(asked, AsyncQuestion.answer.is_(None)))
    session.execute(update(AsyncQuestion).where(asked).values(user_id=anonymous_id))
    session.execute(
        update(SummaryChannel).where(SummaryChannel.set_by == user_id).values(set_by="")
    )
    session.execute(
        update(WorkspaceSetting)
        .where(WorkspaceSetting.updated_by == user_id)
        .values(updated_by=None)
    )
    norms_repo.forget(session, user_id)
    notes_repo.forget(session, user_id)
    repo_languages.forget(session, user_id)
    checkins_privacy.forget(session, user_id, now)
    session.execute(delete(UserConnection).where(UserConnection.user_id == user_id))
    session.execute(delete(DmChannel).where(DmChannel.user_id == user_id))
    session.execute(delete(Person).where(Person.user_id == user_id))


def _forget_mentions(session: Session, user_id: str) -> None:
    # Held mentions first: they point at the digests.
    session.execute(delete(HeldMention).where(HeldMention.recipient_id == user_id))
    session.execute(delete(Digest).where(Digest.recipient_id == user_id))
    session.execute(
        update(HeldMention).where(HeldMention.sender_id == user_id).values(sender_id="", text=None)
    )
    session.execute(
        delete(UrgentUse).where(
            or_(UrgentUse.sender_id == user_id, UrgentUse.recipient_id == user_id)
        )
    )
    repo_broadcasts.forget(session, user_id)


def _forget_calendar(session: Session, user_id: str, emails: set[str]) -> None:
    only = sorted(set(session.scalars(_only_theirs(user_id))))
    session.execute(delete(MeetingSighting).where(MeetingSighting.user_id == user_id))
    session.execute(delete(MeetingAttendee).where(MeetingAttendee.user_id == user_id))
    for chunk in in_batches(only):
        # Others' attendee rows of these meetings explicitly, not by ON DELETE CASCADE:
        # forgetting must not depend on a connection's foreign-key setting.
        session.execute(delete(MeetingAttendee).where(MeetingAttendee.meeting_id.in_(chunk)))
        session.execute(delete(Meeting).where(Meeting.id.in_(chunk)))
    session.execute(
        update(Meeting)
        .where(_organized(user_id, emails))
        .values(organizer_id=None, organizer_email=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user_id))
    session.execute(delete(EmailUser).where(_their_addresses(user_id, emails)))


def _their_addresses(user_id: str, emails: set[str]) -> ColumnElement[bool]:
    """Their addresses, and any remembered as nobody's (looked up before they joined)."""
    return or_(EmailUser.user_id == user_id, EmailUser.email.in_(sorted(emails)))


# --- my-data ---------------------------------------------------------------------------------


def rows_about(session: Session, user_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row about the person, by table, as stored (columns to values)."""
    emails = emails_of(session, user_id)
    found: dict[str, list[dict[str, Any]]] = {}
    for policy in personal():
        target = metadata.tables[policy.table]
        query = select(target).where(_about(target, policy, user_id, emails))
        query = query.order_by(*target.primary_key.columns)
        found[policy.table] = [dict(row) for row in session.execute(query).mappings()]
    return found


def _about(target: Table, policy: Personal, user_id: str, emails: set[str]) -> ColumnElement[bool]:
    """Rows naming the person by id or address, or pointed at by a row of theirs."""
    conditions = [target.c[name] == user_id for name in policy.user_columns]
    if emails:
        conditions += [
            func.lower(target.c[name]).in_(sorted(emails)) for name in policy.email_columns
        ]
    if policy.mentioned_in:
        # `<@U0ALICE>` or `<@U0ALICE|alice>`: the id ends at `>` or `|`.
        text = target.c[policy.mentioned_in]
        conditions += [
            text.contains(f"<@{user_id}>", autoescape=True),
            text.contains(f"<@{user_id}|", autoescape=True),
        ]
    for linked_name in policy.linked_from:
        linked, link = metadata.tables[linked_name], policies()[linked_name]
        if not isinstance(link, Personal):
            raise TypeError(f"{linked_name} is linked from {policy.table} but not personal")
        for key in linked.foreign_keys:
            if key.column.table is target:
                theirs = or_(*(linked.c[name] == user_id for name in link.user_columns))
                conditions.append(key.column.in_(select(key.parent).where(theirs)))
    return or_(*conditions)


# --- the workspace ---------------------------------------------------------------------------


def delete_everything(session: Session, keep: frozenset[str]) -> int:
    """Delete every row of every table but those in keep; how many rows went."""
    deleted = 0
    for target in reversed(metadata.sorted_tables):  # rows pointing elsewhere go first
        if target.name not in keep:
            deleted += rows_changed(session.execute(delete(target)))
    return deleted


def delete_connections(session: Session, user_ids: Sequence[str]) -> int:
    """Delete these people's Connect rows; how many went."""
    ordered = sorted(set(user_ids))
    deleted = 0
    for chunk in in_batches(ordered):
        deleted += rows_changed(
            session.execute(delete(UserConnection).where(UserConnection.user_id.in_(chunk)))
        )
    return deleted
