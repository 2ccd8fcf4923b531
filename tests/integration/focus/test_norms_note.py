"""The sender's note with the channel's norms, on both backends: the expected answer time
for a held mention, the urgent route for someone on leave, and the once-a-day hint after an
urgent marker. receive_message runs whole, with the real gateway against the fake Slack."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.connect.service import ConnectLink
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.holding import IncomingMessage
from bot.focus.incoming import receive_message
from bot.focus.mentions import DEFAULT_URGENT_MARKERS
from bot.focus.service import run_command
from bot.norms import repo as norms_repo
from bot.norms.model import (
    CALL,
    ChannelKind,
    Norms,
    ResponseKind,
    ResponseTime,
    UrgentKind,
    UrgentRoute,
)
from bot.slack.gateway import SlackGateway

ANA, BOB = "U0ANA", "U0BOB"
ROOM, OPS = "C0ROOM", "C0OPS"
# Thursday 5 March 2026, 14:00 in Amsterdam.
NOW = datetime(2026, 3, 5, 13, 0, tzinfo=UTC)


@pytest.fixture
def room(fake_slack: FakeSlack) -> FakeSlack:
    """Ana and Bob in one channel, both in Amsterdam."""
    for user in (ANA, BOB):
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake_slack.add_channel(ROOM, name="room", members=[ANA, BOB])
    return fake_slack


def _setup(uow: UnitOfWork, commands: list[str], norms: Norms | None) -> None:
    with uow() as session:
        ana = repo.add_person(session, ANA, "Europe/Amsterdam", NOW)
        for command in commands:
            run_command(session, ana, parse_focus_command(command), NOW)
        repo.add_person(session, BOB, "Europe/Amsterdam", NOW)
        if norms is not None:
            norms_repo.put(session, ROOM, norms, BOB, NOW)


def _send(uow: UnitOfWork, slack: SlackGateway, text: str, ts: str, now: datetime = NOW) -> None:
    ran: list[Callable[[], None]] = []
    message = IncomingMessage(channel_id=ROOM, ts=ts, thread_ts=None, sender_id=BOB, text=text)
    receive_message(
        uow,
        slack,
        ConnectLink(None, None),
        message,
        event_id=f"Ev{ts.replace('.', '')}",
        now=now,
        markers=DEFAULT_URGENT_MARKERS,
        background=ran.append,
    )
    for work in ran:
        work()


def _ephemerals(fake: FakeSlack) -> list[str]:
    return [json.dumps(c.args) for c in fake.calls_to("chat.postEphemeral")]


def test_a_held_mention_says_when_to_expect_an_answer(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    hours = Norms("Billing", ChannelKind.ASYNC, ResponseTime(ResponseKind.WORKING_MINUTES, 120))
    _setup(uow, ["mon-fri 9:00-15:00", "hours mon-fri 9:00-17:00"], hours)
    _send(uow, slack, f"<@{ANA}> the invoice?", "1772715600.000100")
    (note,) = _ephemerals(room)
    # Focusing until 15:00, then two working hours: 17:00.
    assert "focusing until 15:00 (your time)" in note
    assert "Expect an answer by 17:00." in note


def test_next_working_day_and_the_urgent_route_for_someone_on_leave(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    norms = Norms(
        "Billing",
        ChannelKind.ASYNC,
        ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1),
        UrgentRoute(UrgentKind.CHANNEL, OPS),
    )
    _setup(uow, ["hours mon-fri 9:00-17:00", "away 2026-03-05 to 2026-03-09"], norms)
    _send(uow, slack, f"<@{ANA}> the invoice?", "1772715600.000100")
    (note,) = _ephemerals(room)
    # Leave is skipped: her next working day is the day she is back, Tuesday 10 March.
    assert "on leave until Tue 10 Mar 09:00" in note
    assert "Expect an answer by Tue 10 Mar 17:00." in note
    assert f"Urgent? Use <#{OPS}>." in note


def test_no_norms_no_expectation(uow: UnitOfWork, slack: SlackGateway, room: FakeSlack) -> None:
    _setup(uow, ["mon-fri 9:00-15:00"], None)
    _send(uow, slack, f"<@{ANA}> the invoice?", "1772715600.000100")
    (note,) = _ephemerals(room)
    assert "Expect" not in note
    assert "Urgent?" not in note


def test_an_urgent_marker_gets_the_route_hint_once_a_day(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _setup(uow, ["mon-fri 9:00-15:00"], Norms("Billing", ChannelKind.ASYNC, urgent=CALL))
    _send(uow, slack, f"<@{ANA}> urgent: prod is down", "1772715600.000100")
    assert len(room.calls_to("chat.postMessage")) == 1  # the DM reached Ana at once
    (hint,) = _ephemerals(room)
    assert "call the person" in hint
    _send(uow, slack, f"<@{ANA}> urgent: still down", "1772715700.000100")
    assert len(_ephemerals(room)) == 1  # not twice the same day
    tomorrow = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    _send(uow, slack, f"<@{ANA}> urgent: down again", "1772787600.000100", now=tomorrow)
    assert len(_ephemerals(room)) == 2


def test_without_a_route_an_urgent_marker_gets_no_hint(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _setup(uow, ["mon-fri 9:00-15:00"], Norms("Billing", ChannelKind.ASYNC))
    _send(uow, slack, f"<@{ANA}> urgent: prod is down", "1772715600.000100")
    assert _ephemerals(room) == []
