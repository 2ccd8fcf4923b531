"""The channels' norms that the message path keeps: a question in a channel without a
response time, and the note to a sender whose mention was held, cost no statement on the
norms; a change saved here is seen at once, and one made elsewhere (another replica) within
KNOWN_NORMS_FOR (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event

from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import run_command
from bot.norms import repo as norms_repo
from bot.norms.asked import KNOWN_NORMS_FOR
from bot.norms.model import ChannelKind, Norms
from bot.slack.gateway import SlackGateway
from tests.integration.norms.asking import ANA, BOB, HOUR, MONDAY, QUIET, ROOM, questions, say

pytestmark = pytest.mark.usefixtures("room", "norms")


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the engine runs while the test does."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _ask(uow: UnitOfWork, slack: SlackGateway, channel: str, at: datetime, n: int) -> None:
    ts = f"{int(at.timestamp())}.{n:06d}"
    say(uow, slack, BOB, f"<@{ANA}> could you check the invoice?", ts, channel=channel)


def test_a_question_in_a_channel_without_a_response_time_costs_no_statement(
    uow: UnitOfWork, slack: SlackGateway, statements: list[str]
) -> None:
    _ask(uow, slack, ROOM, MONDAY, 1)  # reads the list once
    statements.clear()
    _ask(uow, slack, QUIET, MONDAY + timedelta(seconds=5), 2)
    assert not [s for s in statements if "norm_questions" in s or "channel_norms" in s]
    assert [(q.channel_id, q.asked_id) for q in questions(uow)] == [(ROOM, ANA)]


def test_a_response_time_set_elsewhere_counts_once_the_list_is_old(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    _ask(uow, slack, QUIET, MONDAY, 1)
    # Another replica gives QUIET a response time: this process reads it again in a while.
    with uow() as session:
        norms_repo.put(session, QUIET, Norms("Chat", ChannelKind.ASYNC, HOUR), BOB, MONDAY)
    _ask(uow, slack, QUIET, MONDAY + KNOWN_NORMS_FOR - timedelta(seconds=1), 2)
    assert questions(uow) == []
    _ask(uow, slack, QUIET, MONDAY + KNOWN_NORMS_FOR, 3)
    assert [q.message_ts for q in questions(uow)] == [
        f"{int((MONDAY + KNOWN_NORMS_FOR).timestamp())}.000003"
    ]


def test_the_note_of_a_held_mention_reads_the_norms_this_process_keeps(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack, statements: list[str]
) -> None:
    with uow() as session:
        ana = focus_repo.add_person(session, ANA, "Europe/Amsterdam", MONDAY)
        run_command(session, ana, parse_focus_command("now 90m"), MONDAY)
    _ask(uow, slack, QUIET, MONDAY, 1)  # reads the norms once
    statements.clear()
    _ask(uow, slack, ROOM, MONDAY + timedelta(seconds=5), 2)
    assert not [s for s in statements if "FROM channel_norms" in s]
    notes = [json.dumps(c.args) for c in room.calls_to("chat.postEphemeral")]
    assert len(notes) == 2
    assert "Expect an answer" not in notes[0]  # QUIET has no response time
    assert "Expect an answer by" in notes[1]  # ROOM's hour, after Ana's focus
