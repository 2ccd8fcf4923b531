"""The weekly summary's channel line: the questions asked in a channel with a response time,
the share answered within it and the median first answer (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.cleanup.posting import Summaries, post_due_summaries
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.norms import repo as norms_repo
from bot.norms.model import ChannelKind, Norms, ResponseKind, ResponseTime
from bot.norms.tables import NormQuestion
from tests.integration.cleanup.summary_setup import (
    ADMIN,
    ALICE,
    BOB,
    DUE,
    MONDAY,
    TEAM,
    blocks_text,
    summary_here_by,
    top_level_posts,
)

TWO_HOURS = ResponseTime(ResponseKind.WORKING_MINUTES, 120)
LINE = "Questions in this channel"


def _asked(
    uow: UnitOfWork,
    ts: str,
    asked_at: datetime,
    asked: str,
    *,
    due: timedelta | None = timedelta(hours=2),
    answered: timedelta | None = None,
    channel: str = TEAM,
) -> None:
    with uow() as session:
        session.add(
            NormQuestion(
                channel_id=channel, message_ts=ts, thread_ts=ts, asker_id=ALICE, asked_id=asked,
                asked_at=asked_at, response_kind="working_minutes", response_amount=120,
                due_at=None if due is None else asked_at + due,
                answered_at=None if answered is None else asked_at + answered,
                remind_at=asked_at, status="waiting",
            )
        )  # fmt: skip


def _norms(uow: UnitOfWork, response: ResponseTime | None) -> None:
    with uow() as session:
        norms_repo.put(session, TEAM, Norms("Team", ChannelKind.ASYNC, response), ALICE, MONDAY)


def _posted(summaries: Summaries, fake: FakeSlack) -> str:
    summary_here_by(summaries, ADMIN)
    assert post_due_summaries(summaries, DUE) == 1
    (post,) = top_level_posts(fake)
    return blocks_text(post)


def test_the_line_counts_this_weeks_questions_here(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _norms(summaries.uow, TWO_HOURS)
    tuesday = MONDAY + timedelta(days=1)
    # One message asking two people: one answers in 30 minutes, the other is late.
    _asked(summaries.uow, "1.1", tuesday, ALICE, answered=timedelta(minutes=30))
    _asked(summaries.uow, "1.1", tuesday, BOB)
    # Answered after its two hours.
    _asked(summaries.uow, "2.2", tuesday + timedelta(hours=5), BOB, answered=timedelta(hours=3))
    # Not counted: asked the week before, and asked in another channel.
    _asked(summaries.uow, "0.5", DUE - timedelta(days=8), BOB, answered=timedelta(minutes=1))
    _asked(summaries.uow, "3.3", tuesday, BOB, channel="C0OTHER", answered=timedelta(0))
    text = _posted(summaries, fake_slack)
    assert f"{LINE}* (response time: within 2 working hours)" in text
    assert (
        "2 questions asked of someone by mention in the last 7 days · 33% answered within "
        "the response time · median first answer 1h 45m"
    ) in text
    # Counts only: nobody asked or asking is named or mentioned in the line.
    line = text[text.index(LINE) :].split("\n\n")[0]
    assert ALICE not in line
    assert BOB not in line


def test_a_channel_with_a_response_time_and_no_questions_says_so(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    _norms(summaries.uow, TWO_HOURS)
    assert "No questions asked of anyone by mention in the last 7 days." in _posted(
        summaries, fake_slack
    )


def test_no_line_without_a_response_time(summaries: Summaries, fake_slack: FakeSlack) -> None:
    _norms(summaries.uow, None)
    _asked(summaries.uow, "1.1", MONDAY + timedelta(days=1), BOB)
    assert LINE not in _posted(summaries, fake_slack)
