"""Parsing in worker processes gives what parsing here gives, refusals included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.meetings.ics.pool import ParseFailedError, ParsePool, WorkerDiedError, parse_here
from tests.unit.meetings.ics_helpers import FIXTURES, WINDOW_END, WINDOW_START


@pytest.fixture(scope="module")
def pool() -> Iterator[ParsePool]:
    parse_pool = ParsePool(1)
    yield parse_pool
    parse_pool.close()


@pytest.mark.parametrize("name", ["google_export.ics", "outlook_exchange.ics", "broken_events.ics"])
def test_a_worker_parses_as_this_process_does(pool: ParsePool, name: str) -> None:
    body = (FIXTURES / name).read_bytes()
    there = pool.parse(body, WINDOW_START, WINDOW_END, "Europe/Amsterdam")
    here = parse_here(body, WINDOW_START, WINDOW_END, "Europe/Amsterdam")
    assert there.occurrences
    assert there == here


def test_a_feed_that_is_no_calendar_comes_back_as_a_problem(pool: ParsePool) -> None:
    body = (FIXTURES / "not_a_calendar.ics").read_bytes()
    parsed = pool.parse(body, WINDOW_START, WINDOW_END, "Europe/Amsterdam")
    assert parsed.occurrences == []
    assert parsed.problem is not None
    assert "calendar" in parsed.problem
    assert parsed == parse_here(body, WINDOW_START, WINDOW_END, "Europe/Amsterdam")


def test_a_closed_pool_starts_again_when_asked(pool: ParsePool) -> None:
    body = (FIXTURES / "google_export.ics").read_bytes()
    pool.close()
    assert pool.parse(body, WINDOW_START, WINDOW_END, "UTC").occurrences


def test_a_worker_that_died_is_replaced(pool: ParsePool) -> None:
    body = (FIXTURES / "google_export.ics").read_bytes()
    pool.parse(body, WINDOW_START, WINDOW_END, "UTC")
    (dead,) = pool.pids()
    os.kill(dead, signal.SIGKILL)  # as the OOM killer does it
    with pytest.raises(WorkerDiedError):
        pool.parse(body, WINDOW_START, WINDOW_END, "UTC")
    assert pool.parse(body, WINDOW_START, WINDOW_END, "UTC").occurrences
    assert pool.pids()
    assert dead not in pool.pids()


def test_a_parse_that_raises_is_raised_here_and_the_worker_kept(pool: ParsePool) -> None:
    body = (FIXTURES / "google_export.ics").read_bytes()
    pool.parse(body, WINDOW_START, WINDOW_END, "UTC")
    before = pool.pids()
    with pytest.raises(ParseFailedError, match="timezone-aware"):
        pool.parse(body, WINDOW_START.replace(tzinfo=None), WINDOW_END, "UTC")
    assert pool.pids() == before
    assert pool.parse(body, WINDOW_START, WINDOW_END, "UTC").occurrences


def test_workers_parse_side_by_side_and_are_started_only_as_needed() -> None:
    body = (FIXTURES / "outlook_exchange.ics").read_bytes()
    expected = parse_here(body, WINDOW_START, WINDOW_END, "Europe/Amsterdam")
    two = ParsePool(2)
    try:
        assert two.pids() == []
        with ThreadPoolExecutor(6) as threads:
            results = list(
                threads.map(
                    lambda _: two.parse(body, WINDOW_START, WINDOW_END, "Europe/Amsterdam"),
                    range(12),
                )
            )
        assert results == [expected] * 12
        assert 1 <= len(two.pids()) <= 2
    finally:
        two.close()
    assert two.pids() == []


_MAIN_SCRIPT = """
import sys
from datetime import UTC, datetime
from pathlib import Path

if __name__ != "__main__":  # imported again by a worker: what spawned workers do
    Path(sys.argv[1]).write_text("imported")
else:
    from bot.meetings.ics.pool import ParsePool

    pool = ParsePool(1)
    body = Path(sys.argv[2]).read_bytes()
    start, end = datetime(2020, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)
    print(len(pool.parse(body, start, end, "UTC").occurrences))
    pool.close()
"""


def test_a_worker_does_not_import_the_programs_main_module(tmp_path: Path) -> None:
    # `kairos` is the whole bot: a worker importing it again would carry all of it.
    script, marker = tmp_path / "main.py", tmp_path / "imported"
    script.write_text(_MAIN_SCRIPT)
    ran = subprocess.run(
        [sys.executable, str(script), str(marker), str(FIXTURES / "google_export.ics")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).resolve().parents[4],
    )
    assert int(ran.stdout) > 0
    assert not marker.exists()
