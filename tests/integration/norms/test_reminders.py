"""A question's one reminder, exactly once, on SQLite and PostgreSQL: a crash between
recording and sending, a crash after sending, a refused DM and a 429 each give one DM; an
answer after the reminder was recorded gives none; and a digest going out carries it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import METADATA_EVENT as DIGEST_EVENT
from bot.digest.service import deliver_due
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import run_command
from bot.norms import repo_questions
from bot.norms.asked import Reaction, note_reaction
from bot.norms.questions import METADATA_EVENT, METADATA_KEY, Via
from bot.norms.reminders import remind_due
from bot.norms.tables import NormQuestion
from bot.retry import Retries
from bot.slack.gateway import SlackGateway
from tests.integration.norms.asking import (
    ANA,
    BOB,
    MONDAY,
    questions,
    reminders,
    say,
    ts_at,
)

pytestmark = pytest.mark.usefixtures("room", "norms")
DUE = MONDAY + timedelta(hours=1, minutes=1)


def _ask(uow: UnitOfWork, slack: SlackGateway) -> str:
    """Bob asks Ana; the sweep counts when it is due (an hour later)."""
    ts = ts_at(MONDAY)
    say(uow, slack, BOB, f"<@{ANA}> could you check the March invoice?", ts)
    assert remind_due(uow, slack, MONDAY) == 0
    return ts


def _record(uow: UnitOfWork) -> int:
    """What the sweep records before it sends: Ana's due question, claimed for a DM."""
    with uow() as session:
        (question,) = repo_questions.due_for(session, ANA, DUE, 10)
        assert repo_questions.claim(session, [question.id], Via.DM, question.id, DUE)
    return question.id


def _reminder_posts(fake: FakeSlack) -> list[object]:
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT
    ]


def test_a_crash_between_recording_and_sending_sends_once(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _ask(uow, slack)
    _record(uow)  # ...and the process stopped here
    assert remind_due(uow, slack, DUE) == 1
    assert remind_due(uow, slack, DUE + timedelta(minutes=1)) == 0
    assert len(reminders(room, ANA)) == 1
    (question,) = questions(uow)
    assert question.status == "reminded"


def test_a_crash_after_sending_does_not_send_twice(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _ask(uow, slack)
    key = _record(uow)
    slack.send_dm(
        ANA,
        "A question for you is waiting for an answer",
        [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}],
        metadata={"event_type": METADATA_EVENT, "event_payload": {METADATA_KEY: key}},
    )  # ...and the process stopped before marking it sent
    assert remind_due(uow, slack, DUE) == 0
    assert len(_reminder_posts(room)) == 1
    (question,) = questions(uow)
    assert question.status == "reminded"


def test_a_refused_dm_is_sent_once_on_the_retry(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _ask(uow, slack)
    retries = Retries("remind of questions")
    room.fail_next("chat.postMessage", "internal_error")
    assert remind_due(uow, slack, DUE, retries) == 0
    failure = retries.failure(ANA)
    assert failure is not None
    assert remind_due(uow, slack, failure.retry_at, retries) == 1
    assert remind_due(uow, slack, failure.retry_at + timedelta(minutes=5), retries) == 0
    assert len(reminders(room, ANA)) == 1


def test_a_rate_limit_is_waited_out_and_sends_once(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _ask(uow, slack)
    room.rate_limit_next("chat.postMessage", retry_after=1)
    assert remind_due(uow, slack, DUE) == 1
    assert [c.status for c in room.calls_to("chat.postMessage")] == [429, 200]
    assert len(reminders(room, ANA)) == 1


def test_an_answer_after_the_reminder_was_recorded_cancels_it(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    ts = _ask(uow, slack)
    _record(uow)
    assert note_reaction(uow, Reaction(ANA, "C0ROOM", ts), DUE)
    assert remind_due(uow, slack, DUE) == 0
    assert reminders(room, ANA) == []
    (question,) = questions(uow)
    assert (question.status, question.answered_at) == ("waiting", DUE)


def test_a_digest_going_out_carries_the_reminder_and_no_dm_follows(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _ask(uow, slack)
    focus_at = MONDAY + timedelta(minutes=50)
    with uow() as session:
        ana = focus_repo.add_person(session, ANA, "Europe/Amsterdam", focus_at)
        run_command(session, ana, parse_focus_command("now 30m"), focus_at)
    # While she focuses, the question falls due and a mention of her is held.
    held = ts_at(focus_at + timedelta(minutes=5))
    room.add_message("C0ROOM", user=BOB, text=f"<@{ANA}> lunch", ts=held)
    say(uow, slack, BOB, f"<@{ANA}> lunch", held)
    assert remind_due(uow, slack, DUE) == 0
    back = focus_at + timedelta(minutes=30)
    assert deliver_due(uow, slack, back) == 1
    assert remind_due(uow, slack, back) == 0
    dm = room.messages_in(room.open_dm(ANA))
    digests = [m for m in dm if (m.get("metadata") or {}).get("event_type") == DIGEST_EVENT]
    assert len(digests) == 1
    assert "A question for you in <#C0ROOM> is waiting for an answer" in str(digests[0])
    assert _reminder_posts(room) == []
    with uow() as session:
        (question,) = session.scalars(select(NormQuestion))
        assert (question.status, question.reminded_via) == ("reminded", "digest")


def test_a_question_to_a_bot_or_a_closed_account_is_dropped_not_reminded(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    room.add_user("U0DEPLOYBOT", name="deploybot", is_bot=True)
    room.add_user("U0GONE", name="gone", deleted=True)
    ts = ts_at(MONDAY)
    say(uow, slack, BOB, f"<@U0DEPLOYBOT> <@U0GONE> <@{ANA}> can you redeploy?", ts)
    with uow() as session:
        asked = set(session.scalars(select(NormQuestion.asked_id)))
    assert asked == {"U0DEPLOYBOT", "U0GONE", ANA}
    remind_due(uow, slack, MONDAY)
    with uow() as session:
        assert set(session.scalars(select(NormQuestion.asked_id))) == {ANA}
    assert remind_due(uow, slack, DUE) == 1
    assert len(_reminder_posts(room)) == 1
