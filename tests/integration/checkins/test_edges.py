"""The edges of a check-in round against the fake Slack, on SQLite and PostgreSQL with a
fake clock: a thread reply (an answer, the wrap-up) posted just before a crash is found in
its thread and not posted again; someone who leaves the channel is no longer asked nor
counted; fifty people through 429s; an answer modal submitted twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.checkins import repo, repo_asks, repo_rounds, service, service_asks
from bot.checkins.messages import MAX_BLOCKERS
from bot.checkins.service_asks import ANSWER_EVENT, ASK_EVENT, REMINDER_EVENT, STUCK_AFTER
from bot.checkins.service_rounds import CANCEL_EVENT, ROUND_EVENT, WRAP_EVENT
from bot.checkins.tables import AskState, RoundState
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.gateway import SlackGateway
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
    race,
    sweep,
)

LATER = STUCK_AFTER + timedelta(minutes=1)
ANSWERS = ("Shipped the export", "The import", "no")


def opened(uow: UnitOfWork, slack: SlackGateway, checkin_id: int) -> tuple[int, str]:
    """Plan the check-in and open its first round; the round's id and its thread."""
    sweep(uow, slack, MONDAY)
    sweep(uow, slack, WEDNESDAY)
    with uow() as session:
        (found,) = [r for r in repo.rounds_of(session, checkin_id) if r.opens_at == WEDNESDAY]
        assert found.message_ts is not None
        return found.id, found.message_ts


def test_a_wrap_up_posted_just_before_a_crash_is_found_in_its_thread(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    round_id, thread = opened(uow, slack, add_checkin(uow))
    # A replica claims the wrap-up, posts it in the thread, and dies before recording it.
    with uow() as session:
        assert repo_rounds.claim_round(session, round_id, RoundState.OPEN, RoundState.WRAPPING,
                                       DUE)  # fmt: skip
    metadata = {"event_type": WRAP_EVENT, "event_payload": {"round_id": round_id}}
    ts = slack.post_message(TEAM, "Check-in closed", [], metadata=metadata, thread_ts=thread)
    assert sweep(uow, slack, DUE + STUCK_AFTER / 2) == 0  # not stuck yet: left alone
    fake_slack.rate_limit_next("conversations.replies", retry_after=1)
    assert sweep(uow, slack, DUE + LATER) == 1  # only the organizer's one cancel ask
    with uow() as session:
        wrapped = repo_rounds.get_round(session, round_id)
        assert wrapped is not None
        assert (wrapped.state, wrapped.wrap_ts) == (RoundState.WRAPPED, ts)
    assert by_event(fake_slack)[WRAP_EVENT] == 1
    assert [c.status for c in fake_slack.calls_to("conversations.replies")] == [429, 200]


def test_an_answer_posted_just_before_a_crash_is_found_in_its_thread(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    round_id, thread = opened(uow, slack, add_checkin(uow))
    answered = WEDNESDAY + HOUR
    # Recording is the claim; the post goes out, and the process dies before marking it.
    with uow() as session:
        recorded = repo_asks.record_answer(session, round_id, ANA, ANSWERS, blocker=None,
                                           now=answered)  # fmt: skip
        assert recorded is repo_asks.Recorded.RECORDED
    metadata = {"event_type": ANSWER_EVENT, "event_payload": {"ask": f"{round_id}:{ANA}"}}
    ts = slack.post_message(TEAM, "Ana answered", [], metadata=metadata, thread_ts=thread)
    assert sweep(uow, slack, answered + STUCK_AFTER / 2) == 0
    assert sweep(uow, slack, answered + LATER) == 0  # found in the thread, not sent again
    with uow() as session:
        ask = repo_asks.get_ask(session, round_id, ANA)
        assert ask is not None
        assert (ask.state, ask.answer_ts, ask.answers) == (AskState.ANSWERED, ts, None)
    assert by_event(fake_slack)[ANSWER_EVENT] == 1
    # The wrap-up counts her once.
    sweep(uow, slack, DUE)
    wrap = [c for c in fake_slack.calls_to("chat.postMessage")
            if (c.args.get("metadata") or {}).get("event_type") == WRAP_EVENT]  # fmt: skip
    assert "1 of 3 people answered" in str(wrap[0].args["text"])


def test_someone_who_leaves_the_channel_is_no_longer_asked_nor_counted(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    checkin_id = add_checkin(uow)
    round_id, _thread = opened(uow, slack, checkin_id)
    assert service.answer(uow, slack, ANA, round_id, ANSWERS, WEDNESDAY + HOUR) is None
    assert service_asks.person_left(uow, TEAM, BOB) == 1
    assert service_asks.person_left(uow, TEAM, BOB) == 0  # told twice: nothing more
    assert service_asks.person_left(uow, TEAM, ANA) == 1  # she answered before she left
    assert sweep(uow, slack, REMIND) == 1  # Carol's reminder; Bob is not reminded
    assert sweep(uow, slack, DUE) == 2  # the wrap-up and the organizer's cancel ask
    wrap = [c for c in fake_slack.calls_to("chat.postMessage")
            if (c.args.get("metadata") or {}).get("event_type") == WRAP_EVENT]  # fmt: skip
    assert "1 of 2 people answered" in str(wrap[0].args["text"])  # Ana's answer stays
    assert BOB not in str(wrap[0].args["blocks"])
    with uow() as session:
        wrapped = repo_rounds.get_round(session, round_id)
        assert wrapped is not None
        assert (wrapped.asked_count, wrapped.answered_count) == (2, 1)
        assert repo.people_of(session, checkin_id) == [CAROL]
        assert [c.id for c in repo.of_person(session, BOB)] == []  # not listed for him
    assert sweep(uow, slack, NEXT_MONDAY) == 2  # the next round: its opening, Carol's ask
    asks = [c.args["channel"] for c in fake_slack.calls_to("chat.postMessage")
            if (c.args.get("metadata") or {}).get("event_type") == ASK_EVENT]  # fmt: skip
    assert asks.count(fake_slack.open_dm(BOB)) == 1  # the first round's only
    assert asks.count(fake_slack.open_dm(CAROL)) == 2


def test_someone_leaving_another_channel_stays_in_the_check_in(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    checkin_id = add_checkin(uow)
    assert service_asks.person_left(uow, "C0ELSEWHERE", BOB) == 0
    with uow() as session:
        assert repo.people_of(session, checkin_id) == [ANA, BOB, CAROL]


def test_fifty_people_answer_through_429s_and_are_counted_once(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    people = tuple(f"U0P{n:02d}" for n in range(50))
    for user in people:
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake_slack.add_channel(TEAM, name="team", members=[ORGANIZER, *people])
    checkin_id = add_checkin(uow, replace(PLAN, people=people))
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1, times=2)
    round_id, _thread = opened(uow, slack, checkin_id)
    assert by_event(fake_slack) == {ROUND_EVENT: 1, ASK_EVENT: 50}
    answering = people[:40]
    for n, user in enumerate(answering):
        blocker = f"Waiting for review {n}" if n % 4 else "none"
        answers = (f"Finished task {n}", "More of it", blocker)
        at = WEDNESDAY + HOUR + timedelta(seconds=n)
        assert service.answer(uow, slack, user, round_id, answers, at) is None
        if n % 10 == 0:  # a modal submitted twice: the first one counts
            assert service.answer(uow, slack, user, round_id, answers, at) is None
    assert by_event(fake_slack)[ANSWER_EVENT] == 40
    assert sweep(uow, slack, REMIND) == 10  # those who have not answered, once each
    assert sweep(uow, slack, REMIND + HOUR) == 0
    assert sweep(uow, slack, DUE) == 2  # the wrap-up and the organizer's cancel ask
    assert sweep(uow, slack, DUE + HOUR) == 0
    events = by_event(fake_slack)
    assert events == {ROUND_EVENT: 1, ASK_EVENT: 50, ANSWER_EVENT: 40, REMINDER_EVENT: 10,
                      WRAP_EVENT: 1, CANCEL_EVENT: 1}  # fmt: skip
    wrap = next(c for c in fake_slack.calls_to("chat.postMessage")
                if (c.args.get("metadata") or {}).get("event_type") == WRAP_EVENT)  # fmt: skip
    assert "40 of 50 people answered" in str(wrap.args["text"])
    assert "30 blockers" in str(wrap.args["text"])
    assert str(wrap.args["blocks"]).count("Waiting for review") == MAX_BLOCKERS
    assert "…and 10 more in the answers above." in str(wrap.args["blocks"])
    with uow() as session:
        wrapped = repo_rounds.get_round(session, round_id)
        assert wrapped is not None
        assert (wrapped.asked_count, wrapped.answered_count) == (50, 40)


def test_an_answer_modal_submitted_twice_at_once_is_recorded_and_posted_once(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, database_url: str
) -> None:
    round_id, _thread = opened(uow, slack, add_checkin(uow))
    answered = WEDNESDAY + HOUR
    results = race(database_url, lambda session: repo_asks.record_answer(
        session, round_id, ANA, ANSWERS, blocker=None, now=answered))  # fmt: skip
    assert sorted(results) == [repo_asks.Recorded.ALREADY, repo_asks.Recorded.RECORDED]
    # The listener's post after the ack was lost (say the process stopped): the sweep posts
    # it once, and a third submission meanwhile changes nothing.
    assert service.answer(uow, slack, ANA, round_id, ANSWERS, answered) is None
    assert by_event(fake_slack)[ANSWER_EVENT] == 0
    assert sweep(uow, slack, answered + LATER) == 1
    assert sweep(uow, slack, answered + 2 * LATER) == 0
    assert by_event(fake_slack)[ANSWER_EVENT] == 1


def test_a_reply_is_found_on_a_later_page_of_a_long_thread(
    slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    thread = slack.post_message(TEAM, "Check-in", [])
    for n in range(250):  # people talking in the thread: past the first page of replies
        fake_slack.add_message(TEAM, user=ANA, text=f"reply {n}", thread_ts=thread)
    metadata = {"event_type": WRAP_EVENT, "event_payload": {"round_id": 7}}
    ts = slack.post_message(TEAM, "Check-in closed", [], metadata=metadata, thread_ts=thread)
    assert slack.find_own_reply(TEAM, thread, WRAP_EVENT, "round_id", 7) == ts
    assert slack.find_own_reply(TEAM, thread, WRAP_EVENT, "round_id", 8) is None
    assert slack.find_own_message(TEAM, WRAP_EVENT, "round_id", 7) is None  # why replies
    assert len(fake_slack.calls_to("conversations.replies")) == 4  # two pages, twice
    # A thread whose first message was deleted holds nothing of Kairos's any more.
    assert slack.find_own_reply(TEAM, "1795424400.000100", WRAP_EVENT, "round_id", 7) is None
