"""Meeting people as Slack users: email addresses looked up once and remembered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, select

from bot.db.base import table
from bot.db.inserts import upsert
from bot.db.lists import one_of
from bot.db.uow import UnitOfWork
from bot.meetings.tables import EmailUser
from bot.ports import SlackPort

# Someone found stays found for a week; a miss is asked again after a day (a new hire).
FOUND_FOR = timedelta(days=7)
MISSING_FOR = timedelta(days=1)


def _fresh(user_id: str | None, checked_at: datetime, now: datetime) -> bool:
    return now - checked_at < (FOUND_FOR if user_id else MISSING_FOR)


@cache
def _known(dialect: str) -> Select[Any]:
    emails = table(EmailUser)
    return select(emails.c.email, emails.c.user_id, emails.c.checked_at).where(
        one_of(emails.c.email, "emails", dialect)
    )


def users_by_email(
    uow: UnitOfWork, slack: SlackPort, emails: Iterable[str], now: datetime
) -> dict[str, str]:
    """The Slack user of each address that has one (lookups outside any transaction)."""
    wanted = sorted({e.strip().lower() for e in emails if e and "@" in e})
    if not wanted:
        return {}
    with uow() as session:
        statement = _known(session.get_bind().dialect.name)
        known = {
            email: (user_id, checked_at)
            for email, user_id, checked_at in session.execute(statement, {"emails": wanted})
        }
    found = {e: u for e, (u, at) in known.items() if u and _fresh(u, at, now)}
    stale = [e for e in wanted if e not in known or not _fresh(*known[e], now)]
    answers = {email: slack.user_id_by_email(email) for email in stale}
    if answers:
        # Colleagues' syncs look up the same addresses at the same time: an upsert, not a
        # read-then-insert that two of them would both try.
        rows = [{"email": e, "user_id": u, "checked_at": now} for e, u in answers.items()]
        with uow() as session:
            upsert(session, table(EmailUser), rows, ["email"], ["user_id", "checked_at"])
    found.update({e: u for e, u in answers.items() if u})
    return found
