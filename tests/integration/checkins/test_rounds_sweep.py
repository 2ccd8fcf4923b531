"""The check-in sweep against the fake Slack, on SQLite and PostgreSQL with a fake clock:
each round is opened, asked, reminded and wrapped up once, also by two sweeps at once,
through 429s and after a replica died holding a claim; people are asked in their own
working hours; the organizer is asked to cancel the series once."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.checkins import repo, repo_asks, repo_rounds, service
from bot.checkins.service_asks import ANSWER_EVENT, ASK_EVENT, REMINDER_EVENT, STUCK_AFTER
from bot.checkins.service_rounds import CANCEL_EVENT, ROUND_EVENT, WRAP_EVENT, run_checkins
from bot.checkins.tables import AskState, CheckInRound, RoundState
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.fanout import Budget
from bot.focus.tables import LeavePeriod, Person
from bot.retry import Retries
from bot.scheduler import Outcome
from bot.slack.gateway import SlackGateway
from bot.workspace.languages import set_channel_language
from tests.integration.checkins.building import (
    ANA,
    BOB,
    CAROL,
    DUE,
    HOUR,
    MONDAY,
    NEXT_MONDAY,
    ORGANIZER,
    PLAN,
    REMIND,
    TEAM,
    WEDNESDAY,
    add_checkin,
    by_event,
    sweep,
)
from tests.support.sweeping import Ticks, person_row, race_replicas

WEDNESDAY_MINUTES = 2 * 24 * 60


def posted(fake: FakeSlack) -> Counter[tuple[str, str]]:
    """How many check-in posts went out, by (event type, conversation)."""
    found: Counter[tuple[str, str]] = Counter()
    for call in fake.calls_to("chat.postMessage"):
        metadata = call.args.get("metadata") or {}
        if call.ok and str(metadata.get("event_type", "")).startswith("kairos_checkin"):
            found[(metadata["event_type"], call.args["channel"])] += 1
    return found


def first_round(uow: UnitOfWork, checkin_id: int) -> CheckInRound:
    with uow() as session:
        (found,) = [r for r in repo.rounds_of(session, checkin_id) if r.opens_at == WEDNESDAY]
        session.expunge(found)
        return found


def test_a_round_is_opened_asked_reminded_and_wrapped_up_once(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    checkin_id = add_checkin(uow)
    assert sweep(uow, slack, MONDAY) == 0  # planned: Monday's 09:30 had passed
    assert sweep(uow, slack, WEDNESDAY) == 1 + 3
    assert sweep(uow, slack, WEDNESDAY) == 0
    assert by_event(fake_slack) == {ROUND_EVENT: 1, ASK_EVENT: 3}
    round_id = first_round(uow, checkin_id).id
    answers = ("Shipped the export", "The import", "Waiting for legal")
    assert service.answer(uow, slack, ANA, round_id, answers, WEDNESDAY + HOUR) is None
    assert service.answer(uow, slack, ANA, round_id, answers, WEDNESDAY + HOUR) is None
    assert sweep(uow, slack, REMIND) == 2  # Bob and Carol, who have not answered
    assert sweep(uow, slack, REMIND + HOUR) == 0
    assert sweep(uow, slack, DUE) == 2  # the wrap-up, and the organizer's cancel ask
    assert sweep(uow, slack, DUE + HOUR) == 0
    assert sweep(uow, slack, NEXT_MONDAY) == 4  # the next round opens and asks
    assert sweep(uow, slack, NEXT_MONDAY + 4 * HOUR) == 1  # wrap-up, no second cancel ask
    events = by_event(fake_slack)
    assert events == {ROUND_EVENT: 2, ASK_EVENT: 6, ANSWER_EVENT: 1, REMINDER_EVENT: 2,
                      WRAP_EVENT: 2, CANCEL_EVENT: 1}  # fmt: skip
    wrap = next(c for c in fake_slack.calls_to("chat.postMessage")
                if (c.args.get("metadata") or {}).get("event_type") == WRAP_EVENT)  # fmt: skip
    assert "1 of 3 people answered" in str(wrap.args["text"])
    assert "Waiting for legal" in str(wrap.args["blocks"])
    assert BOB not in str(wrap.args["blocks"])  # nobody is named for not answering


def test_two_sweeps_at_once_do_each_step_once(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, database_url: str
) -> None:
    add_checkin(uow)
    assert sweep(uow, slack, MONDAY) == 0
    for moment in (WEDNESDAY, REMIND, DUE):
        results = race_replicas(database_url, moment, lambda u, at=moment: sweep(u, slack, at))
        assert len(results) == 2
    assert by_event(fake_slack) == {ROUND_EVENT: 1, ASK_EVENT: 3, REMINDER_EVENT: 3,
                                    WRAP_EVENT: 1, CANCEL_EVENT: 1}  # fmt: skip


def test_a_429_is_waited_out_and_nothing_doubles(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    add_checkin(uow)
    sweep(uow, slack, MONDAY)
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1, times=2)
    assert sweep(uow, slack, WEDNESDAY) == 4
    assert sweep(uow, slack, WEDNESDAY) == 0
    assert set(posted(fake_slack).values()) == {1}
    assert by_event(fake_slack) == {ROUND_EVENT: 1, ASK_EVENT: 3}
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")].count(429) == 2


def test_a_claim_left_by_a_crash_is_taken_over_and_its_post_not_sent_again(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    checkin_id = add_checkin(uow)
    sweep(uow, slack, MONDAY)
    round_id = first_round(uow, checkin_id).id
    # A replica claims the round, posts its opening, and dies before recording it.
    with uow() as session:
        assert repo_rounds.claim_round(session, round_id, RoundState.DUE, RoundState.OPENING,
                                       WEDNESDAY)  # fmt: skip
    metadata = {"event_type": ROUND_EVENT, "event_payload": {"round_id": round_id}}
    ts = slack.post_message(TEAM, "Check-in", [], metadata=metadata)
    assert sweep(uow, slack, WEDNESDAY + STUCK_AFTER / 2) == 0  # not stuck yet: left alone
    later = WEDNESDAY + STUCK_AFTER + timedelta(minutes=1)
    assert sweep(uow, slack, later) == 3  # the asks; the opening was found, not sent again
    with uow() as session:
        opened = repo_rounds.get_round(session, round_id)
        assert opened is not None
        assert (opened.state, opened.message_ts) == (RoundState.OPEN, ts)
        # Then a replica claims Ana's reminder, DMs it and dies.
        assert repo_asks.claim_reminder(session, round_id, ANA, REMIND)
    reminder = {"event_type": REMINDER_EVENT, "event_payload": {"round_id": round_id}}
    slack.send_dm(ANA, "Reminder", [], metadata=reminder)
    assert sweep(uow, slack, REMIND + STUCK_AFTER + timedelta(minutes=1)) == 2  # Bob, Carol
    with uow() as session:
        ana = repo_asks.get_ask(session, round_id, ANA)
        assert ana is not None
        assert ana.reminder_ts is not None
    assert by_event(fake_slack) == {ROUND_EVENT: 1, ASK_EVENT: 3, REMINDER_EVENT: 3}


def _person(user_id: str, **fields: object) -> Person:
    return person_row(user_id, MONDAY, **fields)


def test_people_are_asked_in_their_working_hours_and_not_in_focus_or_on_leave(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    eleven, five = WEDNESDAY_MINUTES + 11 * 60, WEDNESDAY_MINUTES + 17 * 60
    with uow() as session:
        session.add(_person(ANA, working_hours=f"{eleven}-{five}"))  # from 11:00 Amsterdam
        session.add(_person(BOB, session_starts_at=WEDNESDAY - HOUR,
                            session_ends_at=WEDNESDAY + 2 * HOUR))  # fmt: skip
        session.add(_person(CAROL))
        session.flush()
        day = date(2026, 11, 25)
        session.add(LeavePeriod(user_id=CAROL, starts_on=day, ends_on=day,
                                ends_at=datetime(2026, 11, 25, 23, tzinfo=UTC),
                                created_at=MONDAY))  # fmt: skip
    checkin_id = add_checkin(uow)
    sweep(uow, slack, MONDAY)
    assert sweep(uow, slack, WEDNESDAY) == 1  # the opening only: nobody is reachable yet
    round_id = first_round(uow, checkin_id).id
    with uow() as session:
        asks = {a.user_id: a.ask_at for a in repo_asks.asks_of(session, round_id)}
    # Carol is on leave until after the answers are due: not asked this round at all.
    assert asks == {ANA: WEDNESDAY + 1.5 * HOUR, BOB: WEDNESDAY + 2 * HOUR}
    assert sweep(uow, slack, WEDNESDAY + HOUR) == 0
    assert sweep(uow, slack, WEDNESDAY + 1.5 * HOUR) == 1
    assert sweep(uow, slack, WEDNESDAY + 1.75 * HOUR) == 0
    assert sweep(uow, slack, WEDNESDAY + 2 * HOUR) == 2  # Bob's ask, and Ana's reminder
    assert sweep(uow, slack, WEDNESDAY + 3 * HOUR) == 1  # Bob's one reminder
    assert sweep(uow, slack, WEDNESDAY + 3.5 * HOUR) == 0
    assert by_event(fake_slack) == {ROUND_EVENT: 1, ASK_EVENT: 2, REMINDER_EVENT: 2}


def test_someone_removed_from_slack_is_not_asked(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U0GONE", name="gone", deleted=True)
    checkin_id = add_checkin(uow, replace(PLAN, people=(ANA, "U0GONE")))
    sweep(uow, slack, MONDAY)
    assert sweep(uow, slack, WEDNESDAY) == 2  # the opening and Ana's ask
    with uow() as session:
        asked = [a.user_id for a in repo_asks.asks_of(session, first_round(uow, checkin_id).id)]
    assert asked == [ANA]


def test_each_person_is_asked_in_their_own_language(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    with uow() as session:
        session.add(_person(ANA, language="nl"))
        session.add(_person(BOB, language="en"))
    add_checkin(uow)
    sweep(uow, slack, MONDAY)
    sweep(uow, slack, WEDNESDAY)
    asks = {
        call.args["channel"]: str(call.args["text"])
        for call in fake_slack.calls_to("chat.postMessage")
        if (call.args.get("metadata") or {}).get("event_type") == ASK_EVENT
    }
    texts = sorted(asks.values())
    assert len(texts) == 3
    dutch = [t for t in texts if "je" in t.split() or "antwoorden" in t]
    english = [t for t in texts if "your answers, please" in t]
    assert len(dutch) == 1
    assert len(english) == 2


def test_an_ask_state_is_recorded(uow: UnitOfWork, slack: SlackGateway) -> None:
    checkin_id = add_checkin(uow)
    sweep(uow, slack, MONDAY)
    sweep(uow, slack, WEDNESDAY)
    round_id = first_round(uow, checkin_id).id
    with uow() as session:
        states = {a.user_id: a.state for a in repo_asks.asks_of(session, round_id)}
    assert states == {ANA: AskState.ASKED, BOB: AskState.ASKED, CAROL: AskState.ASKED}


def test_the_round_speaks_the_channel_language_in_the_channel(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    with uow() as session:
        set_channel_language(session, TEAM, "nl", ORGANIZER, MONDAY)
    add_checkin(uow)
    sweep(uow, slack, MONDAY)
    sweep(uow, slack, WEDNESDAY)
    sweep(uow, slack, DUE)
    texts = {
        (call.args.get("metadata") or {}).get("event_type"): str(call.args["text"])
        for call in fake_slack.calls_to("chat.postMessage")
    }
    assert "Check-in for" not in texts[ROUND_EVENT]
    assert "Check-in voor *Standup*: antwoorden in deze thread" in texts[ROUND_EVENT]
    assert "Check-in closed" not in texts[WRAP_EVENT]
    # The asks are DMs: they speak each person's language (English here), not the channel's.
    assert "your answers, please" in texts[ASK_EVENT]


def test_fifty_people_are_each_asked_once_across_sweeps_out_of_time(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    people = tuple(f"U0P{n:02d}" for n in range(50))
    for user in people:
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    add_checkin(uow, replace(PLAN, people=people))
    sweep(uow, slack, MONDAY)
    # Made at 0 with 4 s; read before each start at 1, 2 and 3: three people, then no more.
    ran = run_checkins(uow, slack, WEDNESDAY, Retries("check-ins"),
                       budget=Budget(4, monotonic=Ticks()), language="en")  # fmt: skip
    assert ran is Outcome.MORE_DUE
    assert by_event(fake_slack) == {ROUND_EVENT: 1, ASK_EVENT: 3}
    assert sweep(uow, slack, WEDNESDAY) == 47
    assert sweep(uow, slack, WEDNESDAY) == 0
    assert set(posted(fake_slack).values()) == {1}
    assert by_event(fake_slack) == {ROUND_EVENT: 1, ASK_EVENT: 50}
