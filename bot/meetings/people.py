"""Meeting people as Slack users: email addresses looked up once and remembered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select

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
        with uow() as session:
            for email, user_id in answers.items():
                row = session.get(EmailUser, email)
                if row is None:
                    session.add(EmailUser(email=email, user_id=user_id, checked_at=now))
                else:
                    row.user_id, row.checked_at = user_id, now
    found.update({e: u for e, u in answers.items() if u})
    return found
