"""The start-up warm-up on both backends: it reads the distinct regions people have set and
builds their holidays, so the first mention of each person does not; a database that
cannot be read is logged, never fatal.

The `holidays` package is wrapped (never replaced) to count how often Kairos builds a year.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

import holidays as holidays_package
import pytest

from bot.clock import FakeClock
from bot.compose import warm_holidays
from bot.db.engine import make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.focus import holidays
from bot.focus import repo as focus_repo
from bot.focus.holidays import RegionHolidays


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """An empty cache, and the calls into the package from now on."""
    monkeypatch.setattr(holidays, "_YEARS", {})
    calls: list[tuple[Any, ...]] = []
    real = holidays_package.country_holidays

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append((*args, kwargs.get("subdiv"), kwargs.get("years")))
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays_package, "country_holidays", counting)
    return calls


def test_the_regions_people_set_are_built_once_each(
    uow: UnitOfWork, clock: FakeClock, builds: list[tuple[Any, ...]]
) -> None:
    now = clock.now()
    with uow() as session:
        for user_id, region in [("U0A", "NL"), ("U0B", "DE-BY"), ("U0C", None), ("U0D", "NL")]:
            person = focus_repo.add_person(session, user_id, "Europe/Amsterdam", now)
            person.holiday_region = region

    warm_holidays(uow, clock)

    # The clock is in 2026: this year and the next, for each distinct region.
    assert sorted(builds) == [
        ("DE", "BY", 2026),
        ("DE", "BY", 2027),
        ("NL", None, 2026),
        ("NL", None, 2027),
    ]
    builds.clear()
    assert date(2026, 12, 25) in RegionHolidays("NL")
    assert date(2026, 1, 6) in RegionHolidays("DE-BY")
    assert builds == []


def test_a_database_that_cannot_be_read_is_logged_not_raised(
    tmp_path: Path,
    clock: FakeClock,
    builds: list[tuple[Any, ...]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    # No tables here: the read fails as a database that is not migrated yet would.
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        warm_holidays(UnitOfWork(make_session_factory(engine), clock), clock)
    finally:
        engine.dispose()

    assert "could not warm the public holidays at start-up" in caplog.text
    assert builds == []
