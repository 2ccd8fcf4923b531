"""The check-ins repo on SQLite and PostgreSQL: setting a check-in up, changing, pausing and
stopping it, planning its rounds once across replicas, the summary's figures, forget-me."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from sqlalchemy import func, select

from bot.checkins import repo, repo_asks, repo_privacy, repo_rounds
from bot.checkins.model import QuestionSet
from bot.checkins.tables import (
    AskState,
    CheckIn,
    CheckInAsk,
    CheckInPerson,
    CheckInRound,
    RoundState,
)
from bot.db.uow import UnitOfWork
from tests.integration.checkins.building import (
    ANA,
    BOB,
    CADENCE,
    CAROL,
    HOUR,
    MONDAY,
    ORGANIZER,
    OTHER,
    PLAN,
    add_checkin,
    add_round,
    race,
    times,
)

DAY = timedelta(days=1)
WEEK = [times(MONDAY + n * DAY) for n in range(5)]


def _round_count(uow: UnitOfWork) -> int:
    with uow() as session:
        return int(session.scalar(select(func.count()).select_from(CheckInRound)) or 0)


def test_a_check_in_is_stored_as_its_plan(uow: UnitOfWork) -> None:
    fortnightly = replace(CADENCE, every_weeks=2, first_week=date(2026, 11, 16))
    plan = replace(PLAN, people=(BOB, ANA, BOB), cadence=fortnightly)
    checkin_id = add_checkin(uow, plan, series_key="standup@cal.example.com")
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        assert (row.organizer_id, row.status, row.series_key) == (
            ORGANIZER,
            "active",
            "standup@cal.example.com",
        )
        assert (row.weekdays, row.local_time) == ("0,2", "09:30")
        # Bob is listed once, before Ana, as the organizer ordered them.
        assert repo.plan_of(session, row) == replace(plan, people=(BOB, ANA))
        assert repo.cadence_of_row(row) == fortnightly
        assert repo.get(session, checkin_id + 1) is None


def test_an_edit_changes_the_plan_and_plans_again(uow: UnitOfWork) -> None:
    checkin_id = add_checkin(uow)
    with uow() as session:
        repo.plan_rounds(session, checkin_id, WEEK, MONDAY + 7 * DAY)
    opened = add_round(uow, checkin_id, MONDAY - HOUR)
    with uow() as session:
        assert repo_rounds.claim_round(session, opened, RoundState.DUE, RoundState.OPENING,
                                       MONDAY)  # fmt: skip
    edited = replace(
        PLAN, title="Status", channel_id=OTHER, questions=("How is it going?",),
        question_set=QuestionSet.CUSTOM, people=(CAROL,),
        cadence=replace(CADENCE, weekdays=frozenset({4}), local_time=time(14, 0)),
        due_working_minutes=120,
    )  # fmt: skip
    with uow() as session:
        assert repo.update_plan(session, checkin_id, edited, MONDAY + HOUR)
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        assert repo.plan_of(session, row) == edited
        assert row.planned_until is None  # planned again from now
        assert row.updated_at == MONDAY + HOUR
        # Rounds after the edit went; the one being opened and the one before the edit stay.
        assert [r.opens_at for r in repo.rounds_of(session, checkin_id)] == [
            MONDAY - HOUR, MONDAY,
        ]  # fmt: skip
        assert repo.stop(session, checkin_id, MONDAY)
        assert not repo.update_plan(session, checkin_id, PLAN, MONDAY + 2 * HOUR)


def test_pause_resume_and_stop(uow: UnitOfWork) -> None:
    checkin_id = add_checkin(uow)
    with uow() as session:
        repo.plan_rounds(session, checkin_id, WEEK, MONDAY + 7 * DAY)
        assert not repo.resume(session, checkin_id, MONDAY)  # not paused
        assert repo.pause(session, checkin_id, MONDAY + HOUR)
        assert not repo.pause(session, checkin_id, MONDAY + HOUR)
    # Paused: nothing planned is left to open late, and nothing is planned.
    assert _round_count(uow) == 0
    with uow() as session:
        assert repo.to_plan(session, MONDAY + 7 * DAY, 10) == []
        assert repo.plan_rounds(session, checkin_id, WEEK, MONDAY + 7 * DAY) == 0
        assert repo.resume(session, checkin_id, MONDAY + 2 * HOUR)
        assert [c.id for c in repo.to_plan(session, MONDAY + 7 * DAY, 10)] == [checkin_id]
        assert repo.stop(session, checkin_id, MONDAY + 3 * HOUR)
        assert not repo.stop(session, checkin_id, MONDAY + 3 * HOUR)
        assert not repo.resume(session, checkin_id, MONDAY + 3 * HOUR)  # stopping is final
        row = repo.get(session, checkin_id)
        assert row is not None
        assert (row.status, row.stopped_at) == ("stopped", MONDAY + 3 * HOUR)
        assert repo.to_plan(session, MONDAY + 7 * DAY, 10) == []


def test_a_persons_check_ins_are_those_they_organize_or_are_asked_in(uow: UnitOfWork) -> None:
    first = add_checkin(uow, series_key="standup@cal.example.com")
    second = add_checkin(uow, replace(PLAN, people=(BOB,)), organizer=ANA)
    stopped = add_checkin(uow, series_key="standup@cal.example.com")
    with uow() as session:
        repo.stop(session, stopped, MONDAY)
    with uow() as session:
        assert [c.id for c in repo.of_person(session, ANA)] == [first, second]
        assert [c.id for c in repo.of_person(session, ORGANIZER)] == [first]
        assert [c.id for c in repo.of_person(session, BOB)] == [first, second]
        assert repo.of_person(session, "U0NOBODY") == []
        found = repo.of_series(session, "standup@cal.example.com")
        assert found is not None
        assert found.id == first
        assert repo.of_series(session, "other@cal.example.com") is None


def test_planning_twice_inserts_each_round_once(uow: UnitOfWork) -> None:
    checkin_id = add_checkin(uow)
    with uow() as session:
        assert [c.id for c in repo.to_plan(session, MONDAY + 7 * DAY, 10)] == [checkin_id]
        assert repo.plan_rounds(session, checkin_id, WEEK[:3], MONDAY + 3 * DAY) == 3
    with uow() as session:
        assert repo.plan_rounds(session, checkin_id, WEEK, MONDAY + 7 * DAY) == 2
        assert repo.plan_rounds(session, checkin_id, WEEK, MONDAY + 7 * DAY) == 0
        assert repo.to_plan(session, MONDAY + 7 * DAY, 10) == []
        assert [c.id for c in repo.to_plan(session, MONDAY + 8 * DAY, 10)] == [checkin_id]
        rounds = repo.rounds_of(session, checkin_id)
    assert [(r.opens_at, r.remind_at, r.due_at) for r in rounds] == [
        (t.opens_at, t.remind_at, t.due_at) for t in WEEK
    ]
    assert {r.state for r in rounds} == {"due"}


def test_two_replicas_planning_at_once_insert_each_round_once(
    uow: UnitOfWork, database_url: str
) -> None:
    checkin_id = add_checkin(uow)
    inserted = race(database_url, lambda s: repo.plan_rounds(s, checkin_id, WEEK, MONDAY + 7 * DAY))
    assert sum(inserted) == len(WEEK)
    assert _round_count(uow) == len(WEEK)


def test_the_cancel_ask_and_the_hours_given_back_are_recorded_once(uow: UnitOfWork) -> None:
    first, second, stopped = add_checkin(uow), add_checkin(uow), add_checkin(uow)
    with uow() as session:
        assert repo.claim_cancel_ask(session, first, MONDAY)
        assert not repo.claim_cancel_ask(session, first, MONDAY + HOUR)
        assert repo.record_given_back(session, first, 6.0, MONDAY)
        assert not repo.record_given_back(session, first, 4.0, MONDAY + HOUR)
        assert repo.record_given_back(session, second, 2.5, MONDAY - 8 * DAY)
        assert repo.record_given_back(session, stopped, 9.0, MONDAY)
        repo.stop(session, stopped, MONDAY)
    with uow() as session:
        row = repo.get(session, first)
        assert row is not None
        assert (row.asked_to_cancel_at, row.hours_given_back) == (MONDAY, 6.0)
        # This week: the first's; in total: both running ones (a stopped one gives nothing).
        assert repo.given_back(session, MONDAY - 7 * DAY, MONDAY + DAY) == repo.GivenBack(6.0, 8.5)
        assert repo.given_back(session, MONDAY + DAY, MONDAY + 2 * DAY).recent == 0.0


def test_answer_rates_count_wrapped_rounds_and_name_nobody(uow: UnitOfWork) -> None:
    standup = add_checkin(uow)
    retro = add_checkin(uow, replace(PLAN, title="Retro"))
    for checkin_id, opens, answering in (
        (standup, MONDAY, (ANA, BOB)),
        (standup, MONDAY + DAY, (ANA,)),
        (retro, MONDAY, ()),
        (standup, MONDAY + 2 * DAY, (ANA, BOB, CAROL)),  # still open: not counted
    ):
        round_id = add_round(uow, checkin_id, opens)
        with uow() as session:
            repo_rounds.claim_round(session, round_id, RoundState.DUE, RoundState.OPENING, opens)
            repo_rounds.mark_opened(session, round_id, PLAN.channel_id, "1795000000.000100",
                                    opens)  # fmt: skip
            repo_asks.add_asks(session, round_id, dict.fromkeys((ANA, BOB, CAROL), opens))
            for who in (ANA, BOB, CAROL):
                repo_asks.claim_ask(session, round_id, who, AskState.DUE,
                                    AskState.ASKING, now=opens)  # fmt: skip
            for who in answering:
                repo_asks.record_answer(session, round_id, who, ["Done"], blocker=None,
                                        now=opens)  # fmt: skip
            if opens < MONDAY + 2 * DAY:
                repo_rounds.claim_round(session, round_id, RoundState.OPEN,
                                        RoundState.WRAPPING, opens)  # fmt: skip
                assert repo_rounds.mark_wrapped(session, round_id, "1795000000.000200",
                                                opens + 4 * HOUR)  # fmt: skip
    with uow() as session:
        rates = repo.answer_rates(session, MONDAY, MONDAY + 7 * DAY)
        assert repo.answer_rates(session, MONDAY + 7 * DAY, MONDAY + 14 * DAY) == []
    assert rates == [
        repo.AnswerRate(retro, "Retro", PLAN.channel_id, rounds=1, asked=3, answered=0),
        repo.AnswerRate(standup, "Standup", PLAN.channel_id, rounds=2, asked=6, answered=3),
    ]


def test_forget_takes_a_person_out_and_stops_what_they_organize(uow: UnitOfWork) -> None:
    theirs = add_checkin(uow, organizer=ANA)
    others = add_checkin(uow)
    for checkin_id in (theirs, others):
        round_id = add_round(uow, checkin_id, MONDAY)
        with uow() as session:
            repo_rounds.claim_round(session, round_id, RoundState.DUE, RoundState.OPENING, MONDAY)
            repo_asks.add_asks(session, round_id, dict.fromkeys((ANA, BOB), MONDAY))
            repo.plan_rounds(session, checkin_id, WEEK[1:], MONDAY + 7 * DAY)
    with uow() as session:
        assert repo_privacy.counts(session, ANA) == {"checkins": 1, "checkin_people": 2,
                                             "checkin_asks": 2}  # fmt: skip
        repo_privacy.forget(session, ANA, MONDAY + DAY)
    with uow() as session:
        assert repo_privacy.counts(session, ANA) == {"checkins": 0, "checkin_people": 0,
                                             "checkin_asks": 0}  # fmt: skip
        assert session.scalars(select(CheckInAsk.user_id).distinct()).all() == [BOB]
        people = session.scalars(select(CheckInPerson.user_id).distinct()).all()
        assert sorted(people) == [BOB, CAROL]
        stopped = session.get(CheckIn, theirs)
        assert stopped is not None
        assert (stopped.organizer_id, stopped.status, stopped.stopped_at) == (
            None, "stopped", MONDAY + DAY
        )  # fmt: skip
        # Their check-in opens no more rounds; Bob's place in it and his ask stay.
        assert [r.opens_at for r in repo.rounds_of(session, theirs)] == [MONDAY]
        assert len(repo.rounds_of(session, others)) == len(WEEK)
        kept = session.get(CheckIn, others)
        assert kept is not None
        assert (kept.organizer_id, kept.status) == (ORGANIZER, "active")
        assert repo.people_of(session, theirs) == [BOB, CAROL]
        # A caller without a clock: the stop is dated by the check-in's last change.
        repo_privacy.forget(session, ORGANIZER)
        forgotten = repo.get(session, others)
        assert forgotten is not None
        assert (forgotten.status, forgotten.stopped_at) == ("stopped", MONDAY)


def test_retention_deletes_old_rounds_and_long_stopped_check_ins(uow: UnitOfWork) -> None:
    running, stopped, recent = add_checkin(uow), add_checkin(uow), add_checkin(uow)
    old, young = MONDAY - 40 * DAY, MONDAY - DAY
    for checkin_id in (running, stopped):
        for opens in (old, young):
            round_id = add_round(uow, checkin_id, opens)
            with uow() as session:
                repo_rounds.claim_round(session, round_id, RoundState.DUE, RoundState.OPENING,
                                        opens)  # fmt: skip
                repo_asks.add_asks(session, round_id, dict.fromkeys((ANA, BOB), opens))
    with uow() as session:
        repo.stop(session, stopped, MONDAY - 36 * DAY)
        repo.stop(session, recent, MONDAY - 34 * DAY)
    cutoff = MONDAY - 35 * DAY
    with uow() as session:
        assert repo_privacy.delete_old_rounds(session, cutoff, 1) == 1
        assert repo_privacy.delete_old_rounds(session, cutoff, 10) == 1
        assert repo_privacy.delete_old_rounds(session, cutoff, 10) == 0
    with uow() as session:
        assert [r.opens_at for r in repo.rounds_of(session, running)] == [young]
        assert repo_privacy.delete_stopped(session, cutoff, 10) == 1
        assert repo.get(session, stopped) is None
        assert repo.rounds_of(session, stopped) == repo.people_of(session, stopped) == []
        left = session.scalars(select(CheckInAsk.round_id).distinct()).all()
        assert left == [r.id for r in repo.rounds_of(session, running)]
        assert repo.get(session, recent) is not None
        assert repo.people_of(session, running) == [ANA, BOB, CAROL]
