"""Rounds and asks on SQLite and PostgreSQL: each step (opening, asking, the reminder, an
answer, the wrap-up) is claimed by one caller only, also by two replicas at once, and a
step left claimed by a replica that died is taken over once."""

from __future__ import annotations

from datetime import timedelta

from bot.checkins import repo, repo_asks, repo_rounds
from bot.checkins.repo_asks import Recorded
from bot.checkins.repo_rounds import AnswerCounts
from bot.checkins.tables import AskState, RoundState
from bot.db.uow import UnitOfWork
from tests.integration.checkins.building import (
    ANA,
    BOB,
    CAROL,
    HOUR,
    MONDAY,
    TEAM,
    add_checkin,
    add_round,
    race,
)

MINUTE = timedelta(minutes=1)
OPENING_TS, WRAP_TS = "1795000000.000100", "1795000000.000200"


def _open_round(uow: UnitOfWork, *, asks: bool = True) -> int:
    """A round of a check-in, opened at MONDAY, asking Ana, Bob and Carol from then on."""
    round_id = add_round(uow, add_checkin(uow), MONDAY)
    with uow() as session:
        assert repo_rounds.claim_round(session, round_id, RoundState.DUE, RoundState.OPENING,
                                       MONDAY)  # fmt: skip
        assert repo_rounds.mark_opened(session, round_id, TEAM, OPENING_TS, MONDAY)
        if asks:
            repo_asks.add_asks(session, round_id, {ANA: MONDAY, BOB: MONDAY, CAROL: MONDAY})
    return round_id


def _asked(uow: UnitOfWork, round_id: int, *people: str) -> None:
    with uow() as session:
        for who in people:
            assert repo_asks.claim_ask(session, round_id, who, AskState.DUE, AskState.ASKING,
                                       now=MONDAY)  # fmt: skip
            assert repo_asks.mark_asked(session, round_id, who, f"D0{who}", "1795000000.1",
                                        now=MONDAY)  # fmt: skip


def test_a_round_opens_once(uow: UnitOfWork) -> None:
    checkin_id = add_checkin(uow)
    round_id = add_round(uow, checkin_id, MONDAY)
    later = add_round(uow, checkin_id, MONDAY + HOUR)
    with uow() as session:
        assert repo_rounds.due_to_open(session, MONDAY - MINUTE, 10) == []
        assert [r.id for r in repo_rounds.due_to_open(session, MONDAY, 10)] == [round_id]
        assert repo_rounds.claim_round(session, round_id, RoundState.DUE, RoundState.OPENING,
                                       MONDAY)  # fmt: skip
        assert not repo_rounds.claim_round(session, round_id, RoundState.DUE,
                                           RoundState.OPENING, MONDAY)  # fmt: skip
        assert repo_rounds.due_to_open(session, MONDAY + MINUTE, 10) == []
        assert repo_rounds.mark_opened(session, round_id, TEAM, OPENING_TS, MONDAY + MINUTE)
        assert not repo_rounds.mark_opened(session, round_id, TEAM, "1795000000.9", MONDAY)
        opened = repo_rounds.get_round(session, round_id)
        assert opened is not None
        assert (opened.state, opened.channel_id, opened.message_ts, opened.claimed_at) == (
            "open", TEAM, OPENING_TS, None
        )  # fmt: skip
        # A paused check-in's rounds do not open.
        repo.pause(session, checkin_id, MONDAY)
        assert repo_rounds.due_to_open(session, MONDAY + 2 * HOUR, 10) == []
        assert repo_rounds.get_round(session, later) is None  # dropped, planned again later


def test_two_replicas_claiming_one_round_one_wins(uow: UnitOfWork, database_url: str) -> None:
    round_id = add_round(uow, add_checkin(uow), MONDAY)
    won = race(
        database_url,
        lambda s: repo_rounds.claim_round(s, round_id, RoundState.DUE, RoundState.OPENING,
                                          MONDAY),
    )  # fmt: skip
    assert sorted(won) == [False, True]
    with uow() as session:
        found = repo_rounds.get_round(session, round_id)
        assert found is not None
        assert (found.state, found.claimed_at) == ("opening", MONDAY)


def test_a_claim_left_by_a_replica_that_died_is_taken_over_once(
    uow: UnitOfWork, database_url: str
) -> None:
    round_id = add_round(uow, add_checkin(uow), MONDAY)
    with uow() as session:
        repo_rounds.claim_round(session, round_id, RoundState.DUE, RoundState.OPENING, MONDAY)
        assert repo_rounds.stuck_rounds(session, MONDAY, 10) == []  # not stuck yet
        assert [r.id for r in repo_rounds.stuck_rounds(session, MONDAY + MINUTE, 10)] == [round_id]
    later = MONDAY + 10 * MINUTE
    won = race(
        database_url,
        lambda s: repo_rounds.reclaim_round(s, round_id, RoundState.OPENING, later - 5 * MINUTE,
                                            later),
    )  # fmt: skip
    assert sorted(won) == [False, True]
    with uow() as session:
        assert repo_rounds.stuck_rounds(session, later, 10) == []
        assert not repo_rounds.reclaim_round(session, round_id, RoundState.WRAPPING,
                                             later + HOUR, later)  # fmt: skip


def test_asks_are_added_once_and_due_when_the_person_is_reachable(uow: UnitOfWork) -> None:
    round_id = add_round(uow, add_checkin(uow), MONDAY)
    with uow() as session:
        asks = {ANA: MONDAY, BOB: MONDAY + 2 * HOUR}
        assert repo_asks.add_asks(session, round_id, asks) == 2
        assert repo_asks.add_asks(session, round_id, {**asks, CAROL: MONDAY}) == 1
        # Not while the round is not open: its opening post comes first.
        assert repo_asks.due_asks(session, MONDAY + 3 * HOUR, 10) == []
        repo_rounds.claim_round(session, round_id, RoundState.DUE, RoundState.OPENING, MONDAY)
        repo_rounds.mark_opened(session, round_id, TEAM, OPENING_TS, MONDAY)
        due = repo_asks.due_asks(session, MONDAY, 10)
        assert [a.user_id for a in due] == [ANA, CAROL]
        assert [a.user_id for a in repo_asks.due_asks(session, MONDAY + 2 * HOUR, 1)] == [ANA]
        assert repo_asks.claim_ask(session, round_id, ANA, AskState.DUE, AskState.ASKING,
                                   now=MONDAY)  # fmt: skip
        assert not repo_asks.claim_ask(session, round_id, ANA, AskState.DUE, AskState.ASKING,
                                       now=MONDAY)  # fmt: skip
        assert repo_asks.mark_asked(session, round_id, ANA, "D0ANA", "1795000000.3", now=MONDAY)
        assert not repo_asks.mark_asked(session, round_id, ANA, "D0ANA", "1795000000.4",
                                        now=MONDAY)  # fmt: skip
        ask = repo_asks.get_ask(session, round_id, ANA)
        assert ask is not None
        assert (ask.state, ask.dm_channel, ask.dm_ts, ask.asked_at) == (
            "asked", "D0ANA", "1795000000.3", MONDAY
        )  # fmt: skip
        # Earliest first: Carol was reachable at the opening, Bob two hours later.
        assert [a.user_id for a in repo_asks.due_asks(session, MONDAY + 2 * HOUR, 10)] == [
            CAROL, BOB,
        ]  # fmt: skip


def test_two_replicas_asking_one_person_one_wins(uow: UnitOfWork, database_url: str) -> None:
    round_id = _open_round(uow)
    won = race(
        database_url,
        lambda s: repo_asks.claim_ask(s, round_id, BOB, AskState.DUE, AskState.ASKING,
                                      now=MONDAY),
    )  # fmt: skip
    assert sorted(won) == [False, True]


def test_an_ask_left_claimed_is_taken_over_once(uow: UnitOfWork) -> None:
    round_id = _open_round(uow)
    with uow() as session:
        repo_asks.claim_ask(session, round_id, ANA, AskState.DUE, AskState.ASKING, now=MONDAY)
        stuck = repo_asks.stuck_asks(session, MONDAY + MINUTE, 10)
        assert [(a.user_id, a.state) for a in stuck] == [(ANA, "asking")]
        later = MONDAY + HOUR
        assert repo_asks.reclaim_ask(session, round_id, ANA, AskState.ASKING,
                                     claimed_before=MONDAY + MINUTE, now=later)  # fmt: skip
        assert not repo_asks.reclaim_ask(session, round_id, ANA, AskState.ASKING,
                                         claimed_before=MONDAY + MINUTE, now=later)  # fmt: skip
        assert repo_asks.stuck_asks(session, MONDAY + MINUTE, 10) == []


def test_one_reminder_to_those_who_have_not_answered(uow: UnitOfWork, database_url: str) -> None:
    round_id = _open_round(uow)  # reminded at MONDAY + 2h, due at MONDAY + 4h
    _asked(uow, round_id, ANA, BOB)  # Carol is not asked yet: not reminded
    remind = MONDAY + 2 * HOUR
    with uow() as session:
        assert repo_asks.due_reminders(session, remind - MINUTE, 10) == []
        assert repo_asks.record_answer(session, round_id, ANA, ["Done"], blocker=None,
                                       now=MONDAY) is Recorded.RECORDED  # fmt: skip
        assert [a.user_id for a in repo_asks.due_reminders(session, remind, 10)] == [BOB]
        assert repo_asks.due_reminders(session, MONDAY + 4 * HOUR, 10) == []  # due: too late
        assert not repo_asks.claim_reminder(session, round_id, ANA, remind)  # she answered
    won = race(database_url, lambda s: repo_asks.claim_reminder(s, round_id, BOB, remind))
    assert sorted(won) == [False, True]
    with uow() as session:
        assert repo_asks.due_reminders(session, remind, 10) == []
        # Sent but not recorded: taken over once, later.
        assert repo_asks.stuck_reminders(session, remind, 10) == []
        assert [a.user_id for a in repo_asks.stuck_reminders(session, remind + MINUTE, 10)] == [BOB]
        assert repo_asks.reclaim_reminder(session, round_id, BOB, remind + MINUTE,
                                          remind + HOUR)  # fmt: skip
        assert not repo_asks.reclaim_reminder(session, round_id, BOB, remind + MINUTE,
                                              remind + HOUR)  # fmt: skip
        assert repo_asks.mark_reminded(session, round_id, BOB, "1795000000.5")
        assert not repo_asks.mark_reminded(session, round_id, BOB, "1795000000.6")
        assert not repo_asks.mark_reminded(session, round_id, ANA, "1795000000.7")
        assert repo_asks.stuck_reminders(session, remind + 2 * HOUR, 10) == []
        ask = repo_asks.get_ask(session, round_id, BOB)
        assert ask is not None
        assert (ask.reminded_at, ask.reminder_ts) == (remind + HOUR, "1795000000.5")


def test_an_answer_is_recorded_once_and_its_text_goes_once_posted(uow: UnitOfWork) -> None:
    round_id = _open_round(uow)
    _asked(uow, round_id, ANA)
    with uow() as session:
        recorded = repo_asks.record_answer(
            session, round_id, ANA, ["Shipped it", "Tests", "The VPN"], blocker="The VPN",
            now=MONDAY + HOUR,
        )  # fmt: skip
        again = repo_asks.record_answer(session, round_id, ANA, ["Other"], blocker=None,
                                        now=MONDAY + HOUR)  # fmt: skip
        assert (recorded, again) == (Recorded.RECORDED, Recorded.ALREADY)
        ask = repo_asks.get_ask(session, round_id, ANA)
        assert ask is not None
        assert repo_asks.answers_of(ask) == ["Shipped it", "Tests", "The VPN"]
        assert (ask.state, ask.blocker, ask.answered_at) == (
            "answering", "The VPN", MONDAY + HOUR
        )  # fmt: skip
        assert [a.user_id for a in repo_asks.stuck_asks(session, MONDAY + 2 * HOUR, 10)] == [ANA]
        assert repo_asks.mark_answer_posted(session, round_id, ANA, "1795000000.8")
        assert not repo_asks.mark_answer_posted(session, round_id, ANA, "1795000000.9")
        ask = repo_asks.get_ask(session, round_id, ANA)
        assert ask is not None
        assert (ask.state, ask.answers, ask.answer_ts) == ("answered", None, "1795000000.8")
        assert repo_asks.answers_of(ask) == []
        # Someone not in the round; Carol, never DMed, answering from the channel.
        assert repo_asks.record_answer(session, round_id, "U0NOBODY", ["Hi"], blocker=None,
                                       now=MONDAY) is Recorded.UNKNOWN  # fmt: skip
        assert repo_asks.record_answer(session, round_id, CAROL, ["Hi"], blocker="",
                                       now=MONDAY) is Recorded.RECORDED  # fmt: skip
        assert repo_rounds.blockers(session, round_id) == [(ANA, "The VPN")]


def test_a_modal_submitted_twice_at_once_records_once(uow: UnitOfWork, database_url: str) -> None:
    round_id = _open_round(uow)
    _asked(uow, round_id, BOB)
    results = race(
        database_url,
        lambda s: repo_asks.record_answer(s, round_id, BOB, ["Done"], blocker=None,
                                          now=MONDAY),
    )  # fmt: skip
    assert sorted(results) == [Recorded.ALREADY, Recorded.RECORDED]


def test_the_wrap_up_counts_keeps_no_blockers_and_closes_the_round(
    uow: UnitOfWork, database_url: str
) -> None:
    round_id = _open_round(uow)
    _asked(uow, round_id, ANA, BOB)  # Carol was never reachable
    due = MONDAY + 4 * HOUR
    with uow() as session:
        repo_asks.record_answer(session, round_id, BOB, ["x"], blocker="Waiting on legal",
                                now=MONDAY + HOUR)  # fmt: skip
        repo_asks.record_answer(session, round_id, ANA, ["y"], blocker="No laptop",
                                now=MONDAY + 2 * HOUR)  # fmt: skip
        assert repo_rounds.due_to_wrap(session, due - MINUTE, 10) == []
        assert [r.id for r in repo_rounds.due_to_wrap(session, due, 10)] == [round_id]
        assert repo_rounds.answer_counts(session, round_id) == AnswerCounts(3, 2, 2)
        assert not repo_rounds.mark_wrapped(session, round_id, WRAP_TS, due)  # not claimed
    won = race(
        database_url,
        lambda s: repo_rounds.claim_round(s, round_id, RoundState.OPEN, RoundState.WRAPPING,
                                          due),
    )  # fmt: skip
    assert sorted(won) == [False, True]
    with uow() as session:
        # An answer while the wrap-up is being posted is too late, and says so.
        assert repo_asks.record_answer(session, round_id, CAROL, ["z"], blocker=None,
                                       now=due) is Recorded.CLOSED  # fmt: skip
        assert repo_rounds.blockers(session, round_id) == [
            (BOB, "Waiting on legal"), (ANA, "No laptop"),
        ]  # fmt: skip
        assert repo_rounds.mark_wrapped(session, round_id, WRAP_TS, due + MINUTE)
        assert not repo_rounds.mark_wrapped(session, round_id, WRAP_TS, due + MINUTE)
    with uow() as session:
        wrapped = repo_rounds.get_round(session, round_id)
        assert wrapped is not None
        assert (wrapped.state, wrapped.wrap_ts, wrapped.wrapped_at) == (
            "wrapped", WRAP_TS, due + MINUTE
        )  # fmt: skip
        assert (wrapped.asked_count, wrapped.answered_count) == (2, 2)
        assert repo_rounds.blockers(session, round_id) == []
        states = {a.user_id: a.state for a in repo_asks.asks_of(session, round_id)}
        assert states == {ANA: "answering", BOB: "answering", CAROL: "skipped"}
        assert repo_rounds.due_to_wrap(session, due + HOUR, 10) == []
        assert repo_asks.due_asks(session, due + HOUR, 10) == []
