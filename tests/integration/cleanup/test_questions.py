""" "Could this meeting have been async?": who is asked, when, where, and how answers count."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.cleanup.messages import parse_answer_value
from bot.cleanup.posting import Summaries, preview
from bot.cleanup.questions import Question, answer_question, ask_due_questions
from bot.cleanup.service import SummaryOptions
from bot.cleanup.tables import AsyncQuestion
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import deliver_due
from bot.errors import KairosUserError
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import reschedule, run_command
from bot.focus.tables import HeldMention
from bot.meetings.tables import CalendarFeed, Meeting, MeetingAttendee, MeetingSighting
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway

ALICE, BOB, CAROL, DAN, GUEST = "U0ALICE", "U0BOB", "U0CAROL", "U0DAN", "U0GUEST"
TEAM = "C0TEAM"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # Tuesday 11:00 in Amsterdam


@pytest.fixture(scope="module")
def _fake_slack_server() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    fake = _fake_slack_server
    fake.reset()
    for user in (ALICE, BOB, CAROL, DAN, GUEST):
        fake.add_user(user, name=user.lower())
    fake.add_channel(TEAM, name="team", members=[ALICE, BOB, CAROL, DAN, GUEST])
    yield fake
    assert not fake.internal_errors, "\n".join(fake.internal_errors)


@pytest.fixture
def slack(fake_slack: FakeSlack) -> SlackGateway:
    return SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url))


def _uses_kairos(uow: UnitOfWork, *users: str) -> None:
    with uow() as session:
        for user in users:
            session.add(
                CalendarFeed(
                    user_id=user, url_encrypted="x", host="calendar.example.com",
                    created_at=NOW, next_poll_at=NOW + timedelta(days=30),
                )
            )  # fmt: skip


def _meeting(
    uow: UnitOfWork,
    series: str,
    ended: datetime,
    attendees: list[str],
    *,
    recurring: bool = True,
    private: bool = False,
) -> None:
    start = ended - timedelta(minutes=25)
    with uow() as session:
        meeting = Meeting(
            series_key=series, slot=start, title=f"{series.title()} meeting", starts_at=start,
            ends_at=ended, people=len(attendees), is_recurring=recurring, is_private=private,
            has_agenda=False, agenda_reason="empty", minutes=25, flags="", updated_at=NOW,
        )  # fmt: skip
        session.add(meeting)
        session.flush()
        session.add_all(MeetingAttendee(meeting_id=meeting.id, user_id=u) for u in attendees)
        # The meeting is in the calendars of the attendees who connected one.
        feeds = set(session.scalars(select(CalendarFeed.user_id)))
        session.add_all(
            MeetingSighting(meeting_id=meeting.id, user_id=u) for u in attendees if u in feeds
        )


def _dms(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [
        call.args
        for call in fake.calls_to("chat.postMessage")
        if call.args.get("channel") == fake.open_dm(user)
    ]


def _questions(uow: UnitOfWork) -> list[tuple[str, str, str]]:
    with uow() as session:
        return [
            (q.user_id, q.series_key, q.via)
            for q in session.scalars(select(AsyncQuestion).order_by(AsyncQuestion.id))
        ]


def test_kairos_users_who_attended_are_asked_by_dm_once(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    _uses_kairos(uow, ALICE)
    _meeting(uow, "standup", NOW - timedelta(hours=1), [ALICE, GUEST])
    _meeting(uow, "offsite", NOW - timedelta(hours=1), [ALICE, GUEST], recurring=False)
    _meeting(uow, "therapy", NOW - timedelta(hours=1), [ALICE, GUEST], private=True)
    _meeting(uow, "ancient", NOW - timedelta(days=3), [ALICE, GUEST])
    assert ask_due_questions(uow, slack, NOW) == 1
    (dm,) = _dms(fake_slack, ALICE)
    assert "Could Standup meeting have been async?" in dm["text"]
    buttons = dm["blocks"][1]["elements"]
    assert [b["action_id"] for b in buttons] == ["async.yes", "async.partly", "async.no"]
    assert _dms(fake_slack, GUEST) == []  # doesn't use Kairos
    assert _questions(uow) == [(ALICE, "standup", "dm")]
    # Another recurring meeting ends the same day: one question a day is enough.
    _meeting(uow, "retro", NOW + timedelta(hours=2), [ALICE, GUEST])
    assert ask_due_questions(uow, slack, NOW + timedelta(hours=3)) == 0
    # The next day it is asked; the standup, asked about already, is not asked again.
    _meeting(uow, "standup", NOW + timedelta(days=1), [ALICE, GUEST])
    assert ask_due_questions(uow, slack, NOW + timedelta(days=1, hours=1)) == 1
    assert [q[1] for q in _questions(uow)] == ["standup", "retro"]


def test_never_during_focus(uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack) -> None:
    _uses_kairos(uow, ALICE)
    with uow() as session:
        person = focus_repo.add_person(session, ALICE, "Europe/Amsterdam", NOW)
        run_command(session, person, parse_focus_command("now 60m"), NOW)
    _meeting(uow, "standup", NOW - timedelta(minutes=30), [ALICE, GUEST])
    assert ask_due_questions(uow, slack, NOW + timedelta(minutes=10)) == 0
    assert _dms(fake_slack, ALICE) == []
    assert ask_due_questions(uow, slack, NOW + timedelta(minutes=61)) == 1


def test_a_digest_that_is_due_carries_the_question_instead_of_a_dm(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    _uses_kairos(uow, ALICE)
    with uow() as session:
        person = focus_repo.add_person(session, ALICE, "Europe/Amsterdam", NOW)
        run_command(session, person, parse_focus_command("now 60m"), NOW)
        ts = "1795424400.000100"
        fake_slack.add_message(TEAM, user=BOB, text=f"<@{ALICE}> hi", ts=ts)
        session.add(
            HeldMention(
                recipient_id=ALICE, sender_id=BOB, channel_id=TEAM, message_ts=ts,
                thread_ts=None, text=f"<@{ALICE}> hi", kind="user", sent_at=NOW, held_at=NOW,
                status="held",
            )
        )  # fmt: skip
        reschedule(session, person, NOW)
    _meeting(uow, "standup", NOW - timedelta(minutes=30), [ALICE, GUEST])
    after = NOW + timedelta(minutes=61)
    assert deliver_due(uow, slack, after) == 1
    (digest,) = _dms(fake_slack, ALICE)
    blocks = json.dumps(digest["blocks"])
    assert "Could Standup meeting have been async?" in blocks
    assert "1795424400" in blocks or "hi" in blocks  # the mention is in it too
    assert _questions(uow) == [(ALICE, "standup", "digest")]
    assert ask_due_questions(uow, slack, after) == 0  # no second question by DM


def test_answers_are_counted_once_a_person_and_shown_from_three(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    _uses_kairos(uow, ALICE, BOB, CAROL, DAN)
    people = [ALICE, BOB, CAROL, DAN]
    _meeting(uow, "standup", NOW - timedelta(hours=1), people)
    _meeting(uow, "standup", NOW + timedelta(days=1), people)  # recurring in the coming week
    question = Question("standup", NOW - timedelta(hours=1, minutes=25), "")
    summaries = Summaries(uow, slack, SummaryOptions())

    def shown() -> str:
        return json.dumps(preview(summaries, ALICE, TEAM, NOW + timedelta(hours=2)).message.blocks)

    answer_question(uow, ALICE, question, "no", NOW)
    answer_question(uow, ALICE, question, "yes", NOW + timedelta(minutes=1))  # changed her mind
    answer_question(uow, BOB, question, "yes", NOW)
    assert "yes \\u00b7" not in shown()  # two people: nothing shown
    answer_question(uow, CAROL, question, "partly", NOW)
    assert "Standup meeting: 2 yes \\u00b7 1 partly \\u00b7 0 no" in shown()
    for user in (ALICE, BOB, CAROL):
        assert user not in shown()


def test_a_tampered_answer_is_refused_and_changes_nothing(uow: UnitOfWork) -> None:
    for value in (
        "",
        "{}",
        "not json",
        json.dumps({"s": "x", "t": "2026-11-24T10:00:00", "v": "dm"}),
    ):
        with pytest.raises(KairosUserError):
            parse_answer_value(value)
    with pytest.raises(KairosUserError):
        answer_question(uow, ALICE, Question("standup", NOW, ""), "maybe", NOW)
    assert _questions(uow) == []


def test_only_people_asked_or_at_the_meeting_may_answer(uow: UnitOfWork) -> None:
    _meeting(uow, "standup", NOW - timedelta(hours=1), [ALICE, BOB])
    _meeting(uow, "therapy", NOW - timedelta(hours=1), [ALICE, BOB], private=True)
    standup = Question("standup", NOW - timedelta(hours=1, minutes=25), "")
    # Never asked and not there; asked about another occurrence; or a private meeting.
    refused = [
        (GUEST, standup),
        (CAROL, standup),
        (ALICE, Question("standup", standup.starts_at - timedelta(days=7), "")),
        (ALICE, Question("therapy", standup.starts_at, "")),
    ]
    for user, question in refused:
        with pytest.raises(KairosUserError, match="That isn't yours"):
            answer_question(uow, user, question, "yes", NOW)
    assert _questions(uow) == []
    # An attendee whose question went out but whose record of it was lost may answer.
    answer_question(uow, BOB, standup, "yes", NOW)
    assert _questions(uow) == [(BOB, "standup", "dm")]
