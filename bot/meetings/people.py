"""Meeting people as Slack users: email addresses looked up once and remembered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.meetings import repo
from bot.ports import SlackPort

# Someone found stays found for a week; a miss is asked again after a day (a new hire).
FOUND_FOR = timedelta(days=7)
MISSING_FOR = timedelta(days=1)


@dataclass(frozen=True)
class People:
    """The Slack users of meeting addresses, and what Slack answered this time."""

    users: dict[str, str]  # address -> Slack user, for the addresses that have one
    answers: dict[str, str | None]  # asked of Slack just now (None: no such user), to remember


def _fresh(user_id: str | None, checked_at: datetime, now: datetime) -> bool:
    return now - checked_at < (FOUND_FOR if user_id else MISSING_FOR)


def look_up_people(
    uow: UnitOfWork, slack: SlackPort, emails: Iterable[str], now: datetime
) -> People:
    """The Slack user of each address that has one: the remembered ones read in one
    transaction, the rest asked of Slack after it. The caller keeps the answers in its own
    write (remember_people), so a sync or an invite writes once."""
    wanted = sorted({e.strip().lower() for e in emails if e and "@" in e})
    if not wanted:
        return People({}, {})
    with uow() as session:
        known = repo.known_emails(session, wanted)
    found = {e: u for e, (u, at) in known.items() if u and _fresh(u, at, now)}
    stale = [e for e in wanted if e not in known or not _fresh(*known[e], now)]
    answers = {email: slack.user_id_by_email(email) for email in stale}
    found.update({e: u for e, u in answers.items() if u})
    return People(found, answers)


def remember_people(session: Session, people: People, now: datetime) -> None:
    """Keep what Slack answered (a miss too), in the caller's transaction."""
    if people.answers:
        repo.remember_emails(session, people.answers, now)
