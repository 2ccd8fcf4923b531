"""A question asked in a thread is linked in its thread, as Slack links it, on both backends:
in its reminder DM and in the digest that carries it. The link is built by the gateway (no
chat.getPermalink) and compared with the fake Slack's own chat.getPermalink answer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import deliver_due
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import run_command
from bot.norms.reminders import remind_due
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from tests.integration.norms.asking import ANA, BOB, MONDAY, ROOM, say, ts_at

pytestmark = pytest.mark.usefixtures("room", "norms")
DUE = MONDAY + timedelta(hours=1, minutes=1)


def _ask_in_a_thread(uow: UnitOfWork, slack: SlackGateway, fake: FakeSlack) -> str:
    """Bob asks Ana in a reply; the link Slack's chat.getPermalink gives for that reply."""
    parent, reply = ts_at(MONDAY - timedelta(minutes=5)), ts_at(MONDAY)
    text = f"<@{ANA}> could you check the March invoice?"
    fake.add_message(ROOM, user=BOB, text="invoices", ts=parent, reply_count=1)
    fake.add_message(ROOM, user=BOB, text=text, ts=reply, thread_ts=parent)
    say(uow, slack, BOB, text, reply, thread_ts=parent)
    client = make_web_client(fake.bot_token, fake.api_url)
    link = str(client.chat_getPermalink(channel=ROOM, message_ts=reply)["permalink"])
    assert f"thread_ts={parent}" in link
    # As a mrkdwn text carries it: Slack wants & escaped there too.
    return link.replace("&", "&amp;")


def _dms_to_ana(fake: FakeSlack) -> list[str]:
    return [str(m.get("blocks", [])) for m in fake.messages_in(fake.open_dm(ANA))]


def test_a_reminder_links_a_question_asked_in_a_thread(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    link = _ask_in_a_thread(uow, slack, room)

    assert remind_due(uow, slack, DUE) == 1

    (reminder,) = _dms_to_ana(room)
    assert link in reminder
    assert len(room.calls_to("chat.getPermalink")) == 1  # the test's own


def test_a_digest_carrying_the_reminder_links_it_in_its_thread(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    link = _ask_in_a_thread(uow, slack, room)
    assert remind_due(uow, slack, MONDAY) == 0  # due an hour after it was asked
    focus_at = MONDAY + timedelta(minutes=50)
    with uow() as session:
        ana = focus_repo.add_person(session, ANA, "Europe/Amsterdam", focus_at)
        run_command(session, ana, parse_focus_command("now 30m"), focus_at)
    held = ts_at(focus_at + timedelta(minutes=5))
    room.add_message(ROOM, user=BOB, text=f"<@{ANA}> lunch", ts=held)
    say(uow, slack, BOB, f"<@{ANA}> lunch", held)
    assert remind_due(uow, slack, DUE) == 0

    assert deliver_due(uow, slack, focus_at + timedelta(minutes=30)) == 1

    (digest,) = _dms_to_ana(room)
    assert link in digest
    assert len(room.calls_to("chat.getPermalink")) == 1  # the test's own
