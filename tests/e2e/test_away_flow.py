"""Leave end to end, with signed requests to the real app: `/focus away until <day>` holds
a mention and tells the sender the day the person is back; `/focus back` delivers it and
the next mention goes straight through."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import HeldMention, LeavePeriod
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show, wait_until

pytestmark = pytest.mark.e2e

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CHANNEL = "C0AWAY"


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """Kairos with a quick sweep, so that the digest after `/focus back` goes out at once."""
    running = start_kairos(
        fake_slack, e2e_database_url, tmp_path_factory.mktemp("away"), KAIROS_SWEEP_SECONDS="5"
    )
    try:
        yield running
    finally:
        stop_and_show(running)


def _user(fake: FakeSlack, prefix: str, tz: str) -> str:
    user = f"{prefix}{uuid.uuid4().hex[:6].upper()}"
    fake.add_user(user, name=user.lower(), tz=tz)
    return user


def _focus(kairos: RunningKairos, fake: FakeSlack, user: str, text: str) -> str:
    body = payloads.slash_command_form(
        "/focus", text, user_id=user, channel_id=CHANNEL, response_url=fake.new_response_url()
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    return str(response.json()["text"])


def _say(kairos: RunningKairos, fake: FakeSlack, user: str, channel: str, text: str) -> str:
    ts = payloads.new_ts()
    fake.add_message(channel, user=user, text=text, ts=ts)
    event = payloads.message_event(user, channel, text, ts=ts)
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200
    return ts


def _held(kairos: RunningKairos, recipient: str) -> list[tuple[str, str]]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(HeldMention.message_ts, HeldMention.status).where(
                    HeldMention.recipient_id == recipient
                )
            ).all()
    finally:
        engine.dispose()
    return sorted((ts, status) for ts, status in rows)


def test_leave_holds_mentions_names_the_day_back_and_back_ends_it(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    # Ana has no working hours: she is back at midnight in Amsterdam, which is 08:00 the
    # same day in Tokyo, where Kenji (the sender) reads the note.
    ana = _user(fake_slack, "UANA", "Europe/Amsterdam")
    kenji = _user(fake_slack, "UKENJI", "Asia/Tokyo")
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_channel(room, name=room.lower(), members=[ana, kenji])
    back_on = datetime.now(AMSTERDAM).date() + timedelta(days=3)

    reply = _focus(kairos, fake_slack, ana, f"away until {back_on.isoformat()}")
    assert "Enjoy your time off!" in reply
    assert kairos.scalars(select(LeavePeriod.ends_on).where(LeavePeriod.user_id == ana)) == [
        back_on - timedelta(days=1)
    ]

    before = len(fake_slack.calls)
    first = _say(kairos, fake_slack, kenji, room, f"<@{ana}> can you check the invoice?")
    assert _held(kairos, ana) == [(first, "held")]
    note = fake_slack.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == kenji, after=before
    )
    day = f"{back_on:%a} {back_on.day} {back_on:%b}"
    assert f"<@{ana}> is on leave until {day} 08:00 (your time)" in json.dumps(note.args)

    assert "Welcome back!" in _focus(kairos, fake_slack, ana, "back")
    # The held mention comes in her digest now that she is reachable.
    fake_slack.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: (
            (c.args.get("metadata") or {}).get("event_type") == "kairos_digest"
            and c.args.get("channel") == fake_slack.open_dm(ana)
        ),
        timeout=15,
    )
    assert wait_until(lambda: _held(kairos, ana) == [(first, "delivered")])

    before = len(fake_slack.calls)
    _say(kairos, fake_slack, kenji, room, f"<@{ana}> and one more thing")
    assert _held(kairos, ana) == [(first, "delivered")]  # not held: she is back
    notes = [c for c in fake_slack.calls[before:] if c.method == "chat.postEphemeral"]
    assert notes == []


def test_bad_leave_and_holiday_input_is_answered_and_changes_nothing(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    ana = _user(fake_slack, "UANA", "Europe/Amsterdam")
    assert "in the past" in _focus(kairos, fake_slack, ana, "away 2020-01-06")
    assert "before it starts" in _focus(kairos, fake_slack, ana, "away 2099-01-16 to 2099-01-12")
    assert "don't know public holidays for `xx`" in _focus(kairos, fake_slack, ana, "holidays xx")
    assert kairos.scalars(select(LeavePeriod).where(LeavePeriod.user_id == ana)) == []
    status = _focus(kairos, fake_slack, ana, "holidays de-by")
    assert "Public holidays in Germany, BY (de-by) are now your days off" in status
    assert "*Public holidays*: Germany, BY (de-by)" in status
