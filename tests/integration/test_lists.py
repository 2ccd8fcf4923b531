"""one_of: `column IN (a list)` as one parameter, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.db.base import table
from bot.db.lists import one_of
from bot.db.uow import UnitOfWork
from bot.meetings.tables import EmailUser

CHECKED = datetime(2026, 12, 1, tzinfo=UTC)
EMAILS = ["ana@acme.test", "o'brien@acme.test", 'quote"d@acme.test', "zoë@acme.test", "x@y.z"]


@pytest.fixture
def stored(uow: UnitOfWork) -> None:
    with uow() as session:
        for n, email in enumerate(EMAILS):
            session.add(EmailUser(email=email, user_id=f"U{n}", checked_at=CHECKED))


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize(
    "asked",
    [[], ["ana@acme.test"], EMAILS, ["o'brien@acme.test", "nobody@acme.test", "zoë@acme.test"]],
)
def test_one_of_finds_exactly_the_listed_values(uow: UnitOfWork, asked: list[str]) -> None:
    emails = table(EmailUser)
    with uow() as session:
        statement = select(emails.c.email).where(
            one_of(emails.c.email, "asked", session.get_bind().dialect.name)
        )
        found = set(session.scalars(statement, {"asked": asked}))
    assert found == set(asked) & set(EMAILS)


@pytest.mark.usefixtures("stored")
def test_one_statement_serves_lists_of_any_length(uow: UnitOfWork) -> None:
    emails = table(EmailUser)
    with uow() as session:
        dialect = session.get_bind().dialect.name
        by_email = select(emails.c.user_id).where(one_of(emails.c.email, "asked", dialect))
        lengths = [len(list(session.scalars(by_email, {"asked": EMAILS[:n]}))) for n in range(6)]
    assert lengths == [0, 1, 2, 3, 4, 5]
