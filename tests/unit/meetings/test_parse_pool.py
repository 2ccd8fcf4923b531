"""Parsing in worker processes gives what parsing here gives, refusals included."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool

import pytest

from bot.meetings.parse_pool import ParsePool, parse_here
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


def test_a_pool_whose_worker_died_starts_new_workers(pool: ParsePool) -> None:
    body = (FIXTURES / "google_export.ics").read_bytes()
    killed = pool._pool().submit(os._exit, 1)  # a worker dies, as the OOM killer does it
    assert isinstance(killed.exception(), BrokenProcessPool)
    with pytest.raises(BrokenProcessPool):
        pool.parse(body, WINDOW_START, WINDOW_END, "UTC")
    assert pool.parse(body, WINDOW_START, WINDOW_END, "UTC").occurrences
