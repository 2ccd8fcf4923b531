"""The weekly summary against real databases and Slack's Web API (a local fake over HTTP):
who may configure it, the preview, posting now, and the weekly post going out exactly once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.cleanup.config import Admins, focus_day_command, summary_here, summary_off
from bot.cleanup.posting import (
    METADATA_EVENT,
    Summaries,
    _take_attempt,
    check_post_now,
    claim_due_weeks,
    post_due_summaries,
    post_now,
    preview,
)
from bot.cleanup.service import SummaryOptions
from bot.cleanup.tables import SummaryChannel, SummaryPost
from bot.clock import FakeClock
from bot.db.engine import make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import run_command
from bot.focus.tables import HeldMention, UrgentUse
from bot.jobs import all_sweepers
from bot.meetings.tables import CalendarFeed, Meeting, MeetingSighting
from bot.retry import Retries
from bot.scheduler import SweepRunner
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from bot.workspace.channels import NotAnAdmin
from tests.fakes.slack_api import FakeSlack

ADMIN, ALICE, BOB, OUTSIDER = "U0ADMIN", "U0ALICE", "U0BOB", "U0OUT"
TEAM, SECRET = "C0TEAM", "G0SECRET"
# Monday 23 November 2026; the default summary is due Friday 27th 15:00 Amsterdam (14:00 UTC).
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def _fake_slack_server() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    fake = _fake_slack_server
    fake.reset()
    fake.add_user(ADMIN, name="admin", is_admin=True)
    for user in (ALICE, BOB, OUTSIDER):
        fake.add_user(user, name=user.lower())
    fake.add_channel(TEAM, name="team", members=[ADMIN, ALICE, BOB])
    fake.add_channel(SECRET, name="secret", is_private=True, members=[ADMIN], bot_is_member=False)
    yield fake
    assert not fake.internal_errors, "\n".join(fake.internal_errors)


@pytest.fixture
def summaries(uow: UnitOfWork, fake_slack: FakeSlack) -> Summaries:
    slack = SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url))
    return Summaries(uow, slack, SummaryOptions(hourly_rate=100.0, currency="EUR"))


def _meeting(
    uow: UnitOfWork,
    title: str,
    start: datetime,
    seen_by: list[str],
    *,
    series: str | None = None,
    recurring: bool = False,
    agenda: bool = True,
    private: bool = False,
    minutes: int = 25,
    people: int = 4,
) -> None:
    with uow() as session:
        for user in seen_by:
            if session.get(CalendarFeed, user) is None:
                session.add(
                    CalendarFeed(
                        user_id=user, url_encrypted="x", host="calendar.example.com",
                        created_at=MONDAY, next_poll_at=MONDAY + timedelta(days=30),
                    )
                )  # fmt: skip
        meeting = Meeting(
            series_key=series or f"{title}@{start.isoformat()}", slot=start,
            title="" if private else title, starts_at=start,
            ends_at=start + timedelta(minutes=minutes), people=people,
            is_recurring=recurring, is_private=private, has_agenda=agenda,
            agenda_reason="text" if agenda else "empty", minutes=minutes, flags="",
            updated_at=MONDAY, organizer_id=ALICE,
        )  # fmt: skip
        session.add(meeting)
        session.flush()
        session.add_all(MeetingSighting(meeting_id=meeting.id, user_id=u) for u in seen_by)


def _standups(uow: UnitOfWork, first: datetime, days: int) -> None:
    for day in range(days):
        start = first + timedelta(days=day)
        _meeting(uow, "Daily standup", start, [ALICE, BOB], series="standup", recurring=True,
                 agenda=False, minutes=30, people=6)  # fmt: skip


def _text(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks", []), ensure_ascii=False)


def _posts(fake: FakeSlack, channel: str = TEAM) -> list[dict[str, Any]]:
    messages = fake.messages_in(channel)
    return [m for m in messages if "thread_ts" not in m or m["thread_ts"] == m["ts"]]


def _here(s: Summaries, user: str, channel: str = TEAM, now: datetime = MONDAY) -> str:
    return summary_here(
        s.uow, s.slack, Admins(frozenset()), user_id=user, channel_id=channel, when=None, now=now
    )


def _configured(uow: UnitOfWork) -> list[str]:
    with uow() as session:
        return list(session.scalars(select(SummaryChannel.channel_id)))


# --- configuration and who may change it ------------------------------------------------


def test_members_may_not_configure_and_nothing_changes(summaries: Summaries) -> None:
    with pytest.raises(NotAnAdmin) as raised:
        _here(summaries, ALICE)
    assert "workspace admin or owner" in raised.value.message
    assert "KAIROS_ADMIN_USERS" in raised.value.message
    admins = Admins(frozenset())
    for refused in (
        lambda: summary_off(summaries.uow, summaries.slack, admins, ALICE, TEAM),
        lambda: check_post_now(summaries, admins, ALICE, TEAM),
        lambda: focus_day_command(
            summaries.uow, summaries.slack, admins, user_id=ALICE, day=4, now=MONDAY
        ),
    ):
        with pytest.raises(NotAnAdmin):
            refused()
    assert _configured(summaries.uow) == []


def test_an_admin_sets_it_here_on_friday_at_three_in_their_zone(summaries: Summaries) -> None:
    reply = _here(summaries, ADMIN)
    assert "every Friday at 15:00 (Europe/Amsterdam)" in reply
    assert "Friday 27 November" in reply
    with summaries.uow() as session:
        row = session.get(SummaryChannel, TEAM)
        assert row is not None
        assert (row.weekday, row.minute, row.tz, row.set_by) == (4, 900, "Europe/Amsterdam", ADMIN)


def test_a_listed_operator_admin_may_configure(summaries: Summaries) -> None:
    summary_here(
        summaries.uow, summaries.slack, Admins(frozenset({BOB})),
        user_id=BOB, channel_id=TEAM, when=(0, 570), now=MONDAY,
    )  # fmt: skip
    assert _configured(summaries.uow) == [TEAM]


def test_not_in_a_dm_nor_a_private_channel_kairos_is_not_in(summaries: Summaries) -> None:
    with pytest.raises(KairosUserError) as in_dm:
        _here(summaries, ADMIN, channel="D0ADMIN")
    assert "not in a DM" in in_dm.value.message
    with pytest.raises(KairosUserError) as private:
        _here(summaries, ADMIN, channel=SECRET)
    assert "/invite @Kairos" in private.value.message
    assert _configured(summaries.uow) == []


def test_off_stops_it(summaries: Summaries) -> None:
    _here(summaries, ADMIN)
    admins = Admins(frozenset())
    assert "No more weekly summaries" in summary_off(
        summaries.uow, summaries.slack, admins, ADMIN, TEAM
    )
    assert "nothing changed" in summary_off(summaries.uow, summaries.slack, admins, ADMIN, TEAM)
    assert _configured(summaries.uow) == []


# --- what the summary shows -----------------------------------------------------------------


def test_preview_counts_members_meetings_once_and_names_recurring_no_agenda_ones(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _standups(summaries.uow, MONDAY + timedelta(hours=1), days=5)  # the coming week
    _meeting(summaries.uow, "Board dinner", MONDAY + timedelta(days=1), [ALICE], private=True,
             minutes=120, people=12)  # fmt: skip
    _meeting(summaries.uow, "Other team offsite", MONDAY + timedelta(days=1), [OUTSIDER],
             minutes=480, people=30)  # fmt: skip
    _meeting(summaries.uow, "Last week's review", MONDAY - timedelta(days=2), [ALICE, BOB],
             minutes=60, people=3)  # fmt: skip
    message = preview(summaries, ALICE, TEAM, MONDAY).message
    text = _text({"blocks": message.blocks})
    assert "Daily standup" in text
    assert "recurring without an agenda" in text
    assert "5× · 30 min · 6 people · 15 attendee-hours" in text  # seen by two, counted once
    assert "Other team offsite" not in text  # not a member of this channel
    assert "Board dinner" not in text  # private: busy time only
    assert "*Meetings*\\n1" in text  # last week: the review
    assert "≈ 300 EUR" in text  # 3 attendee-hours at 100
    assert "2 members of this channel" in text  # Alice and Bob connected calendars
    assert "Organizer: u0alice" in text  # by the name Slack shows, from users.info
    assert "<@" not in text  # never a mention: it would notify them in the channel
    assert fake_slack.messages_in(TEAM) == []  # a preview posts nothing


def test_post_now_reaches_the_channel(summaries: Summaries, fake_slack: FakeSlack) -> None:
    _standups(summaries.uow, MONDAY + timedelta(hours=1), days=3)
    post_now(summaries, ADMIN, TEAM, MONDAY)
    (posted,) = _posts(fake_slack)
    assert "Daily standup" in _text(posted)
    assert "Weekly meeting cleanup" in posted["text"]


# --- the weekly post, exactly once ----------------------------------------------------------


def _sweep(summaries: Summaries, now: datetime) -> int:
    return post_due_summaries(summaries, now)


def test_posted_once_at_its_time_and_again_next_week(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _here(summaries, ADMIN)
    _standups(summaries.uow, DUE + timedelta(days=3), days=2)
    assert _sweep(summaries, DUE - timedelta(minutes=1)) == 0
    assert _sweep(summaries, DUE) == 1
    for later in (DUE + timedelta(seconds=30), DUE + timedelta(hours=3), DUE + timedelta(days=1)):
        assert _sweep(summaries, later) == 0
    (posted,) = _posts(fake_slack)
    assert posted["metadata"]["event_type"] == METADATA_EVENT
    assert "Daily standup" in _text(posted)
    assert _sweep(summaries, DUE + timedelta(days=7)) == 1
    assert len(_posts(fake_slack)) == 2


def test_a_run_missed_while_down_goes_out_the_same_day_not_later(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _here(summaries, ADMIN)
    assert _sweep(summaries, DUE + timedelta(hours=6)) == 1  # back at 21:00: posted
    assert len(_posts(fake_slack)) == 1
    # Down all of the next Friday: Saturday is too late, and Monday nothing either.
    assert _sweep(summaries, DUE + timedelta(days=8)) == 0
    assert _sweep(summaries, DUE + timedelta(days=10)) == 0
    assert len(_posts(fake_slack)) == 1


def test_a_channel_set_up_after_this_weeks_time_waits_for_next_week(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    reply = _here(summaries, ADMIN, now=DUE + timedelta(hours=1))
    assert "Friday 04 December" in reply
    assert _sweep(summaries, DUE + timedelta(hours=2)) == 0
    assert _sweep(summaries, DUE + timedelta(days=7)) == 1


def test_slack_answering_429_still_posts_once(summaries: Summaries, fake_slack: FakeSlack) -> None:
    _here(summaries, ADMIN)
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1)
    assert _sweep(summaries, DUE) == 1
    assert len(_posts(fake_slack)) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # refused once, then taken


def test_a_failed_post_is_retried_later_the_same_day(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _here(summaries, ADMIN)
    fake_slack.fail_next("chat.postMessage", "internal_error")
    retries = Retries("post weekly summaries")
    assert post_due_summaries(summaries, DUE, retries) == 0
    # The failed attempt is over: its backoff, not the stale-attempt timeout, says when.
    assert post_due_summaries(summaries, DUE + timedelta(seconds=30), retries) == 0
    assert post_due_summaries(summaries, DUE + timedelta(minutes=1), retries) == 1
    assert len(_posts(fake_slack)) == 1


def test_a_post_that_reached_slack_before_a_crash_is_not_posted_again(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _here(summaries, ADMIN)
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
    assert len(_posts(fake_slack)) == 1
    with summaries.uow() as session:
        post = session.get(SummaryPost, post_id)
        assert post is not None
        assert post.posted_at is not None


def test_two_replicas_sweeping_at_once_post_once(
    summaries: Summaries, fake_slack: FakeSlack, database_url: str
) -> None:
    _here(summaries, ADMIN)
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
    assert len(_posts(fake_slack)) == 1
    with summaries.uow() as session:
        assert session.scalar(select(func.count()).select_from(SummaryPost)) == 1


def test_turned_off_after_it_was_claimed_posts_nothing(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _here(summaries, ADMIN)
    claim_due_weeks(summaries, DUE)
    summary_off(summaries.uow, summaries.slack, Admins(frozenset()), ADMIN, TEAM)
    assert _sweep(summaries, DUE) == 0
    assert _posts(fake_slack) == []


def test_the_first_summary_of_a_quarter_is_the_long_edition_with_a_review_thread(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here(
        summaries.uow, summaries.slack, Admins(frozenset()),
        user_id=ADMIN, channel_id=TEAM, when=(4, 900), now=MONDAY,
    )  # fmt: skip
    first_of_quarter = datetime(2027, 1, 1, 14, 0, tzinfo=UTC)  # Friday 1 January, 15:00
    _standups(summaries.uow, first_of_quarter - timedelta(days=10), days=14)
    assert _sweep(summaries, DUE) == 1
    assert _sweep(summaries, first_of_quarter) == 1
    posts = _posts(fake_slack)
    assert len(posts) == 2
    assert "Weekly meeting cleanup" in _text(posts[0])
    quarterly = _text(posts[1])
    assert "Quarterly Meeting Cleanup Day" in quarterly
    assert "90-day trend" in quarterly
    replies = [m for m in fake_slack.messages_in(TEAM) if m.get("thread_ts") == posts[1]["ts"]
               and m["ts"] != posts[1]["ts"]]  # fmt: skip
    assert replies, "the review list goes in the thread"
    assert "Daily standup" in _text(replies[0])
    assert "make async" in _text(replies[0])


def test_focus_figures_cover_every_member_with_or_without_a_calendar(
    summaries: Summaries,
) -> None:
    _standups(summaries.uow, MONDAY - timedelta(days=3), days=1)  # Alice and Bob's calendars
    with summaries.uow() as session:
        carol = focus_repo.add_person(session, ADMIN, "Europe/Amsterdam", MONDAY)
        run_command(session, carol, parse_focus_command("mon-fri 9:00-11:00"), MONDAY)
        for n, status in enumerate(["delivered", "delivered", "seen", "held"]):
            session.add(
                HeldMention(
                    recipient_id=ADMIN, sender_id=ALICE, channel_id=TEAM,
                    message_ts=f"1795400000.00000{n}", thread_ts=None, text=None, kind="user",
                    sent_at=MONDAY - timedelta(days=1), held_at=MONDAY - timedelta(days=1),
                    status=status,
                )
            )  # fmt: skip
        session.add(
            UrgentUse(
                sender_id=ALICE, recipient_id=ADMIN, channel_id=TEAM, message_ts="1.2",
                via="button", at=MONDAY - timedelta(days=2),
            )
        )  # fmt: skip
        session.add(  # not a member of the channel: not counted
            UrgentUse(
                sender_id=ALICE, recipient_id=OUTSIDER, channel_id=TEAM, message_ts="1.3",
                via="button", at=MONDAY - timedelta(days=2),
            )
        )  # fmt: skip
    text = json.dumps(preview(summaries, ALICE, TEAM, MONDAY).message.blocks, ensure_ascii=False)
    assert "*Focus hours protected*\\n10 h" in text  # five weekday blocks of two hours
    assert "4 mentions held, 3 delivered later" in text
    assert "*Urgent interruptions*\\n1 " in text


def test_the_scheduler_posts_once_across_replicas_restarts_and_a_lost_lease(
    summaries: Summaries, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """The sweep as `kairos run` wires it (the lease, every sweeper), on a fake clock."""
    _here(summaries, ADMIN)
    _standups(summaries.uow, DUE + timedelta(days=3), days=2)
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
    assert len(_posts(fake_slack)) == 1
    # The first replica dies; the second takes the lease once it expires; then the first
    # comes back as a new process. Nobody posts this week's summary again.
    restarted = replica("first-again")
    while clock.now() < DUE + timedelta(hours=2):
        second.run_once()
        restarted.run_once()
        clock.advance(timedelta(minutes=7))
    assert len(_posts(fake_slack)) == 1
    clock.set(DUE + timedelta(days=7, minutes=1))
    assert restarted.run_once() or second.run_once()
    assert len(_posts(fake_slack)) == 2
