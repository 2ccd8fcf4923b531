"""The retention sweep's deletes: one batch of one kind of row per call. Never commits.

Each delete picks at most `limit` rows in a subquery (`WHERE key IN (SELECT key ... LIMIT n)`,
which SQLite and PostgreSQL both run), so a large backlog is worked through in short
transactions rather than one that holds locks for minutes. The subquery reads an alias of
the table: over the DELETE's own table it would be correlated to the row being deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import ColumnElement, FromClause, Table, delete, exists, select, tuple_
from sqlalchemy.orm import Session

from bot.checkins import repo_privacy as checkins_privacy
from bot.db.base import table
from bot.db.inserts import rows_changed
from bot.db.registry import metadata
from bot.focus.tables import Digest, HeldMention
from bot.meetings.tables import Meeting, MeetingAttendee, MeetingSighting
from bot.notes import repo_actions as notes_actions
from bot.privacy import retention
from bot.privacy.retention import Aged

# Statuses of a mention that no longer waits for anyone (see HeldMention.status); "held" and
# "delivering" wait for a digest and are never aged. A new status is kept until named here.
FINISHED = ("delivered", "seen", "dropped", "urgent")

Delete = Callable[[Session, Aged, datetime, int], int]


def _delete_picked(
    session: Session, target: Table, picked: FromClause, *where: ColumnElement[bool], limit: int
) -> int:
    """Delete up to `limit` rows of target: those whose key the alias `picked` finds."""
    keys = [column.name for column in target.primary_key.columns]
    chosen = select(*(picked.c[k] for k in keys)).where(*where).limit(limit)
    key = target.c[keys[0]] if len(keys) == 1 else tuple_(*(target.c[k] for k in keys))
    return rows_changed(session.execute(delete(target).where(key.in_(chosen))))


def _older(session: Session, kind: Aged, cutoff: datetime, limit: int) -> int:
    """Rows aged before the cutoff, whatever else they hold."""
    target = metadata.tables[kind.table]
    picked = target.alias("picked")
    return _delete_picked(session, target, picked, picked.c[kind.aged_by] < cutoff, limit=limit)


def _delivered_mentions(session: Session, kind: Aged, cutoff: datetime, limit: int) -> int:
    """Finished mentions held before the cutoff, unless their digest was sent since: App
    Home lists a digest's mentions for as long as the digest is kept."""
    mentions, digests = table(HeldMention), table(Digest)
    picked = mentions.alias("picked")
    kept_digest = exists().where(
        digests.c.id == picked.c.digest_id,
        digests.c.sent_at.is_(None) | (digests.c.sent_at >= cutoff),
    )
    return _delete_picked(
        session,
        mentions,
        picked,
        picked.c.status.in_(FINISHED),
        picked.c[kind.aged_by] < cutoff,
        ~kept_digest,
        limit=limit,
    )


def _digests(session: Session, kind: Aged, cutoff: datetime, limit: int) -> int:
    """Digests sent before the cutoff that no mention points to any more (an unsent one
    is still to be delivered, and a mention's foreign key keeps its digest)."""
    digests, mentions = table(Digest), table(HeldMention)
    picked = digests.alias("picked")
    pointed_to = exists().where(mentions.c.digest_id == picked.c.id)
    return _delete_picked(
        session, digests, picked, picked.c[kind.aged_by] < cutoff, ~pointed_to, limit=limit
    )


def _meetings(session: Session, kind: Aged, cutoff: datetime, limit: int) -> int:
    """Meetings that ended before the cutoff, with their sightings and attendees."""
    meetings = table(Meeting)
    # starts_at is indexed and never after ends_at: it narrows the scan to old meetings.
    ids = list(
        session.scalars(
            select(meetings.c.id)
            .where(meetings.c.starts_at < cutoff, meetings.c[kind.aged_by] < cutoff)
            .limit(limit)
        )
    )
    if ids:
        session.execute(delete(MeetingSighting).where(MeetingSighting.meeting_id.in_(ids)))
        session.execute(delete(MeetingAttendee).where(MeetingAttendee.meeting_id.in_(ids)))
        session.execute(delete(meetings).where(meetings.c.id.in_(ids)))
    return len(ids)


def _of_gone_series(session: Session, kind: Aged, cutoff: datetime, limit: int) -> int:
    """Rows about a series aged before the cutoff, once no meeting of the series is stored:
    while one is, the nudge or notice still holds for it."""
    target, meetings = metadata.tables[kind.table], table(Meeting)
    picked = target.alias("picked")
    stored = exists().where(meetings.c.series_key == picked.c.series_key)
    return _delete_picked(
        session, target, picked, picked.c[kind.aged_by] < cutoff, ~stored, limit=limit
    )


def _checkin_rounds(session: Session, kind: Aged, cutoff: datetime, limit: int) -> int:
    """Rounds that opened before the cutoff, with their asks."""
    return checkins_privacy.delete_old_rounds(session, cutoff, limit)


def _stopped_checkins(session: Session, kind: Aged, cutoff: datetime, limit: int) -> int:
    """Check-ins stopped before the cutoff, with their people, rounds and asks."""
    return checkins_privacy.delete_stopped(session, cutoff, limit)


_DELETES: dict[str, Delete] = {
    retention.EVENT_IDS.name: _older,
    retention.DELIVERED_MENTIONS.name: _delivered_mentions,
    retention.DIGESTS.name: _digests,
    retention.URGENT_USES.name: _older,
    retention.MEETINGS_ENDED.name: _meetings,
    retention.AGENDA_NUDGES.name: _of_gone_series,
    retention.AGENDA_NOTICES.name: _of_gone_series,
    retention.QUESTIONS.name: _older,
    retention.SUMMARIES.name: _older,
    retention.ENDED_LEAVE.name: _older,
    retention.NORM_QUESTIONS.name: _older,
    retention.EMAIL_LOOKUPS.name: _older,
    retention.PENDING_BROADCASTS.name: _older,
    retention.CHECKIN_ROUNDS.name: _checkin_rounds,
    retention.STOPPED_CHECKINS.name: _stopped_checkins,
    retention.NOTES_ACTIONS.name: notes_actions.delete_aged_actions,
    retention.NOTES_PROMPTS.name: notes_actions.delete_aged_prompts,
    retention.NOTES_SERIES.name: _of_gone_series,
}


def kinds_with_a_delete() -> frozenset[str]:
    """The names of the kinds this module can delete (a test matches them to the catalog)."""
    return frozenset(_DELETES)


def delete_older(session: Session, kind: Aged, cutoff: datetime, limit: int) -> int:
    """Delete up to `limit` rows of this kind aged before the cutoff; how many went."""
    return _DELETES[kind.name](session, kind, cutoff, limit)
