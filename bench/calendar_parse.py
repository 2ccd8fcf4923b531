"""Parsing the calendar sync benchmark's feeds in this process: a sample of them, Kairos's
parse as a parse worker runs it, and the plain libraries' (icalendar, then
recurring_ical_events) as the baseline issue 18 holds Kairos to (at least 5x faster).

Shared by calendar_sync.py (the baseline, before its sync phases) and ics_hooks.py.
Figures are CPU time of this process (time.process_time): the machine is shared, and CPU
time depends much less than wall time on what else runs.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar

import httpx
import icalendar
import recurring_ical_events

from bench.calendar_feeds import feed_path, owner_zone, plan_feeds
from bench.calendar_ics import render_feed
from bot.meetings.ics.calendar import parse_calendar
from bot.meetings.model import LOOK_AHEAD, LOOK_BACK, ParsedCalendar

FLEET = 1000  # calendar_sync.py's default number of feeds: the sample is drawn from them
# Enough feeds for a steady ratio, few enough for calendar_sync.py to spend some 20 s of CPU
# on them (the plain libraries take 0.3-1 s a feed).
SERVED_SAMPLE = 30
TARGET_RATIO = 5.0  # issue 18: Kairos parses a feed at least 5x faster than the libraries
T = TypeVar("T")


@dataclass(frozen=True)
class Feed:
    """One feed of the benchmark: its owner, the owner's Slack zone, and its body."""

    owner: int
    tz: str
    body: bytes


def sample_owners(fleet: int, count: int) -> list[int]:
    """A fixed sample of feed owners; random, so that Google and Outlook exports both
    appear in their share (owner_style goes by owner % 5)."""
    return sorted(random.Random(18).sample(range(fleet), min(count, fleet)))


def generate(owners: list[int], anchor: date, fleet: int = FLEET, events: int = 200) -> list[Feed]:
    """The owners' feeds as calendar_sync.py's feed server serves them for this anchor."""
    planned = plan_feeds(fleet, events, anchor)
    return [Feed(o, owner_zone(o), render_feed(o, planned[o], anchor)) for o in owners]


def sync_window(now: datetime) -> tuple[datetime, datetime]:
    """The window a sync at `now` parses (bot/meetings/service.py's _parse)."""
    return now - LOOK_BACK, now + LOOK_AHEAD


def as_parse_worker() -> None:
    """This process's garbage collector set as bot/meetings/ics/worker.py sets a worker's
    (call once the imports are done); after_feed() does what the worker does after a feed."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def after_feed() -> None:
    """The worker's collection after each feed, outside any timing."""
    gc.collect(1)


def kairos(feed: Feed, window: tuple[datetime, datetime]) -> ParsedCalendar:
    """Kairos's parse of a feed, as parse_feed calls it in a parse worker."""
    return parse_calendar(
        feed.body, window_start=window[0], window_end=window[1], default_tz=feed.tz
    )


def plain(feed: Feed, window: tuple[datetime, datetime]) -> list[Any]:
    """The plain libraries: Calendar.from_ical, then recurring_ical_events over the window.

    Exchange's `BYDAY=MO, TU` rules make the library raise for the whole calendar; with
    skip_bad_series it drops those series instead (less work: a lower bound on its time).
    """
    calendar = icalendar.Calendar.from_ical(feed.body)
    query = recurring_ical_events.of(calendar, skip_bad_series=True)
    return list(query.between(*window))


def timed(work: Callable[[], T]) -> tuple[float, T]:
    """What `work` returns, and the CPU milliseconds of this process it took."""
    start = time.process_time()
    result = work()
    return (time.process_time() - start) * 1000, result


@dataclass(frozen=True)
class Baseline:
    """Each sampled feed's CPU ms, parsed by Kairos and by the plain libraries."""

    kairos_ms: list[float]
    plain_ms: list[float]
    occurrences: int  # Kairos's meetings, all feeds
    plain_events: int  # the libraries' occurrences (all-day, cancelled and free included)

    @property
    def ratio(self) -> float:
        """How many times Kairos's CPU time the libraries took, over all the feeds."""
        return sum(self.plain_ms) / sum(self.kairos_ms)


def baseline(feeds: list[Feed], window: tuple[datetime, datetime]) -> Baseline:
    """Each feed parsed both ways, one right after the other, taking turns at going first
    (so that neither always finds the caches and the allocator as the other left them)."""
    kairos(feeds[0], window)  # imports, the zones' first construction: no feed's cost
    plain(feeds[0], window)
    as_parse_worker()
    kairos_ms: list[float] = []
    plain_ms: list[float] = []
    occurrences = plain_events = 0
    for index, feed in enumerate(feeds):
        for kairos_turn in (True, False) if index % 2 == 0 else (False, True):
            if kairos_turn:
                ms, parsed = timed(partial(kairos, feed, window))
                kairos_ms.append(ms)
                occurrences += len(parsed.occurrences)
            else:
                ms, events = timed(partial(plain, feed, window))
                plain_ms.append(ms)
                plain_events += len(events)
            after_feed()
    return Baseline(kairos_ms, plain_ms, occurrences, plain_events)


def baseline_lines(result: Baseline) -> list[str]:
    """The baseline's figures and its verdict against the issue's 5x."""
    k, p, n = result.kairos_ms, result.plain_ms, len(result.kairos_ms)
    ratios = sorted(b / a for a, b in zip(k, p, strict=True))
    mark = "PASS" if result.ratio >= TARGET_RATIO else "MISS"
    return [
        f"parse CPU per feed, {n} of the feeds, each parsed both ways in turn in one process "
        "(the parse worker's gc settings):",
        f"  plain libraries (Calendar.from_ical, recurring_ical_events.of(...).between): "
        f"mean {statistics.fmean(p):6.1f} ms, median {statistics.median(p):6.1f}, "
        f"min {min(p):6.1f}; {result.plain_events / n:.0f} occurrences a feed",
        f"  Kairos (parse_calendar, the sync's window and the owner's zone):               "
        f"mean {statistics.fmean(k):6.1f} ms, median {statistics.median(k):6.1f}, "
        f"min {min(k):6.1f}; {result.occurrences / n:.0f} meetings a feed",
        f"  Kairos parses a feed in 1/{result.ratio:.2f} of the plain libraries' CPU time "
        f"(feed by feed 1/{ratios[0]:.1f} to 1/{ratios[-1]:.1f}, median "
        f"1/{statistics.median(ratios):.1f}); target at least {TARGET_RATIO:g}x  {mark}",
    ]


def served_baseline(url: str, fleet: int, now: datetime) -> None:
    """The baseline on a sample of the feeds calendar_sync.py's feed server serves at `url`
    for a sync at `now`, printed."""
    feeds = []
    for owner in sample_owners(fleet, SERVED_SAMPLE):
        response = httpx.get(url + feed_path(owner))
        response.raise_for_status()
        feeds.append(Feed(owner, owner_zone(owner), response.content))
    print("\n".join(baseline_lines(baseline(feeds, sync_window(now)))), flush=True)
