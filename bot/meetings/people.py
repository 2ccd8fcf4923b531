"""Meeting people as Slack users: email addresses looked up once and remembered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.db.base import table
from bot.db.inserts import upsert
from bot.db.uow import UnitOfWork
from bot.meetings.tables import EmailUser
from bot.ports import SlackPort

# Someone found stays found for a week; a miss is asked again after a day (a new hire).
FOUND_FOR = timedelta(days=7)
MISSING_FOR = timedelta(days=1)


def _fresh(row: EmailUser, now: datetime) -> bool:
    age = now - row.checked_at
    return age < (FOUND_FOR if row.user_id else MISSING_FOR)


def users_by_email(
    uow: UnitOfWork, slack: SlackPort, emails: Iterable[str], now: datetime
) -> dict[str, str]:
    """The Slack user of each address that has one (lookups outside any transaction)."""
    wanted = sorted({e.strip().lower() for e in emails if e and "@" in e})
    if not wanted:
        return {}
    with uow() as session:
        known = {
            row.email: row
            for row in session.scalars(select(EmailUser).where(EmailUser.email.in_(wanted)))
        }
        found = {e: r.user_id for e, r in known.items() if _fresh(r, now) and r.user_id}
        stale = [e for e in wanted if e not in known or not _fresh(known[e], now)]
    answers = {email: slack.user_id_by_email(email) for email in stale}
    if answers:
        # Colleagues' syncs look up the same addresses at the same time: an upsert, not a
        # read-then-insert that two of them would both try.
        rows = [{"email": e, "user_id": u, "checked_at": now} for e, u in answers.items()]
        with uow() as session:
            upsert(session, table(EmailUser), rows, ["email"], ["user_id", "checked_at"])
    found.update({e: u for e, u in answers.items() if u})
    return found
