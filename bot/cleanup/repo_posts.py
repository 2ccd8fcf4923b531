"""The summary's channels and their weekly posts: set up, claimed, attempted, posted.
Never commits: the caller's unit of work does.

The claim and the attempt are the statements that make a post go out once (see posting.py):
a unique row per channel and week, and a compare-and-set on attempt_at.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Row, delete, or_, select, update
from sqlalchemy.orm import Session

from bot.cleanup.tables import SummaryChannel, SummaryPost
from bot.db.base import table
from bot.db.inserts import insert_new, rows_changed

# --- Channels --------------------------------------------------------------------------------


def summary_channel(session: Session, channel_id: str) -> SummaryChannel | None:
    """The channel's summary setting, if it gets one."""
    return session.get(SummaryChannel, channel_id)


def summary_channels(session: Session) -> list[SummaryChannel]:
    """Every channel that gets the weekly summary."""
    return list(session.scalars(select(SummaryChannel).order_by(SummaryChannel.channel_id)))


def set_summary_channel(
    session: Session,
    channel_id: str,
    *,
    weekday: int,
    minute: int,
    tz: str,
    set_by: str,
    now: datetime,
) -> None:
    """Have the channel get the summary then (insert or update)."""
    row = session.get(SummaryChannel, channel_id)
    if row is None:
        row = SummaryChannel(channel_id=channel_id, weekday=weekday, minute=minute, tz=tz)
        session.add(row)
    row.weekday, row.minute, row.tz, row.set_by, row.set_at = weekday, minute, tz, set_by, now


def delete_summary_channel(session: Session, channel_id: str) -> int:
    """Stop the channel's summary; how many rows went (0 when it had none)."""
    return rows_changed(
        session.execute(delete(SummaryChannel).where(SummaryChannel.channel_id == channel_id))
    )


# --- Posts -----------------------------------------------------------------------------------


def claim_week(session: Session, channel_id: str, day: date, edition: str, now: datetime) -> int:
    """Claim the channel's post for the week due on `day`; 1 if new, 0 if already claimed."""
    return insert_new(
        session,
        table(SummaryPost),
        [{"channel_id": channel_id, "week": day, "edition": edition, "claimed_at": now}],
        ["channel_id", "week"],
    )


def unposted(session: Session, claimed_since: datetime) -> list[Row[int, str]]:
    """(post, channel) of claimed posts not posted yet, claimed since then, oldest first."""
    return list(
        session.execute(
            select(SummaryPost.id, SummaryPost.channel_id)
            .where(SummaryPost.posted_at.is_(None), SummaryPost.claimed_at >= claimed_since)
            .order_by(SummaryPost.id)
        ).all()
    )


def end_attempt(session: Session, post_id: int) -> None:
    """Clear an unposted post's attempt, so the next one may start."""
    posts = table(SummaryPost)
    session.execute(
        update(posts)
        .where(posts.c.id == post_id, posts.c.posted_at.is_(None))
        .values(attempt_at=None)
    )


def take_attempt(
    session: Session, post_id: int, now: datetime, stale_before: datetime
) -> Row[str, str, int] | None:
    """Start an attempt at an unposted post unless one began after `stale_before`:
    (channel, edition, attempts counting this one), or None when it is not ours to try."""
    posts = table(SummaryPost)
    taken = (
        session.connection()
        .execute(
            update(posts)
            .where(
                posts.c.id == post_id,
                posts.c.posted_at.is_(None),
                or_(posts.c.attempt_at.is_(None), posts.c.attempt_at < stale_before),
            )
            .values(attempt_at=now, attempts=posts.c.attempts + 1)
        )
        .rowcount
    )
    if not taken:
        return None
    return session.execute(
        select(posts.c.channel_id, posts.c.edition, posts.c.attempts).where(posts.c.id == post_id)
    ).one()


def mark_posted(
    session: Session,
    post_id: int,
    ts: str | None,
    hours: tuple[float, float] | None,
    now: datetime,
) -> None:
    """The post is done (ts None: found already posted, or its channel was turned off), with
    the week's (meeting hours, attendee-hours) when they were shown."""
    post = session.get(SummaryPost, post_id)
    if post is not None:
        post.posted_at, post.message_ts = now, ts
        post.meeting_hours, post.attendee_hours = hours if hours is not None else (None, None)
