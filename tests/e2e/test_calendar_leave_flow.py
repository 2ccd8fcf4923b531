"""Leave from the calendar end to end, with signed requests to the real app: a connected
feed's all-day vacation holds mentions like `/focus away` does, `/focus status` shows where
that leave came from with an Ignore button, and pressing it makes the days count no more
(the held mention comes in a digest) until "Count … again" is pressed."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import HeldMention, LeavePeriod
from bot.ids import Action
from tests.e2e.conftest import RunningKairos, kairos_fixture, wait_until, with_calendars
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

kairos = kairos_fixture("calendar_leave", **with_calendars())


def _vacation_feed(feeds: FeedServer, uid: str) -> tuple[str, datetime]:
    """A Google-style feed with an all-day vacation from today (in Amsterdam) for five days;
    the feed's address, and the first day after it."""
    # Real time: the kairos process reads its calendars against its own clock.
    today = datetime.now(AMSTERDAM).date()
    back = today + timedelta(days=5)
    event = (
        f"DTSTART;VALUE=DATE:{today:%Y%m%d}\nDTEND;VALUE=DATE:{back:%Y%m%d}\n"
        f"UID:{uid}\nSUMMARY:Vacation in Spain\nTRANSP:TRANSPARENT"
    )
    path = f"/{uuid.uuid4().hex}/basic.ics"
    feeds.routes[path] = Route(body=calendar(event).encode())
    return feeds.url(path), datetime.combine(back, datetime.min.time())


def _command(kairos: RunningKairos, fake: FakeSlack, command: str, user: str, text: str) -> Any:
    response_url = fake.new_response_url()
    body = payloads.slash_command_form(
        command, text, user_id=user, channel_id="C0ANY", response_url=response_url
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    return response.json(), response_url


def _buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element.get("action_id") == Action.FOCUS_CALENDAR_LEAVE
    ]


def _press(kairos: RunningKairos, fake: FakeSlack, user: str, button: dict[str, Any]) -> Any:
    press_url = fake.new_response_url()
    payload = payloads.block_action_payload(
        Action.FOCUS_CALENDAR_LEAVE, button["value"], user_id=user, channel_id="C0ANY",
        response_url=press_url, action_text=button["text"]["text"],
    )  # fmt: skip
    assert kairos.post_form(payloads.block_actions_form(payload)).status_code == 200
    return fake.wait_for_response(press_url)[-1]


def _say(kairos: RunningKairos, fake: FakeSlack, user: str, channel: str, text: str) -> str:
    ts = payloads.new_ts()
    fake.add_message(channel, user=user, text=text, ts=ts)
    event = payloads.message_event(user, channel, text, ts=ts)
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200
    return ts


def _held(kairos: RunningKairos, recipient: str) -> list[tuple[str, str]]:
    rows = kairos.scalars(
        select(HeldMention.message_ts + ":" + HeldMention.status).where(
            HeldMention.recipient_id == recipient
        )
    )
    return sorted(tuple(row.split(":", 1)) for row in rows)  # type: ignore[misc]


def test_calendar_vacation_holds_mentions_and_its_ignore_button_works(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    ana = f"UANA{uuid.uuid4().hex[:6].upper()}"
    kenji = f"UKENJI{uuid.uuid4().hex[:6].upper()}"
    fake_slack.add_user(ana, name=ana.lower(), tz="Europe/Amsterdam")
    fake_slack.add_user(kenji, name=kenji.lower(), tz="Asia/Tokyo")
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_channel(room, name=room.lower(), members=[ana, kenji])

    url, back = _vacation_feed(feeds, f"{ana}-vacation@google.com")
    _first, connected_url = _command(kairos, fake_slack, "/kairos", ana, f"calendar <{url}>")
    fake_slack.wait_for_response(connected_url, timeout=10)
    assert wait_until(
        lambda: kairos.scalars(select(LeavePeriod.title).where(LeavePeriod.user_id == ana))
    ) == ["Vacation in Spain"]

    # Mentions of Ana wait, and Kenji is told the day she is back, as with /focus away.
    before = len(fake_slack.calls)
    held = _say(kairos, fake_slack, kenji, room, f"<@{ana}> can you check the invoice?")
    assert _held(kairos, ana) == [(held, "held")]
    note = fake_slack.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == kenji, after=before
    )
    assert f"<@{ana}> is on leave until {back:%a} {back.day} {back:%b}" in json.dumps(note.args)

    status, _ = _command(kairos, fake_slack, "/focus", ana, "status")
    assert "*Leave from your calendar*: “Vacation in Spain”, today – " in status["text"]
    (ignore,) = _buttons(status["blocks"])
    assert ignore["text"]["text"] == "Ignore “Vacation in Spain”"

    ignored = _press(kairos, fake_slack, ana, ignore)
    assert ignored["text"].startswith("Ignored: those days no longer count as leave.")
    (count_again,) = _buttons(ignored["blocks"])
    assert count_again["text"]["text"] == "Count “Vacation in Spain” again"
    # No longer on leave: the held mention comes in her digest, the next goes straight through.
    assert wait_until(lambda: _held(kairos, ana) == [(held, "delivered")], timeout=20)
    _say(kairos, fake_slack, kenji, room, f"<@{ana}> and one more thing")
    assert _held(kairos, ana) == [(held, "delivered")]

    counted = _press(kairos, fake_slack, ana, count_again)
    assert counted["text"].startswith("Counted again")
    later = _say(kairos, fake_slack, kenji, room, f"<@{ana}> last one, promise")
    assert _held(kairos, ana) == sorted([(held, "delivered"), (later, "held")])


def test_a_forged_button_value_is_answered_and_changes_nothing(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    ana = f"UANA{uuid.uuid4().hex[:6].upper()}"
    fake_slack.add_user(ana, name=ana.lower(), tz="Europe/Amsterdam")
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_channel(room, name=room.lower(), members=[ana])
    before = len(fake_slack.calls)
    payload = payloads.block_action_payload(
        Action.FOCUS_CALENDAR_LEAVE, "ignore:nope", user_id=ana, channel_id=room,
        response_url=fake_slack.new_response_url(),
    )  # fmt: skip
    assert kairos.post_form(payloads.block_actions_form(payload)).status_code == 200
    refusal = fake_slack.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == ana, after=before
    )
    assert "couldn't read that button" in refusal.args["text"]
    assert kairos.scalars(select(LeavePeriod).where(LeavePeriod.user_id == ana)) == []
