"""A write riding along the reachability read (bot/db/driver.py: Rider): on PostgreSQL it is
made in the read's own statement and changes nothing the read returns; elsewhere, or with
clashing parameters, it is refused before anything is written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.db.dedupe import ProcessedEvent
from bot.db.driver import Rider
from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.focus.tables import Person

NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)
# A harmless write to see whether the rider ran: an event id recorded as handled.
RIDER = Rider(
    "INSERT INTO processed_events (event_id, processed_at) VALUES (%(r_id)s, %(r_at)s)",
    {"r_id": "Ev-rider", "r_at": NOW},
)


@pytest.fixture
def people(uow: UnitOfWork) -> None:
    with uow() as session:
        for user in ("U1", "U2"):
            session.add(
                Person(user_id=user, tz="Europe/Amsterdam", focus_blocks="", working_hours="",
                       updated_at=NOW)
            )  # fmt: skip


def _events(uow: UnitOfWork) -> list[str]:
    with uow() as session:
        return list(session.scalars(select(ProcessedEvent.event_id)))


@pytest.mark.usefixtures("people")
def test_a_rider_is_written_with_the_read_and_changes_nothing_it_returns(uow: UnitOfWork) -> None:
    with uow.autocommit() as connection:
        if connection.dialect.name != "postgresql":
            with pytest.raises(ValueError, match="needs PostgreSQL"):
                focus_repo.reachability(connection, ["U1", "U2"], now=NOW, rider=RIDER)
            assert _events(uow) == []
            return
        alone = focus_repo.reachability(connection, ["U1", "U2", "U3"], now=NOW)
        ridden = focus_repo.reachability(connection, ["U1", "U2", "U3"], now=NOW, rider=RIDER)
    assert [p.user_id for p in alone] == ["U1", "U2"]
    assert ridden == alone
    assert _events(uow) == ["Ev-rider"]


def test_a_rider_whose_parameters_clash_with_the_read_is_refused(uow: UnitOfWork) -> None:
    clashing = Rider(RIDER.sql.replace("r_id", "ids"), {"ids": "Ev-rider", "r_at": NOW})
    with uow.autocommit() as connection, pytest.raises(ValueError, match=r"clash|PostgreSQL"):
        focus_repo.reachability(connection, ["U1"], now=NOW, rider=clashing)
    assert _events(uow) == []
