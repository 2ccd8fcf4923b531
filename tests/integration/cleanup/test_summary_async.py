"""The weekly summary's async figures from the real tables, on SQLite and PostgreSQL: the
hours given back by the check-ins a channel's summary covers, their answer rates, the share
of its members' meetings that left notes, and its members' actions open and done."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from bot.checkins import repo as checkins_repo
from bot.checkins.model import Cadence, CheckInPlan, QuestionSet, RoundTimes, questions_of
from bot.checkins.tables import CheckInRound, RoundState
from bot.cleanup.async_figures import AsyncFigures, CheckInRate
from bot.cleanup.service import SummaryOptions, build_summary
from bot.cleanup.summary_messages import summary_message
from bot.db.uow import UnitOfWork
from bot.i18n import speaking
from bot.meetings.tables import Meeting
from bot.notes.tables import NotesAction, NotesPrompt
from tests.integration.cleanup.summary_setup import (
    ALICE,
    BOB,
    MONDAY,
    OUTSIDER,
    TEAM,
    add_meeting,
    blocks_text,
)

NOW = MONDAY
DAY = timedelta(days=1)
MEMBERS = [ALICE, BOB]


def plan(title: str, channel: str) -> CheckInPlan:
    cadence = Cadence(frozenset({0}), datetime.min.time(), "UTC")
    return CheckInPlan(title, channel, questions_of(QuestionSet.STANDUP), QuestionSet.STANDUP,
                       (ALICE, BOB), cadence)  # fmt: skip


def checkin(uow: UnitOfWork, title: str, organizer: str, channel: str = TEAM) -> int:
    with uow() as session:
        return checkins_repo.create(session, organizer, plan(title, channel), NOW - 30 * DAY)


def wrapped_round(
    uow: UnitOfWork, checkin_id: int, wrapped: datetime, asked: int, answered: int
) -> None:
    opens = wrapped - 4 * timedelta(hours=1)
    with uow() as session:
        times = RoundTimes(opens, opens + timedelta(hours=2), wrapped)
        checkins_repo.plan_rounds(session, checkin_id, [times], wrapped)
        session.execute(
            update(CheckInRound)
            .where(CheckInRound.checkin_id == checkin_id, CheckInRound.opens_at == opens)
            .values(state=RoundState.WRAPPED.value, wrapped_at=wrapped, asked_count=asked,
                    answered_count=answered)
        )  # fmt: skip


def prompt(uow: UnitOfWork, title: str, state: str) -> None:
    with uow() as session:
        meeting_id = session.scalar(select(Meeting.id).where(Meeting.title == title))
        session.add(NotesPrompt(meeting_id=meeting_id, user_id=ALICE, state=state,
                                due_at=NOW - DAY, created_at=NOW - DAY))  # fmt: skip
        session.flush()


def action(uow: UnitOfWork, owner: str, done_at: datetime | None) -> None:
    with uow() as session:
        prompt_id = session.scalar(select(NotesPrompt.id).limit(1))
        assert prompt_id is not None
        session.add(NotesAction(prompt_id=prompt_id, owner_id=owner, text="Send the deck",
                                due_on=date(2026, 11, 30), created_at=NOW - 3 * DAY,
                                done_at=done_at, done_by=owner if done_at else None))  # fmt: skip


def summary_now(uow: UnitOfWork) -> AsyncFigures:
    with uow() as session:
        return build_summary(session, TEAM, MEMBERS, now=NOW, tz="UTC",
                             options=SummaryOptions(), quarterly=False).made_async  # fmt: skip


def test_a_team_without_check_ins_or_notes_sees_nothing_new(uow: UnitOfWork) -> None:
    add_meeting(uow, "Planning", NOW - 2 * DAY, [ALICE])
    figures = summary_now(uow)
    assert figures == AsyncFigures()
    assert not figures.shown


def test_the_figures_count_what_the_channel_covers_and_name_nobody(uow: UnitOfWork) -> None:
    standup = checkin(uow, "Standup", ALICE)
    retro = checkin(uow, "Retro", OUTSIDER)  # posted in the channel: covered
    elsewhere = checkin(uow, "Their sync", OUTSIDER, channel="C0ELSE")  # not covered
    stopped = checkin(uow, "Old one", BOB)
    with uow() as session:
        checkins_repo.record_given_back(session, standup, 6.0, NOW - 2 * DAY)
        checkins_repo.record_given_back(session, retro, 1.5, NOW - 20 * DAY)
        checkins_repo.record_given_back(session, elsewhere, 9.0, NOW - DAY)
        checkins_repo.record_given_back(session, stopped, 4.0, NOW - DAY)
        checkins_repo.stop(session, stopped, NOW - DAY)
    wrapped_round(uow, standup, NOW - 3 * DAY, asked=4, answered=3)
    wrapped_round(uow, standup, NOW - DAY, asked=4, answered=2)
    wrapped_round(uow, standup, NOW - 9 * DAY, asked=4, answered=0)  # the week before
    wrapped_round(uow, elsewhere, NOW - DAY, asked=2, answered=2)
    for title in ("Planning", "Review", "Demo", "Kickoff"):
        add_meeting(uow, title, NOW - 2 * DAY, [ALICE])
    add_meeting(uow, "Old", NOW - 10 * DAY, [ALICE])
    prompt(uow, "Planning", "posted")
    prompt(uow, "Review", "skipped")
    prompt(uow, "Demo", "sent")
    prompt(uow, "Kickoff", "due")  # not asked yet: not counted
    prompt(uow, "Old", "posted")  # the week before
    action(uow, ALICE, None)
    action(uow, BOB, None)
    action(uow, BOB, NOW - DAY)
    action(uow, ALICE, NOW - 9 * DAY)  # done the week before
    action(uow, OUTSIDER, None)  # not a member's
    figures = summary_now(uow)
    assert figures == AsyncFigures(
        given_back_week=6.0,
        given_back_total=7.5,
        rates=(CheckInRate("Standup", rounds=2, asked=8, answered=5),),
        notes_asked=3,
        notes_posted=1,
        actions_open=2,
        actions_done=1,
    )
    with uow() as session:
        summary = build_summary(session, TEAM, MEMBERS, now=NOW, tz="UTC",
                                options=SummaryOptions(), quarterly=False)  # fmt: skip
    text = blocks_text({"blocks": summary_message(summary, {}).blocks})
    assert (
        "7.5 attendee-hours a week given back by meetings made async (6.0 of them this week)"
        in text
    )
    assert "Standup: 5 of 8 answers in 2 rounds (63%)" in text
    assert "1 of 3 meetings asked for notes left them (33%)" in text
    assert "2 open · 1 done in the last 7 days" in text
    for name in (ALICE.lower(), BOB.lower(), ALICE, BOB):
        assert name not in text
    with speaking("nl"), uow() as session:
        dutch = build_summary(session, TEAM, MEMBERS, now=NOW, tz="UTC",
                              options=SummaryOptions(), quarterly=False)  # fmt: skip
        dutch_text = blocks_text({"blocks": summary_message(dutch, {}).blocks})
    assert "deelnemersuren per week teruggegeven" in dutch_text
    assert "van 8 antwoorden in 2 rondes" in dutch_text
