"""An @channel in a channel whose members this process has not read, on both backends: stored
in the ack with no members call before it, held after it (by the work handed to `background`
or, after a crash or a failed call, by the sweep), exactly once; a retried event stores
nothing twice; a channel whose members are known keeps the fast path.

receive_message runs whole, with the real gateway against the fake Slack. `background`
collects the work instead of running it, so each test decides when "after the ack" is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.connect.service import ConnectLink
from bot.db.dedupe import AlreadyHandled
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo
from bot.focus.broadcast_sweep import finish_due_broadcasts
from bot.focus.broadcasts import GRACE
from bot.focus.grammar import parse_focus_command
from bot.focus.holding import IN_ACK_MEMBERS, IncomingMessage
from bot.focus.incoming import receive_message
from bot.focus.mentions import DEFAULT_URGENT_MARKERS
from bot.focus.service import run_command
from bot.focus.tables import HeldMention, PendingBroadcast
from bot.slack.gateway import SlackGateway

ALICE, BOB, CAROL, DAVE = "U0ALICE", "U0BOB", "U0CAROL", "U0DAVE"
ROOM, BIG = "C0ROOM", "C0BIG"
NO_CONNECT = ConnectLink(None, None)
Work = list[Callable[[], None]]


@pytest.fixture
def room(fake_slack: FakeSlack, uow: UnitOfWork, clock: FakeClock) -> FakeSlack:
    """Alice and Carol focusing, Dave reachable, Bob sending; all four in the channel."""
    for user in (ALICE, BOB, CAROL, DAVE):
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake_slack.add_channel(ROOM, name="room", members=[ALICE, BOB, CAROL, DAVE])
    with uow() as session:
        for user, command in ((ALICE, "now 30m"), (CAROL, "now 45m"), (DAVE, ""), (BOB, "")):
            person = repo.add_person(session, user, "Europe/Amsterdam", clock.now())
            if command:
                run_command(session, person, parse_focus_command(command), clock.now())
    return fake_slack


def _message(clock: FakeClock, text: str) -> IncomingMessage:
    ts = f"{clock.now().timestamp():.6f}"
    return IncomingMessage(channel_id=ROOM, ts=ts, thread_ts=None, sender_id=BOB, text=text)


def _receive(
    uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, message: IncomingMessage, event: str
) -> Work:
    """What the listener does; the work for after the ack is returned, not run."""
    later: Work = []
    receive_message(
        uow,
        slack,
        NO_CONNECT,
        message,
        event_id=event,
        now=clock.now(),
        markers=DEFAULT_URGENT_MARKERS,
        background=later.append,
    )
    return later


def _run(work: Work) -> None:
    for item in work:
        item()


def _held(uow: UnitOfWork) -> list[tuple[str, str]]:
    with uow() as session:
        rows = session.execute(
            select(HeldMention.recipient_id, HeldMention.kind).order_by(HeldMention.recipient_id)
        )
        return [(recipient, kind) for recipient, kind in rows]


def _pending(uow: UnitOfWork) -> list[tuple[str, str, int]]:
    with uow() as session:
        rows = session.execute(
            select(PendingBroadcast.channel_id, PendingBroadcast.text, PendingBroadcast.attempts)
        )
        return [(channel, text, attempts) for channel, text, attempts in rows]


def _notes(fake: FakeSlack) -> list[str]:
    return [json.dumps(c.args) for c in fake.calls_to("chat.postEphemeral")]


def _sweep(uow: UnitOfWork, slack: SlackGateway, clock: FakeClock) -> int:
    return finish_due_broadcasts(
        uow, slack, NO_CONNECT, clock.now(), markers=DEFAULT_URGENT_MARKERS
    )


def test_stored_in_the_ack_without_a_members_call_and_held_after_it(
    uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, room: FakeSlack
) -> None:
    text = "<!channel> the deploy is at four"
    later = _receive(uow, slack, clock, _message(clock, text), "Ev0001")

    # Returned (the ack): stored, nobody held yet, and Slack not asked for the members.
    assert _pending(uow) == [(ROOM, text, 0)]
    assert room.calls_to("conversations.members") == []
    assert _held(uow) == []

    _run(later)

    assert _held(uow) == [(ALICE, "broadcast"), (CAROL, "broadcast")]
    assert _pending(uow) == []
    assert len(room.calls_to("conversations.members")) == 1
    (note,) = _notes(room)
    assert f"<@{ALICE}>" in note
    assert f"<@{CAROL}>" in note
    assert f"<@{DAVE}>" not in note


def test_a_direct_mention_is_held_in_the_ack_and_the_one_note_names_everyone(
    uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, room: FakeSlack
) -> None:
    later = _receive(uow, slack, clock, _message(clock, f"<!here> <@{ALICE}> see this"), "Ev2")

    assert _held(uow) == [(ALICE, "user")]  # as today, before the ack
    assert len(_pending(uow)) == 1
    assert _notes(room) == []  # the note waits for the whole channel

    _run(later)

    assert _held(uow) == [(ALICE, "user"), (CAROL, "broadcast")]
    (note,) = _notes(room)
    assert f"<@{ALICE}>" in note
    assert f"<@{CAROL}>" in note


def test_a_retried_event_stores_and_holds_nothing_twice(
    uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, room: FakeSlack
) -> None:
    message = _message(clock, "<!channel> release notes are up")
    later = _receive(uow, slack, clock, message, "Ev3")
    with pytest.raises(AlreadyHandled):
        _receive(uow, slack, clock, message, "Ev3")  # Slack's retry while work is pending
    assert len(_pending(uow)) == 1

    _run(later)
    with pytest.raises(AlreadyHandled):
        _receive(uow, slack, clock, message, "Ev3")  # and once it is held

    assert _pending(uow) == []
    assert _held(uow) == [(ALICE, "broadcast"), (CAROL, "broadcast")]
    assert len(_notes(room)) == 1
    assert len(room.calls_to("conversations.members")) == 1


def test_the_sweep_finishes_what_a_crash_left_exactly_once(
    uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, room: FakeSlack
) -> None:
    lost = _receive(uow, slack, clock, _message(clock, "<!channel> lunch is here"), "Ev4")
    # The process stops before running `lost`. Within the grace period the sweep waits.
    clock.advance(GRACE - timedelta(seconds=1))
    assert _sweep(uow, slack, clock) == 0
    assert room.calls_to("conversations.members") == []

    clock.advance(timedelta(seconds=1))
    assert _sweep(uow, slack, clock) == 1
    assert _held(uow) == [(ALICE, "broadcast"), (CAROL, "broadcast")]
    assert _pending(uow) == []
    assert len(_notes(room)) == 1  # Bob is a person: he is told, late

    # Nothing is held twice: not by the next sweep, nor by the work from before the crash.
    assert _sweep(uow, slack, clock) == 0
    _run(lost)
    assert _held(uow) == [(ALICE, "broadcast"), (CAROL, "broadcast")]
    assert len(_notes(room)) == 1


def test_a_failed_members_call_leaves_the_row_for_a_later_try(
    uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, room: FakeSlack
) -> None:
    text = "<!everyone> the office is closed on Friday"
    later = _receive(uow, slack, clock, _message(clock, text), "Ev5")
    room.fail_next("conversations.members", "internal_error")

    _run(later)

    assert _pending(uow) == [(ROOM, text, 1)]  # one failed try, counted
    assert _held(uow) == []
    assert _notes(room) == []
    # Tried again by the sweep once its backoff (a minute after the failure) has passed.
    clock.advance(timedelta(seconds=30))
    assert _sweep(uow, slack, clock) == 0
    clock.advance(timedelta(seconds=30))
    assert _sweep(uow, slack, clock) == 1
    assert _held(uow) == [(ALICE, "broadcast"), (CAROL, "broadcast")]
    assert _pending(uow) == []


def test_a_channel_whose_members_are_known_is_held_in_the_ack(
    uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, room: FakeSlack
) -> None:
    slack.channel_members(ROOM)  # read a moment ago (by an earlier broadcast, say)
    later = _receive(uow, slack, clock, _message(clock, "<!here> standup in 5"), "Ev6")

    assert _held(uow) == [(ALICE, "broadcast"), (CAROL, "broadcast")]
    assert _pending(uow) == []
    assert len(room.calls_to("conversations.members")) == 1  # the earlier read only
    _run(later)
    assert len(_notes(room)) == 1


def test_a_big_channel_is_held_after_the_ack_even_when_its_members_are_known(
    uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, room: FakeSlack
) -> None:
    crowd = [f"U0X{n:04d}" for n in range(IN_ACK_MEMBERS - 3)]  # with the four: one too many
    room.add_channel(BIG, name="big", members=[ALICE, BOB, CAROL, DAVE, *crowd])
    slack.channel_members(BIG)  # read a moment ago
    message = replace(_message(clock, "<!channel> all hands at 4"), channel_id=BIG)
    later = _receive(uow, slack, clock, message, "Ev7")

    assert _held(uow) == []  # the ack read and held nothing for the crowd
    assert _pending(uow) == [(BIG, "<!channel> all hands at 4", 0)]
    _run(later)
    assert _held(uow) == [(ALICE, "broadcast"), (CAROL, "broadcast")]
    assert _pending(uow) == []
    assert len(_notes(room)) == 1
    assert len(room.calls_to("conversations.members")) == 2  # the earlier read only: 2 pages
