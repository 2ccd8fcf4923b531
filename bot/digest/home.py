"""The last digest as App Home lists it: in full, and after leave in the away layout."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.digest.away_messages import away_home_lines
from bot.digest.reasons import held_on_leave
from bot.digest.repo import HOME_LIMIT, as_item, last_digest_items
from bot.focus import repo as focus_repo
from bot.focus.model import zone_named
from bot.focus.tables import HeldMention, Person

# An away digest is read whole, so that its first HOME_LIMIT lines are the ones that concern
# the person most (direct mentions first), not merely the oldest.
AWAY_READ_LIMIT = 5000


def last_digest(
    session: Session, person: Person | None, user_id: str, now: datetime
) -> tuple[list[HeldMention], list[str] | None]:
    """The last digest's items (up to HOME_LIMIT, oldest first), and, when it was a digest
    after leave, its lines in the away layout for App Home (else None)."""
    rows = last_digest_items(session, user_id, limit=AWAY_READ_LIMIT)
    if person is None or not rows:
        return rows[:HOME_LIMIT], None
    tz = zone_named(person.tz)
    if not held_on_leave(focus_repo.state_of(person), tz, ((r.held_at, r.held_for) for r in rows)):
        return rows[:HOME_LIMIT], None
    items = [as_item(row) for row in rows]
    lines = away_home_lines(items, tz=tz, now=now, limit=HOME_LIMIT, total=len(rows))
    return rows[:HOME_LIMIT], lines
