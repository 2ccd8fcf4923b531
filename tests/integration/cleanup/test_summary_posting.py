"""The weekly summary's post going out exactly once, against real databases and Slack's Web
API (a local fake over HTTP): at its time, after downtime, through failures, crashes,
replicas and the scheduler's lease."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.cleanup.config import Admins, summary_here, summary_off
from bot.cleanup.posting import (
    METADATA_EVENT,
    Summaries,
    _take_attempt,
    claim_due_weeks,
    post_due_summaries,
)
from bot.cleanup.tables import SummaryPost
from bot.clock import FakeClock
from bot.db.engine import make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.jobs import all_sweepers
from bot.retry import Retries
from bot.scheduler import SweepRunner
from tests.integration.cleanup.summary_setup import (
    ADMIN,
    DUE,
    MONDAY,
    TEAM,
    add_standups,
    blocks_text,
    summary_here_by,
    top_level_posts,
)


def _sweep(summaries: Summaries, now: datetime) -> int:
    return post_due_summaries(summaries, now)


def test_posted_once_at_its_time_and_again_next_week(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here_by(summaries, ADMIN)
    add_standups(summaries.uow, DUE + timedelta(days=3), days=2)
    assert _sweep(summaries, DUE - timedelta(minutes=1)) == 0
    assert _sweep(summaries, DUE) == 1
    for later in (DUE + timedelta(seconds=30), DUE + timedelta(hours=3), DUE + timedelta(days=1)):
        assert _sweep(summaries, later) == 0
    (posted,) = top_level_posts(fake_slack)
    assert posted["metadata"]["event_type"] == METADATA_EVENT
    assert "Daily standup" in blocks_text(posted)
    assert _sweep(summaries, DUE + timedelta(days=7)) == 1
    assert len(top_level_posts(fake_slack)) == 2


def test_a_run_missed_while_down_goes_out_the_same_day_not_later(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here_by(summaries, ADMIN)
    assert _sweep(summaries, DUE + timedelta(hours=6)) == 1  # back at 21:00: posted
    assert len(top_level_posts(fake_slack)) == 1
    # Down all of the next Friday: Saturday is too late, and Monday nothing either.
    assert _sweep(summaries, DUE + timedelta(days=8)) == 0
    assert _sweep(summaries, DUE + timedelta(days=10)) == 0
    assert len(top_level_posts(fake_slack)) == 1


def test_a_channel_set_up_after_this_weeks_time_waits_for_next_week(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    reply = summary_here_by(summaries, ADMIN, now=DUE + timedelta(hours=1))
    assert "Friday 04 December" in reply
    assert _sweep(summaries, DUE + timedelta(hours=2)) == 0
    assert _sweep(summaries, DUE + timedelta(days=7)) == 1


def test_slack_answering_429_still_posts_once(summaries: Summaries, fake_slack: FakeSlack) -> None:
    summary_here_by(summaries, ADMIN)
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1)
    assert _sweep(summaries, DUE) == 1
    assert len(top_level_posts(fake_slack)) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # refused once, then taken


def test_a_failed_post_is_retried_later_the_same_day(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here_by(summaries, ADMIN)
    fake_slack.fail_next("chat.postMessage", "internal_error")
    retries = Retries("post weekly summaries")
    assert post_due_summaries(summaries, DUE, retries) == 0
    # The failed attempt is over: its backoff, not the stale-attempt timeout, says when.
    assert post_due_summaries(summaries, DUE + timedelta(seconds=30), retries) == 0
    assert post_due_summaries(summaries, DUE + timedelta(minutes=1), retries) == 1
    assert len(top_level_posts(fake_slack)) == 1


def test_a_post_that_reached_slack_before_a_crash_is_not_posted_again(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here_by(summaries, ADMIN)
    assert claim_due_weeks(summaries, DUE) == 1
    with summaries.uow() as session:
        post_id = session.scalars(select(SummaryPost.id)).one()
    # What a replica did before it died: took the attempt and posted, but never recorded it.
    assert _take_attempt(summaries, post_id, DUE) is not None
    summaries.slack.post_message(
        TEAM, "summary", [], {"event_type": METADATA_EVENT, "event_payload": {"post_id": post_id}}
    )
    assert _sweep(summaries, DUE + timedelta(minutes=2)) == 0  # its attempt isn't stale yet
    assert _sweep(summaries, DUE + timedelta(minutes=15)) == 0  # found in the channel
    assert len(top_level_posts(fake_slack)) == 1
    with summaries.uow() as session:
        post = session.get(SummaryPost, post_id)
        assert post is not None
        assert post.posted_at is not None


def test_two_replicas_sweeping_at_once_post_once(
    summaries: Summaries, fake_slack: FakeSlack, database_url: str
) -> None:
    summary_here_by(summaries, ADMIN)
    engines = [make_engine(database_url) for _ in range(2)]
    try:
        replicas = [
            Summaries(UnitOfWork(make_session_factory(e), FakeClock(DUE)), summaries.slack,
                      summaries.options)
            for e in engines
        ]  # fmt: skip
        start = threading.Barrier(2)
        results: list[int] = []

        def sweep(replica: Summaries) -> None:
            start.wait()
            results.append(post_due_summaries(replica, DUE))

        threads = [threading.Thread(target=sweep, args=(r,)) for r in replicas]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for engine in engines:
            engine.dispose()
    assert sorted(results) == [0, 1]
    assert len(top_level_posts(fake_slack)) == 1
    with summaries.uow() as session:
        assert session.scalar(select(func.count()).select_from(SummaryPost)) == 1


def test_turned_off_after_it_was_claimed_posts_nothing(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here_by(summaries, ADMIN)
    claim_due_weeks(summaries, DUE)
    summary_off(summaries.uow, summaries.slack, Admins(frozenset()), ADMIN, TEAM)
    assert _sweep(summaries, DUE) == 0
    assert top_level_posts(fake_slack) == []


def test_the_first_summary_of_a_quarter_is_the_long_edition_with_a_review_thread(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here(
        summaries.uow, summaries.slack, Admins(frozenset()),
        user_id=ADMIN, channel_id=TEAM, when=(4, 900), now=MONDAY,
    )  # fmt: skip
    first_of_quarter = datetime(2027, 1, 1, 14, 0, tzinfo=UTC)  # Friday 1 January, 15:00
    add_standups(summaries.uow, first_of_quarter - timedelta(days=10), days=14)
    assert _sweep(summaries, DUE) == 1
    assert _sweep(summaries, first_of_quarter) == 1
    posts = top_level_posts(fake_slack)
    assert len(posts) == 2
    assert "Weekly meeting cleanup" in blocks_text(posts[0])
    quarterly = blocks_text(posts[1])
    assert "Quarterly Meeting Cleanup Day" in quarterly
    assert "90-day trend" in quarterly
    replies = [m for m in fake_slack.messages_in(TEAM) if m.get("thread_ts") == posts[1]["ts"]
               and m["ts"] != posts[1]["ts"]]  # fmt: skip
    assert replies, "the review list goes in the thread"
    assert "Daily standup" in blocks_text(replies[0])
    assert "make async" in blocks_text(replies[0])


def test_the_scheduler_posts_once_across_replicas_restarts_and_a_lost_lease(
    summaries: Summaries, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """The sweep as `kairos run` wires it (the lease, every sweeper), on a fake clock."""
    summary_here_by(summaries, ADMIN)
    add_standups(summaries.uow, DUE + timedelta(days=3), days=2)
    sweepers = all_sweepers(summaries.slack, summary_options=summaries.options)
    interval = timedelta(seconds=20)

    def replica(name: str) -> SweepRunner:
        return SweepRunner(summaries.uow, clock, sweepers, interval=interval, holder=name)

    first, second = replica("first"), replica("second")
    clock.set(DUE - timedelta(minutes=2))
    while clock.now() < DUE + timedelta(minutes=3):
        first.run_once()
        second.run_once()
        clock.advance(interval)
    assert len(top_level_posts(fake_slack)) == 1
    # The first replica dies; the second takes the lease once it expires; then the first
    # comes back as a new process. Nobody posts this week's summary again.
    restarted = replica("first-again")
    while clock.now() < DUE + timedelta(hours=2):
        second.run_once()
        restarted.run_once()
        clock.advance(timedelta(minutes=7))
    assert len(top_level_posts(fake_slack)) == 1
    clock.set(DUE + timedelta(days=7, minutes=1))
    assert restarted.run_once() or second.run_once()
    assert len(top_level_posts(fake_slack)) == 2
