"""A channel's response time end to end, with signed requests to the real app: the note to
the sender of a held mention says when to expect an answer, counted in the recipient's
working time from when they are back, in the sender's own time."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.norms.tables import ChannelNorms
from tests.e2e.conftest import RunningKairos

pytestmark = pytest.mark.e2e

UNTIL = re.compile(r"is focusing until (\d\d):(\d\d) \(your time\)")
EXPECT = re.compile(r"Expect an answer by (?:\w+ \d+ \w+ )?(\d\d):(\d\d)\.")


def _user(fake: FakeSlack, prefix: str, tz: str) -> str:
    user = f"{prefix}{uuid.uuid4().hex[:6].upper()}"
    fake.add_user(user, name=user.lower(), tz=tz)
    return user


def _norms(kairos: RunningKairos, channel: str, kind: str | None, amount: int | None) -> None:
    engine = kairos.engine()
    try:
        with engine.begin() as connection:
            connection.execute(
                ChannelNorms.__table__.insert().values(
                    channel_id=channel, purpose="Questions about invoices", kind="async",
                    response_kind=kind, response_amount=amount, updated_at=datetime.now(UTC),
                )
            )  # fmt: skip
    finally:
        engine.dispose()


def _note_after_mention(kairos: RunningKairos, fake: FakeSlack, channel: str) -> str:
    ana = _user(fake, "UANA", "Europe/Amsterdam")
    kenji = _user(fake, "UKENJI", "Asia/Tokyo")
    fake.add_channel(channel, name=channel.lower(), members=[ana, kenji])
    form = payloads.slash_command_form(
        "/focus", "now 90m", user_id=ana, channel_id=channel,
        response_url=fake.new_response_url(),
    )  # fmt: skip
    assert kairos.post_form(form).status_code == 200
    before = len(fake.calls)
    ts = payloads.new_ts()
    text = f"<@{ana}> could you check the March invoice?"
    fake.add_message(channel, user=kenji, text=text, ts=ts)
    event = payloads.message_event(kenji, channel, text, ts=ts)
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200
    note = fake.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == kenji, after=before
    )
    return json.dumps(note.args, ensure_ascii=False)


def test_the_note_says_when_to_expect_an_answer_in_the_senders_time(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    _norms(kairos_http, room, "working_minutes", 120)
    note = _note_after_mention(kairos_http, fake_slack, room)
    until, expect = UNTIL.search(note), EXPECT.search(note)
    assert until is not None, note
    assert expect is not None, note
    # Ana keeps no working hours: every minute after her focus counts, so the answer is due
    # two hours after her focus ends, both read on Kenji's clock.
    back = timedelta(hours=int(until[1]), minutes=int(until[2]))
    due = timedelta(hours=int(expect[1]), minutes=int(expect[2]))
    assert (due - back) % timedelta(days=1) == timedelta(hours=2)


def test_no_response_time_no_expectation(kairos_http: RunningKairos, fake_slack: FakeSlack) -> None:
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    _norms(kairos_http, room, None, None)
    note = _note_after_mention(kairos_http, fake_slack, room)
    assert UNTIL.search(note) is not None, note
    assert "Expect an answer" not in note
