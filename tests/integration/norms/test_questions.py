"""Questions in a channel with a response time, on SQLite and PostgreSQL: noted once from the
message path, answered by a reply in the thread or a reaction, dropped with the message,
and reminded of once, privately, when the response time has passed in the asked person's
working time. receive_message and the sweep run whole, against the fake Slack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.incoming import message_deleted
from bot.focus.service import run_command
from bot.norms import repo as norms_repo
from bot.norms.asked import Reaction, note_reaction
from bot.norms.model import ChannelKind, Norms, ResponseKind, ResponseTime
from bot.norms.reminders import remind_due
from bot.slack.gateway import SlackGateway
from tests.integration.norms.asking import (
    ANA,
    BOB,
    CAROL,
    MONDAY,
    QUIET,
    ROOM,
    questions,
    reminders,
    say,
    ts_at,
)

pytestmark = pytest.mark.usefixtures("room", "norms")


def test_a_question_is_noted_once_for_each_person_it_names(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    ts = ts_at(MONDAY)
    text = f"<@{ANA}> <@{CAROL}> could you check the March invoice?"
    say(uow, slack, BOB, text, ts)
    say(uow, slack, BOB, text, ts)  # Slack's retry of the same event
    found = questions(uow)
    assert [(q.asked_id, q.asker_id, q.message_ts, q.thread_ts) for q in found] == [
        (ANA, BOB, ts, ts),
        (CAROL, BOB, ts, ts),
    ]
    assert all(q.due_at is None and q.answered_at is None for q in found)


@pytest.mark.parametrize(
    ("sender", "text", "channel", "from_person"),
    [
        (BOB, f"<@{ANA}> thanks for the invoice.", ROOM, True),  # asks nothing
        (BOB, f"<@{ANA}> could you check the invoice?", QUIET, True),  # no response time
        (ANA, f"<@{ANA}> could I check the invoice?", ROOM, True),  # a note to oneself
        (BOB, "<!here> could someone check the invoice?", ROOM, True),  # nobody by name
        (BOB, f"<@{ANA}> could you check the invoice?", ROOM, False),  # an app's message
    ],
)
def test_what_is_not_a_question_to_someone_is_not_noted(
    uow: UnitOfWork, slack: SlackGateway, sender: str, text: str, channel: str, from_person: bool
) -> None:
    say(uow, slack, sender, text, ts_at(MONDAY), channel=channel, from_person=from_person)
    assert questions(uow) == []


def test_an_unanswered_question_gets_one_private_reminder_once_due(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    ts, text = ts_at(MONDAY), f"<@{ANA}> could you check the March invoice?"
    room.add_message(ROOM, user=BOB, text=text, ts=ts)
    say(uow, slack, BOB, text, ts)
    assert remind_due(uow, slack, MONDAY) == 0
    (counted,) = questions(uow)
    assert counted.due_at == MONDAY + timedelta(hours=1)  # Ana keeps no working hours
    assert remind_due(uow, slack, MONDAY + timedelta(minutes=59)) == 0
    assert remind_due(uow, slack, MONDAY + timedelta(minutes=61)) == 1
    assert remind_due(uow, slack, MONDAY + timedelta(hours=5)) == 0
    (text,) = reminders(room, ANA)
    link = f"https://fake.slack.com/archives/{ROOM}/p{ts.replace('.', '')}"
    assert text == (
        f"A question for you in <#{ROOM}> is waiting for an answer (the channel's norm: "
        f"within 1 working hour) · <{link}|Open>"
    )
    # Nothing in public: the channel holds the question only, the DM names nobody.
    assert [m["ts"] for m in room.messages_in(ROOM)] == [ts]
    assert room.calls_to("chat.postEphemeral") == []
    assert BOB not in text
    (reminded,) = questions(uow)
    assert (reminded.status, reminded.reminded_via) == ("reminded", "dm")


def test_a_reply_in_the_thread_by_the_person_asked_answers(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    ts = ts_at(MONDAY)
    say(uow, slack, BOB, f"<@{ANA}> <@{CAROL}> could you check the March invoice?", ts)
    later = MONDAY + timedelta(minutes=10)
    say(uow, slack, ANA, "Done, it's fine.", ts_at(later), thread_ts=ts)
    say(uow, slack, BOB, "Carol?", ts_at(later, 1), thread_ts=ts)  # the asker is no answer
    say(uow, slack, CAROL, "Elsewhere.", ts_at(later, 2))  # not in the thread
    ana, carol = questions(uow)
    assert ana.answered_at == later
    assert carol.answered_at is None
    assert remind_due(uow, slack, MONDAY) == 0
    assert remind_due(uow, slack, MONDAY + timedelta(hours=2)) == 1
    assert reminders(room, ANA) == []
    assert len(reminders(room, CAROL)) == 1


def test_a_question_in_a_thread_is_answered_in_that_thread_only_after_it(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    parent = ts_at(MONDAY)
    say(uow, slack, ANA, "Invoices for March are in.", parent)
    asked = MONDAY + timedelta(minutes=5)
    ts = ts_at(asked)
    say(uow, slack, BOB, f"<@{ANA}> which one is late?", ts, thread_ts=parent)
    (question,) = questions(uow)
    assert question.thread_ts == parent
    say(
        uow, slack, ANA, "The one from Acme.", ts_at(asked + timedelta(minutes=1)), thread_ts=parent
    )
    (answered,) = questions(uow)
    assert answered.answered_at == asked + timedelta(minutes=1)


def test_a_reaction_by_the_person_asked_answers(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    ts = ts_at(MONDAY)
    say(uow, slack, BOB, f"<@{ANA}> could you check the March invoice?", ts)
    assert not note_reaction(uow, Reaction(CAROL, ROOM, ts), MONDAY)  # not asked
    assert note_reaction(uow, Reaction(ANA, ROOM, ts), MONDAY + timedelta(minutes=3))
    assert not note_reaction(uow, Reaction(ANA, ROOM, ts), MONDAY + timedelta(minutes=4))
    (question,) = questions(uow)
    assert question.answered_at == MONDAY + timedelta(minutes=3)
    remind_due(uow, slack, MONDAY)
    assert remind_due(uow, slack, MONDAY + timedelta(hours=2)) == 0
    assert reminders(room, ANA) == []


def test_a_deleted_question_is_dropped(uow: UnitOfWork, slack: SlackGateway) -> None:
    ts = ts_at(MONDAY)
    say(uow, slack, BOB, f"<@{ANA}> could you check the March invoice?", ts)
    message_deleted(uow, ROOM, ts, event_id="EvDELETED1")
    assert questions(uow) == []


def test_the_due_time_skips_off_hours_and_the_reminder_waits_for_focus_to_end(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    with uow() as session:
        ana = focus_repo.add_person(session, ANA, "Europe/Amsterdam", MONDAY)
        run_command(session, ana, parse_focus_command("hours mon-fri 9:00-17:00"), MONDAY)
    asked = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)  # 16:30 in Amsterdam
    say(uow, slack, BOB, f"<@{ANA}> could you check the March invoice?", ts_at(asked))
    remind_due(uow, slack, asked)
    (question,) = questions(uow)
    # Half an hour on Monday, the other half from 09:00 on Tuesday (08:00 UTC).
    assert question.due_at == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    tuesday = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    with uow() as session:
        ana = focus_repo.get_person(session, ANA)
        assert ana is not None
        run_command(session, ana, parse_focus_command("now 2h"), tuesday)
    assert remind_due(uow, slack, tuesday + timedelta(minutes=31)) == 0
    (waiting,) = questions(uow)
    assert waiting.remind_at == tuesday + timedelta(hours=2)
    assert remind_due(uow, slack, tuesday + timedelta(hours=2)) == 1
    assert len(reminders(room, ANA)) == 1


def test_someone_without_a_schedule_counts_days_in_their_slack_zone(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    room.add_user(CAROL, name="carol", tz="Asia/Tokyo")
    with uow() as session:
        next_day = Norms("Ops", ChannelKind.ASYNC, ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1))
        norms_repo.put(session, QUIET, next_day, BOB, MONDAY)
    say(uow, slack, BOB, f"<@{CAROL}> is the deploy done?", ts_at(MONDAY), channel=QUIET)
    remind_due(uow, slack, MONDAY)
    (question,) = questions(uow)
    # Monday 18:00 in Tokyo: due by the end of Tuesday there, 15:00 UTC.
    assert question.due_at == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
