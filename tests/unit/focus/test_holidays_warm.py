"""The public holidays cache: warmed at start-up for the regions people set, and built once
per region and year even when Bolt's worker threads ask for it at the same moment.

The `holidays` package is wrapped (never replaced) to count how often Kairos builds a year.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import holidays as holidays_package
import pytest

from bot.focus import holidays
from bot.focus.holidays import RegionHolidays

KINGS_DAY_2026 = date(2026, 4, 27)
KINGS_DAY_2027 = date(2027, 4, 27)
EPIPHANY = date(2026, 1, 6)  # a holiday in Bavaria, not in the Netherlands


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


def test_warming_builds_this_and_next_year_so_lookups_build_nothing(
    builds: list[tuple[Any, ...]],
) -> None:
    assert holidays.warm(["NL", "DE-BY", "NL"], date(2026, 11, 23)) == 2
    assert sorted(builds) == [
        ("DE", "BY", 2026),
        ("DE", "BY", 2027),
        ("NL", None, 2026),
        ("NL", None, 2027),
    ]

    builds.clear()
    assert KINGS_DAY_2026 in RegionHolidays("NL")
    assert KINGS_DAY_2027 in RegionHolidays("NL")
    assert EPIPHANY in RegionHolidays("DE-BY")
    assert EPIPHANY not in RegionHolidays("NL")
    assert date(2026, 11, 24) not in RegionHolidays("NL")
    assert builds == []


def test_a_region_that_cannot_be_built_is_logged_and_skipped(
    builds: list[tuple[Any, ...]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.focus.holidays")
    # A region stored before the package dropped it: warming must not stop at it.
    assert holidays.warm(["ZZ", "NL"], date(2026, 11, 23)) == 1

    assert "could not warm the public holidays of ZZ" in caplog.text
    builds.clear()
    assert KINGS_DAY_2026 in RegionHolidays("NL")
    assert builds == []


def _at_once(count: int, work: Callable[[], bool]) -> list[bool]:
    start = threading.Barrier(count)
    results: list[bool] = []

    def run() -> None:
        start.wait()
        results.append(work())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_threads_asking_for_the_same_year_at_once_build_it_once(
    builds: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = holidays_package.country_holidays
    # A second build running beside the first would meet it here; alone, the first goes
    # on once the barrier gives up waiting.
    overlap = threading.Barrier(2, timeout=1)

    def meeting(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            overlap.wait()
        return counting(*args, **kwargs)

    monkeypatch.setattr(holidays_package, "country_holidays", meeting)

    results = _at_once(2, lambda: KINGS_DAY_2026 in RegionHolidays("NL"))

    assert results == [True, True]
    assert builds == [("NL", None, 2026)]
