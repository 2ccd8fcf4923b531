"""Meeting people as Slack users: email addresses looked up once and remembered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.db.uow import UnitOfWork
from bot.meetings import repo
from bot.ports import SlackPort

# Someone found stays found for a week; a miss is asked again after a day (a new hire).
FOUND_FOR = timedelta(days=7)
MISSING_FOR = timedelta(days=1)


def _fresh(user_id: str | None, checked_at: datetime, now: datetime) -> bool:
    return now - checked_at < (FOUND_FOR if user_id else MISSING_FOR)


def users_by_email(
    uow: UnitOfWork, slack: SlackPort, emails: Iterable[str], now: datetime
) -> dict[str, str]:
    """The Slack user of each address that has one (lookups outside any transaction)."""
    wanted = sorted({e.strip().lower() for e in emails if e and "@" in e})
    if not wanted:
        return {}
    with uow() as session:
        known = repo.known_emails(session, wanted)
    found = {e: u for e, (u, at) in known.items() if u and _fresh(u, at, now)}
    stale = [e for e in wanted if e not in known or not _fresh(*known[e], now)]
    answers = {email: slack.user_id_by_email(email) for email in stale}
    if answers:
        with uow() as session:
            repo.remember_emails(session, answers, now)
    found.update({e: u for e, u in answers.items() if u})
    return found
