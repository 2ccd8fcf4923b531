"""Slack ending Kairos's access, on both backends: app_uninstalled empties every table but the
job leases; tokens_revoked drops exactly the named people's connections."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.connect import repo as connect_repo
from bot.db.registry import metadata
from bot.db.uow import UnitOfWork
from bot.privacy.model import KEPT_ON_UNINSTALL
from bot.privacy.service import forget_connections, forget_workspace
from tests.integration.privacy.scan import all_rows, frozen
from tests.integration.privacy.world import ALICE, BOB, CAROL_ID

pytestmark = pytest.mark.usefixtures("world")


def test_uninstall_empties_every_table_but_the_leases(uow: UnitOfWork) -> None:
    before = all_rows(uow)
    # Every table has rows to lose, so none is left out unnoticed.
    assert [name for name, rows in before.items() if not rows] == []
    expected = sum(len(rows) for name, rows in before.items() if name not in KEPT_ON_UNINSTALL)

    assert forget_workspace(uow) == expected

    after = all_rows(uow)
    assert {name for name, rows in after.items() if rows} == set(KEPT_ON_UNINSTALL)
    assert after["job_leases"] == before["job_leases"]
    assert set(after) == {table.name for table in metadata.sorted_tables}


def test_uninstall_twice_deletes_nothing_more(uow: UnitOfWork) -> None:
    forget_workspace(uow)
    assert forget_workspace(uow) == 0


def test_revoked_tokens_drop_only_those_connections(uow: UnitOfWork, clock: FakeClock) -> None:
    with uow() as session:
        connect_repo.save(session, CAROL_ID, "encrypted", "dnd:write", clock.now())
    before = all_rows(uow)

    assert forget_connections(uow, [ALICE.user_id, CAROL_ID, "U0NOBODY", CAROL_ID]) == 2

    after = all_rows(uow)
    assert [row["user_id"] for row in after["user_connections"]] == [BOB.user_id]
    others = [name for name in before if name != "user_connections"]
    assert frozen(after, others) == frozen(before, others)


def test_no_revoked_tokens_drop_nothing(uow: UnitOfWork) -> None:
    before = all_rows(uow)
    assert forget_connections(uow, []) == 0
    assert frozen(all_rows(uow)) == frozen(before)
