"""Nothing falls through, end to end with signed requests to a running Kairos: questions in a
channel with a response time are noted (once, though Slack retries the event); one answered
by a reply in its thread and one answered by a reaction get no reminder; the one nobody
answered gets exactly one private DM once its due time has passed, through a 429."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.norms.questions import METADATA_EVENT
from bot.norms.tables import ChannelNorms, NormQuestion
from tests.e2e.conftest import RunningKairos, kairos_fixture, wait_until

pytestmark = pytest.mark.e2e

kairos = kairos_fixture("questions", KAIROS_SWEEP_SECONDS="5")


def _new(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8].upper()}"


def _set_norms(kairos: RunningKairos, channel: str) -> None:
    engine = kairos.engine()
    try:
        with engine.begin() as connection:
            connection.execute(
                ChannelNorms.__table__.insert().values(
                    channel_id=channel, purpose="Invoices", kind="async",
                    response_kind="working_minutes", response_amount=60,
                    updated_at=datetime.now(UTC),
                )
            )  # fmt: skip
    finally:
        engine.dispose()


def _pass_due_time(kairos: RunningKairos, channel: str) -> None:
    """The clock passes the due time: what the sweep counted is moved into the past."""
    past = datetime.now(UTC) - timedelta(minutes=1)
    engine = kairos.engine()
    try:
        with engine.begin() as connection:
            connection.execute(
                update(NormQuestion)
                .where(NormQuestion.channel_id == channel)
                .values(due_at=past, remind_at=past)
            )
    finally:
        engine.dispose()


def _questions(kairos: RunningKairos, channel: str) -> list[Any]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            columns = (NormQuestion.message_ts, NormQuestion.due_at, NormQuestion.answered_at)
            found = (
                select(*columns, NormQuestion.status)
                .where(NormQuestion.channel_id == channel)
                .order_by(NormQuestion.message_ts)
            )
            return list(connection.execute(found))
    finally:
        engine.dispose()


def _reminders(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages_in(fake.open_dm(user))
        if (m.get("metadata") or {}).get("event_type") == METADATA_EVENT
    ]


@pytest.fixture
def people(fake_slack: FakeSlack) -> tuple[str, str, str]:
    """Ana (asked), Kenji (asking) and their channel."""
    ana, kenji, room = _new("UANA"), _new("UKENJI"), _new("C")
    fake_slack.add_user(ana, name=ana.lower(), tz="Europe/Amsterdam")
    fake_slack.add_user(kenji, name=kenji.lower(), tz="Asia/Tokyo")
    fake_slack.add_channel(room, name=room.lower(), members=[ana, kenji])
    return ana, kenji, room


def _ask(kairos: RunningKairos, fake: FakeSlack, kenji: str, ana: str, room: str, what: str) -> str:
    ts = payloads.new_ts()
    text = f"<@{ana}> could you check {what}?"
    fake.add_message(room, user=kenji, text=text, ts=ts)
    delivery = payloads.event_callback(payloads.message_event(kenji, room, text, ts=ts))
    assert kairos.post_json(delivery).status_code == 200
    assert kairos.post_json(delivery).status_code == 200  # Slack's retry: the same event id
    return ts


def test_only_the_unanswered_question_gets_one_private_reminder(
    kairos: RunningKairos, fake_slack: FakeSlack, people: tuple[str, str, str]
) -> None:
    ana, kenji, room = people
    _set_norms(kairos, room)
    unanswered = _ask(kairos, fake_slack, kenji, ana, room, "the March invoice")
    replied = _ask(kairos, fake_slack, kenji, ana, room, "the April invoice")
    reacted = _ask(kairos, fake_slack, kenji, ana, room, "the May invoice")
    reply = payloads.message_event(ana, room, "Looks right.", thread_ts=replied)
    assert kairos.post_json(payloads.event_callback(reply)).status_code == 200
    reaction = payloads.reaction_added_event(ana, room, reacted, item_user=kenji)
    assert kairos.post_json(payloads.event_callback(reaction)).status_code == 200

    # Noted once each, answered where Ana answered, and counted by the sweep.
    counted = wait_until(
        lambda: (rows := _questions(kairos, room)) and all(r.due_at for r in rows) and rows
    )
    assert [r.message_ts for r in counted] == [unanswered, replied, reacted]
    assert [r.answered_at is not None for r in counted] == [False, True, True]

    fake_slack.rate_limit_next("chat.postMessage", retry_after=1)
    _pass_due_time(kairos, room)
    wait_until(lambda: _questions(kairos, room)[0].status == "reminded", timeout=30)
    (reminder,) = _reminders(fake_slack, ana)
    assert f"p{unanswered.replace('.', '')}" in reminder["text"]
    assert (
        "is waiting for an answer (the channel's norm: within 1 working hour)" in (reminder["text"])
    )
    assert kenji not in str(reminder)  # the asker is not named, not even to Ana
    assert [r.status for r in _questions(kairos, room)] == ["reminded", "waiting", "waiting"]
    # Nothing was said in the channel, and nothing to Kenji.
    assert [m["ts"] for m in fake_slack.messages_in(room)] == [
        unanswered, replied, reacted,
    ]  # fmt: skip
    assert _reminders(fake_slack, kenji) == []
