"""The weekly cleanup summary for a 1,000-member channel with 20,000 meetings in its window.

1,000 members, each with a connected calendar; 60% of them also use focus hours (weekday
focus blocks in their own zone). 20,000 meetings start in the summary's window (the last
14 days and the coming 7): ~1,500 recurring series (weekly, twice a week, fortnightly and
daily stand-ups; a few moved instances) and single meetings for the rest, 15-120 minutes,
2-15 people, 5% private, about half with an agenda, with the flags the sync stores. Each
meeting is in two to six members' calendars (mostly of one team), so the summary has to
count it once. Around them: 30,000 held mentions and 500 urgent uses in the last 14 days,
5,000 answers to "could this have been async?" about the series, twelve weekly posts for
the quarterly trend, and a focus day. Everything is generated from fixed seeds, stored with
bulk inserts into a schema made by the real migrations, then vacuumed and analysed (as
autovacuum would).

Measured: `build_summary` as the weekly post runs it (each run in a fresh unit of work,
after a warm-up), the quarterly edition, and the Block Kit rendering (`summary_message`),
against the target: under 2 s for computing and rendering the weekly summary (median).
All runs share the pool's one connection, as back-to-back posts would. After ten runs of the
same meetings query there, psycopg has prepared it and PostgreSQL may switch to a generic
plan, so the weekly summary is timed once more at the end, in that state, and the plans
used so far are printed after each series.

The data comes from summary_scenario.py, summary_meetings.py and summary_data.py beside
this script; machine.py and database.py hold what the benchmarks share.

    python bench/summary.py [--members 1000] [--meetings 20000] [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text

from bench.database import postgres, version_and_fsync
from bench.machine import describe
from bench.summary_data import generate, store
from bench.summary_scenario import (
    CHANNEL,
    FOCUS_WEEKDAY,
    NOW,
    TEAM_TZ,
    WINDOW_AHEAD,
    WINDOW_BACK,
    user_id,
)
from bot.blocks import MAX_BLOCKS_MESSAGE, MAX_SECTION_TEXT
from bot.cleanup import repo
from bot.cleanup.model import Summary
from bot.cleanup.service import SummaryOptions, build_summary
from bot.cleanup.summary_messages import review_messages, summary_message
from bot.cleanup.tables import AsyncQuestion, SummaryPost
from bot.clock import FakeClock
from bot.db import migrate
from bot.db.base import table
from bot.db.engine import make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.focus.tables import HeldMention, Person, UrgentUse
from bot.meetings.tables import CalendarFeed, Meeting, MeetingAttendee, MeetingSighting
from tests.support import databases

TARGET_SECONDS = 2.0
# Organizers' names come from users.info (cached by the gateway); the bench has no Slack.
NAMES: dict[str, str] = {}
OPTIONS = SummaryOptions(hourly_rate=85.0, currency="EUR")


def timed(uow: UnitOfWork, members: list[str], *, quarterly: bool) -> tuple[float, Summary]:
    """One summary in a fresh unit of work, as the weekly post computes it: (seconds, it)."""
    started = time.perf_counter()
    with uow() as session:
        summary = build_summary(
            session, CHANNEL, members, now=NOW, tz=TEAM_TZ, options=OPTIONS, quarterly=quarterly
        )
    return time.perf_counter() - started, summary


def render_seconds(summary: Summary, repeat: int = 20) -> float:
    """The median time to render a summary as Block Kit."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        summary_message(summary, NAMES)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def spread(values: Sequence[float]) -> str:
    """min / median / p90 / max."""
    p90 = (
        statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
    )
    return (
        f"min {min(values):.3f}  median {statistics.median(values):.3f}  "
        f"p90 {p90:.3f}  max {max(values):.3f} s"
    )


def texts(value: Any) -> Iterator[str]:
    """Every "text" string in a block tree."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def series_of(
    label: str, runs: int, run: Callable[[], tuple[float, Summary]], *, warm_up: bool = True
) -> tuple[list[float], list[float], Summary]:
    """A warm-up, then `runs` timed runs: compute seconds, render seconds, the last summary."""
    if warm_up:
        run()
    computed, rendered = [], []
    summary = None
    for _ in range(runs):
        seconds, summary = run()
        computed.append(seconds)
        rendered.append(render_seconds(summary))
    assert summary is not None
    totals = [c + r for c, r in zip(computed, rendered, strict=True)]
    after = "after a warm-up, " if warm_up else ""
    print(f"{label} ({runs} run{'s' if runs != 1 else ''}, {after}each in a fresh unit of work):")
    print(f"    compute  {spread(computed)}")
    print(f"    render   {spread(rendered)}")
    print(f"    together {spread(totals)}")
    print(f"    each run's compute, in order: {' '.join(f'{c:.2f}' for c in computed)} s")
    return computed, rendered, summary


def plans(uow: UnitOfWork) -> str:
    """How PostgreSQL has planned the meetings query on the pooled connection so far."""
    with uow() as session:
        custom, generic = session.execute(
            text(
                "SELECT coalesce(sum(custom_plans), 0), coalesce(sum(generic_plans), 0) "
                "FROM pg_prepared_statements WHERE statement LIKE 'SELECT meetings.id,%'"
            )
        ).one()
    return (
        f"    the meetings query on this connection so far (prepared, one statement per chunk "
        f"size; chunks of {repo.CHUNK} members): {custom} runs on custom plans, {generic} on "
        "a generic one"
    )


def counts(uow: UnitOfWork) -> dict[str, int]:
    """Rows per table, as stored."""
    models = (CalendarFeed, Person, Meeting, MeetingSighting, MeetingAttendee, HeldMention,
              UrgentUse, AsyncQuestion, SummaryPost)  # fmt: skip
    with uow() as session:
        return {
            table(model).name: session.scalar(select(func.count()).select_from(model)) or 0
            for model in models
        }


def conditions(uow: UnitOfWork, rows: dict[str, int], pg: str, seconds: float) -> None:
    """Print the machine, the software and the data."""
    with uow() as session:
        server, fsync = version_and_fsync(session)
        window = session.execute(
            select(
                func.count(),
                func.count().filter(Meeting.is_recurring),
                func.count(func.distinct(Meeting.series_key)).filter(Meeting.is_recurring),
            ).where(Meeting.starts_at >= NOW - WINDOW_BACK, Meeting.starts_at < NOW + WINDOW_AHEAD)
        ).one()
    print(
        f"{describe(os.cpu_count())}; load average {os.getloadavg()[0]:.2f} before timing "
        "(anything else running shares these cores)"
    )
    print(
        f"PostgreSQL {server} ({pg}, fsync {fsync}, on this machine); SQLAlchemy "
        f"{version('sqlalchemy')}, psycopg {version('psycopg')}"
    )
    print(
        f"rows: {', '.join(f'{name} {count:,}' for name, count in rows.items())} "
        f"(generated and stored in {seconds:.0f} s, then VACUUM ANALYZE, as autovacuum would)"
    )
    print(
        f"window {NOW - WINDOW_BACK:%a %d %b %H:%M} .. {NOW + WINDOW_AHEAD:%a %d %b %H:%M} UTC: "
        f"{window[0]:,} meetings, {window[1]:,} of them occurrences of {window[2]:,} series; "
        f"summary at {NOW:%a %d %b %Y %H:%M} UTC for {TEAM_TZ}, focus day "
        f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri')[FOCUS_WEEKDAY]}"
    )


def main() -> None:
    """Generate and store the data, time the summary, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    base_url, pg, server = postgres()
    database_url = databases.create_schema(base_url)
    engine = make_engine(database_url)
    try:
        migrate.upgrade(database_url)
        loading = time.perf_counter()
        store(engine, generate(args.members, args.meetings))
        loading = time.perf_counter() - loading
        uow = UnitOfWork(make_session_factory(engine), FakeClock(NOW))
        conditions(uow, counts(uow), pg, loading)
        members = [user_id(n) for n in range(1, args.members + 1)]
        print(f"channel: {len(members):,} members, every one with a connected calendar\n")

        weekly, drawn, summary = series_of(
            "weekly summary", args.runs, lambda: timed(uow, members, quarterly=False)
        )
        last, before = summary.last_week, summary.week_before
        print(
            f"    computed: last 7 days {last.meetings:,} meetings, {last.hours:,.0f} h, "
            f"{last.attendee_hours:,.0f} attendee-hours, agenda share "
            f"{last.agenda_share or 0:.0%}, focus {last.focus.focus_hours:,.0f} h, "
            f"{last.focus.mentions_held:,} mentions held ({last.focus.mentions_delivered:,} "
            f"delivered), {last.focus.urgent} urgent; the 7 before {before.meetings:,} meetings; "
            f"{len(summary.candidates):,} candidates in the coming 7 days; "
            f"{len(summary.async_results):,} series with async answers shown; "
            f"{summary.members_with_calendars:,} members with calendars"
        )
        assert last.meetings > 0, "the summary read no meetings in the last 7 days"
        assert before.meetings > 0, "the summary read no meetings in the 7 before"
        assert summary.candidates, "no candidates: the coming week was not read"
        message = summary_message(summary, NAMES)
        longest = max(len(t) for t in texts(message.blocks))
        print(plans(uow))
        print(
            f"    message: {len(message.blocks)} blocks (limit {MAX_BLOCKS_MESSAGE}), longest "
            f"text {longest:,} characters (section limit {MAX_SECTION_TEXT:,}), fallback text "
            f"{len(message.text)} characters"
        )
        assert len(message.blocks) <= MAX_BLOCKS_MESSAGE, "too many blocks for one message"

        quarterly_runs = max(1, args.runs // 2)
        _, _, quarter = series_of(
            "\nquarterly summary", quarterly_runs, lambda: timed(uow, members, quarterly=True)
        )
        thread = review_messages(quarter.review, NAMES)
        started = time.perf_counter()
        review_messages(quarter.review, NAMES)
        review_seconds = time.perf_counter() - started
        quarterly_message = summary_message(quarter, NAMES)
        print(
            f"    computed: {len(quarter.review):,} recurring series to review, "
            f"{len(quarter.history_hours)} weeks of history; message "
            f"{len(quarterly_message.blocks)} blocks, the review thread {len(thread)} messages "
            f"(rendered in {review_seconds * 1000:.1f} ms); it reads 4 weeks back, the data "
            "holds 2 (the window above), so it reads the same meetings as the weekly one"
        )

        print(plans(uow))

        steady, steady_drawn, _ = series_of(
            "\nweekly summary again, on the connection that ran it all (past the point where "
            "PostgreSQL may switch a prepared statement to a generic plan)",
            quarterly_runs,
            lambda: timed(uow, members, quarterly=False),
            warm_up=False,
        )
        print(plans(uow))
        print(
            "    (psycopg prepares a statement on its 6th run on a connection; PostgreSQL plans "
            "its first 5 runs for the values given, then may keep one generic plan, which for "
            "the meetings query was 2x slower; the summary's transaction sets plan_cache_mode "
            "= force_custom_plan, so 'generic' above should stay 0)"
        )

        print()
        for label, computed, rendered in (
            ("weekly summary on a well-used connection", steady, steady_drawn),
            ("weekly summary, compute + render", weekly, drawn),
        ):
            together = statistics.median(c + r for c, r in zip(computed, rendered, strict=True))
            mark = "PASS" if together < TARGET_SECONDS else "MISS"
            print(
                f"{mark}: {label}, median {together:.3f} s (target < {TARGET_SECONDS:g} s, "
                f"{args.members:,} members, {args.meetings:,} meetings)"
            )
    finally:
        engine.dispose()
        databases.drop_schema(base_url, database_url)
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
