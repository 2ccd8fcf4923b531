"""What each private hook of the calendar parser buys: Kairos's parse CPU per feed with every
hook, and with one hook at a time put back to the plain library's way (issue 18).

bot/meetings/ics/reader.py plugs into private internals of icalendar and
recurring_ical_events, which pins both to one minor release; a hook is worth that only
where it buys more than 10% of the parse. Each variant swaps the module attribute the
calendar code calls for the library's own way, on the same sample of calendar_sync.py's
feeds, in this one process (one_offs, which reads only icalendar's public values now, is
timed alongside: the issue's 5x over the plain libraries needs its few percent):

* read_calendar -> icalendar.Calendar.from_ical (the three icalendar hooks below at once)
* _new_fast_line -> Contentline (icalendar splits the whole line, value included)
* _Line's heads memo never remembering (each line's head is split by icalendar)
* _SharingParser -> CalendarIcalParser (every line's value parsed, none shared)
* content_lines -> icalendar's split (its UFOLD and NEWLINE expressions)
* one_offs -> none (every event goes through recurring_ical_events' Series)
* _EventAdapter -> the library's EventAdapter (each occurrence an as_component copy)
* all of them off together

occurrences._getter (dict.get on icalendar's upper-case keys, some 2%) was removed: the
calendar code now calls the public .get, and so does every variant.

A variant must give the same ParsedCalendar as all hooks on, feed for feed (occurrences,
skipped, errors, warnings); one that does not is reported and not timed. That check is
also the warm-up. Then rounds: in each, every feed is parsed by every variant in turn, one
right after the other (the order rotating feed by feed and round by round), so that what
else the shared machine does in a given second weighs on all variants alike. Each variant
has its own copies of reader.py's process-wide memos, empty at the start of each round, and
fills them from the feeds it parses, as a fresh parse worker would (a round that found the
previous round's lines of the same feeds would flatter the memos). gc is set as in the
parse worker. Per variant: CPU ms per feed, median and min of the rounds; per hook, the
paired difference to all hooks on in the same round, as a percentage of the all-on parse.
text.py's pre-pass (prepare_feed alone) is timed alongside as context: Kairos's own text
work, not a private hook. Before the rounds, the plain libraries' baseline
(calendar_parse.py) on the same feeds.

    python bench/ics_hooks.py [--feeds 24] [--rounds 5] [--no-baseline]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import icalendar
from icalendar.parser.content_line import NEWLINE, UFOLD, Contentline
from icalendar.parser.ical.calendar import CalendarIcalParser
from recurring_ical_events import EventAdapter

from bench.calendar_feeds import owner_style
from bench.calendar_parse import (
    Feed,
    after_feed,
    as_parse_worker,
    baseline,
    baseline_lines,
    generate,
    kairos,
    sample_owners,
    sync_window,
    timed,
)
from bench.machine import describe
from bot.meetings.ics import calendar, reader
from bot.meetings.ics.text import prepare_feed

# Fixed, so that every run parses the same feeds (they are planned around this day).
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEEP_ABOVE = 10.0  # issue 18: keep a hook only where it buys more than 10% of the parse
Swap = tuple[ModuleType, str, Any]


class _NoMemo(dict[str, Any]):
    """A memo that never remembers: _Line then splits every head with icalendar."""

    def __setitem__(self, key: str, value: Any) -> None:
        return


def _from_ical(text: str) -> Any:
    return icalendar.Calendar.from_ical(text)


def _icalendar_lines(text: str) -> list[str]:
    # Contentlines.from_ical's unfolding and split, without making its Contentlines:
    # read_calendar makes its own lines from these.
    return NEWLINE.split(UFOLD.sub("", text))


def _no_one_offs(cal: Any, _start: Any, _end: Any) -> tuple[list[Any], Any]:
    return [], cal


READ = (calendar, "read_calendar", _from_ical)
ONE_OFFS = (calendar, "one_offs", _no_one_offs)
ADAPTER = (reader, "_EventAdapter", EventAdapter)
ALL_ON = "all hooks on"
# Not a private hook since it reads only icalendar's public values: no keep/remove verdict.
PUBLIC_ONE_OFFS = "one_offs (public API)"
HEADS_OFF = "    its heads memo alone"
# Variant -> the swaps that put its hook(s) back to the library's way.
VARIANTS: dict[str, list[Swap]] = {
    ALL_ON: [],
    "read_calendar (the 3 below)": [READ],
    "  _Line, head-only split": [(reader, "_new_fast_line", Contentline)],
    HEADS_OFF: [],  # its memo never remembers (_fresh_memos)
    "  _SharingParser": [(reader, "_SharingParser", CalendarIcalParser)],
    "  content_lines' split": [(reader, "content_lines", _icalendar_lines)],
    PUBLIC_ONE_OFFS: [ONE_OFFS],
    "_EventAdapter/Instance": [ADAPTER],
    "all hooks off": [READ, ONE_OFFS, ADAPTER],
}
PRE_PASS = "text.py pre-pass alone"


@contextmanager
def swapped(swaps: list[Swap]) -> Iterator[None]:
    """The attributes replaced while inside, then restored."""
    saved = []
    for module, name, value in swaps:
        if not hasattr(module, name):  # renamed in bot/: this script must follow
            raise SystemExit(f"{module.__name__}.{name} is gone: update bench/ics_hooks.py")
        saved.append((module, name, getattr(module, name)))
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)


def _work(variant: str, feed: Feed, window: tuple[datetime, datetime]) -> Callable[[], Any]:
    if variant == PRE_PASS:
        return lambda: prepare_feed(feed.body, window_start=window[0], window_end=window[1])
    return lambda: kairos(feed, window)


def _fresh_memos(variant: str) -> list[Swap]:
    """reader.py's process-wide memos, empty and this variant's own: each variant then
    fills them from the feeds it parses, as a worker would, whatever the others parse."""
    heads = _NoMemo() if variant == HEADS_OFF else {}
    return [(reader, "_remembered", {}), (reader, "_heads", heads)]


def one_round(
    variants: list[str], feeds: list[Feed], window: tuple[datetime, datetime], turn: int
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Each feed parsed by every variant in turn: CPU ms a feed per variant, and per
    variant the owners of the feeds whose result differs from all hooks on."""
    memos = {v: _fresh_memos(v) for v in variants}
    total = dict.fromkeys(variants, 0.0)
    differing: dict[str, list[str]] = {v: [] for v in variants}
    for index, feed in enumerate(feeds):
        # All hooks on first when checking (it gives the expected result); else an order
        # that rotates feed by feed and round by round.
        shift = 0 if turn < 0 else (index + turn) % len(variants)
        expected = None
        for variant in variants[shift:] + variants[:shift]:
            with swapped(VARIANTS.get(variant, []) + memos[variant]):
                ms, result = timed(_work(variant, feed, window))
            after_feed()
            total[variant] += ms
            if variant == ALL_ON:
                expected = result
            elif turn < 0 and result != expected and variant != PRE_PASS:
                differing[variant].append(str(feed.owner))
    return {v: t / len(feeds) for v, t in total.items()}, differing


def check(feeds: list[Feed], window: tuple[datetime, datetime]) -> list[str]:
    """The variants that give what all hooks on gives, feed for feed; the others reported.
    (Untimed: it is also the warm-up.)"""
    _, differing = one_round(list(VARIANTS), feeds, window, -1)
    for variant, owners in differing.items():
        if owners:
            print(f"CHANGES RESULTS, not timed: {variant.strip()} (feeds {', '.join(owners)})")
    return [v for v in VARIANTS if not differing[v]]


def rounds(
    variants: list[str], feeds: list[Feed], window: tuple[datetime, datetime], count: int
) -> dict[str, list[float]]:
    """CPU ms per feed of each variant in each round."""
    figures: dict[str, list[float]] = {v: [] for v in variants}
    for r in range(count):
        for variant, ms in one_round(variants, feeds, window, r)[0].items():
            figures[variant].append(ms)
        print(f"  round {r + 1}: all hooks on {figures[ALL_ON][-1]:.1f} ms a feed", flush=True)
    return figures


def _spread(pcts: list[float]) -> str:
    ordered = sorted(pcts)
    return f"{statistics.median(ordered):5.1f}% ({ordered[0]:5.1f} to {ordered[-1]:5.1f})"


def report(figures: dict[str, list[float]]) -> None:
    """Per variant its ms a feed; per hook the paired percentage of the all-on parse."""
    on = figures[ALL_ON]
    print(
        f"\n{'put back to the library':<30}{'ms/feed median':>15}{'min':>7}{'buys ms':>9}"
        f"{'% of parse, median (rounds)':>30}  verdict"
    )
    for variant, values in figures.items():
        line = f"{variant:<30}{statistics.median(values):15.1f}{min(values):7.1f}"
        if variant == ALL_ON:
            print(line)
            continue
        if variant == PRE_PASS:
            shares = [100 * v / o for v, o in zip(values, on, strict=True)]
            print(f"{line}{'':9}{_spread(shares):>30}  context: its own share of the parse")
            continue
        # Paired within each round: the same feeds, the same minute of a shared machine.
        diffs = [v - o for v, o in zip(values, on, strict=True)]
        pcts = [100 * d / o for d, o in zip(diffs, on, strict=True)]
        line += f"{statistics.median(diffs):9.1f}{_spread(pcts):>30}"
        if variant == "all hooks off":
            print(f"{line}  (all together)")
            continue
        if variant == PUBLIC_ONE_OFFS:
            print(f"{line}  (no private internals: kept)")
            continue
        verdict = "keep" if statistics.median(pcts) > KEEP_ABOVE else "remove"
        unsure = " (rounds straddle 10%)" if min(pcts) <= KEEP_ABOVE < max(pcts) else ""
        print(f"{line}  {verdict}{unsure}")


def main() -> None:
    """Generate the sample, check the variants, time them in rounds, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    window = sync_window(NOW)
    feeds = generate(sample_owners(1000, args.feeds), NOW.date())
    print(describe(len(os.sched_getaffinity(0))))
    print(
        f"icalendar {version('icalendar')}, recurring-ical-events "
        f"{version('recurring-ical-events')}, x-wr-timezone {version('x-wr-timezone')}, "
        f"python-dateutil {version('python-dateutil')}; load average at start "
        f"{os.getloadavg()[0]:.2f} (other processes share the cores)"
    )
    outlook = sum(owner_style(f.owner) == "outlook" for f in feeds)
    size = statistics.fmean(len(f.body) for f in feeds) / 1024
    print(
        f"{len(feeds)} of calendar_sync.py's 1,000 feeds ({outlook} Outlook, "
        f"{len(feeds) - outlook} Google; {size:.0f} KB each on average), planned around "
        f"{NOW:%Y-%m-%d}; the sync's window {window[0]:%m-%d} to {window[1]:%m-%d}; "
        f"CPU time of this one process, {args.rounds} rounds\n"
    )
    if not args.no_baseline:
        print("\n".join(baseline_lines(baseline(feeds, window))) + "\n")
    as_parse_worker()
    variants = check(feeds, window)  # also the warm-up
    print(f"{len(variants) - 1} of {len(VARIANTS) - 1} variants give the same results")
    figures = rounds([*variants, PRE_PASS], feeds, window, args.rounds)
    report(figures)
    print(f"\n({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
