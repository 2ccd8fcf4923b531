"""Async check-ins end to end: "Make it async" on the agenda nudge opens the setup form filled
in; submitted unchanged it sets up a check-in in the weekly summary's channel; `/kairos async`
lists it; a round opens in the channel, each person is asked by DM, answers through the answer
modal, the answers appear in the thread, the one reminder goes to who has not answered, and the
wrap-up is posted once, followed by the one ask to cancel the meeting.

The Kairos process runs on the real clock and rounds follow the meeting's own days and time:
as test_away_digest_flow.py moves stored leave, this test moves a planned round's stored times
(opening, reminder, due) to now, and Kairos's own sweep does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.checkins.tables import CheckIn, CheckInRound
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import Action, View
from bot.meetings.tables import AgendaNudge
from tests.e2e import checkin_steps as steps
from tests.e2e import surfaces
from tests.e2e.conftest import RunningKairos, kairos_fixture, wait_until, with_calendars
from tests.support.feeds import FeedServer

pytestmark = pytest.mark.e2e

kairos = kairos_fixture("checkins", **with_calendars())


def _dm_with(fake: FakeSlack, user: str, words: str) -> dict[str, Any]:
    """The (first) DM from Kairos to `user` that says `words`, waiting for it."""

    def found() -> dict[str, Any] | None:
        for message in fake.messages_in(fake.open_dm(user)):
            if words in message.get("text", "") and message.get("bot_id") == fake.bot_id:
                return message
        return None

    return dict(wait_until(found, timeout=steps.SWEEPS))


def _in_thread(fake: FakeSlack, channel: str, thread: str, words: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages_in(channel)
        if m.get("thread_ts") == thread and m.get("ts") != thread and words in m.get("text", "")
    ]


def _move_round(kairos: RunningKairos, round_id: int, **times: datetime) -> None:
    """Move a planned round's stored times: the process runs on the real clock."""
    engine = kairos.engine()
    try:
        with engine.begin() as connection:
            connection.execute(
                update(CheckInRound).where(CheckInRound.id == round_id).values(**times)
            )
    finally:
        engine.dispose()


def _rounds(kairos: RunningKairos, checkin_id: int) -> list[int]:
    return list(
        kairos.scalars(
            select(CheckInRound.id)
            .where(CheckInRound.checkin_id == checkin_id)
            .order_by(CheckInRound.opens_at)
        )
    )


def _nudge(kairos: RunningKairos, fake: FakeSlack, organizer: str, title: str) -> dict[str, Any]:
    """The nudge DM, once Kairos has committed its record of it (test_meetings_flow.py)."""

    def recorded() -> dict[str, Any] | None:
        for message in fake.messages_in(fake.open_dm(organizer)):
            if title in message.get("text", "") and message.get("bot_id") == fake.bot_id:
                stored = select(AgendaNudge.series_key).where(
                    AgendaNudge.organizer_id == organizer, AgendaNudge.message_ts == message["ts"]
                )
                if kairos.scalars(stored):
                    return message
        return None

    return dict(wait_until(recorded, timeout=steps.SWEEPS))


def _posted(fake: FakeSlack, channel: str, pick: Callable[[dict[str, Any]], bool]) -> Any:
    return wait_until(
        lambda: [m for m in fake.messages_in(channel) if pick(m)], timeout=steps.SWEEPS
    )


def test_make_it_async_sets_up_a_check_in_that_asks_posts_answers_and_wraps_up(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    fake, team = fake_slack, steps.team_of_two(fake_slack)
    tag, organizer, colleague, channel = team.tag, team.organizer, team.colleague, team.channel
    emails = team.emails
    # The weekly summary's channel is the one the form proposes.
    here, _ = surfaces.kairos_command(kairos, fake, organizer, "summary here", channel)
    assert "every Friday at 15:00" in here["text"]
    title = f"Team sync {tag}"
    url = steps.weekly_feed(feeds, emails[organizer], emails[colleague], title)
    steps.connect_calendar(kairos, fake, organizer, url)
    steps.connect_calendar(kairos, fake, colleague, url)  # the colleague's calendar shows it too

    # "Make it async" on the nudge: the form opens, every input filled in.
    nudge = _nudge(kairos, fake, organizer, title)
    trigger = fake.new_trigger_id(organizer)
    before = surfaces.press(kairos, fake, organizer, nudge, Action.NUDGE_ASYNC, trigger_id=trigger)
    setup = fake.wait_for_call("views.open", after=before).args["view"]
    # A press whose trigger cannot open a modal (used, or older than 3 s) gets the how-to.
    press_url = fake.new_response_url()
    surfaces.press(kairos, fake, organizer, nudge, Action.NUDGE_ASYNC, trigger_id=trigger,
           response_url=press_url)  # fmt: skip
    assert "*Making it async*" in fake.wait_for_response(press_url)[-1]["text"]
    assert setup["callback_id"] == View.CHECKIN_SETUP
    inputs = surfaces.inputs_of(setup)
    assert inputs["channel"]["initial_conversation"] == channel
    assert set(inputs["people"]["initial_users"]) == {organizer, colleague}

    # Submitted unchanged: the check-in is set up in that channel.
    assert surfaces.submit(kairos, setup, organizer, surfaces.filled_in(setup)).text == ""
    mine = select(CheckIn.channel_id).where(CheckIn.organizer_id == organizer)
    assert kairos.scalars(mine) == [channel]
    checkin_id = int(kairos.scalars(select(CheckIn.id).where(CheckIn.organizer_id == organizer))[0])
    listed, _ = surfaces.kairos_command(kairos, fake, organizer, "async", channel)
    assert title in listed["text"] + str(listed["blocks"])
    assert f"<#{channel}>" in str(listed["blocks"])
    assert {Action.CHECKIN_PAUSE, Action.CHECKIN_STOP} <= {
        e["action_id"] for b in listed["blocks"] if b["type"] == "actions" for e in b["elements"]
    }

    # The first round opens now: its post in the channel, and an ask to each person.
    first, second = _rounds(kairos, checkin_id)[:2]
    now = datetime.now(UTC)
    _move_round(kairos, first, opens_at=now - timedelta(minutes=1))
    opening = _posted(fake, channel, lambda m: "Check-in for" in m.get("text", ""))
    assert len(opening) == 1
    thread = opening[0]["ts"]
    ask = _dm_with(fake, organizer, "your answers, please")
    _dm_with(fake, colleague, "your answers, please")

    # The organizer answers through the modal; the answers appear in the thread.
    before = surfaces.press(kairos, fake, organizer, ask, Action.CHECKIN_ANSWER)
    modal = fake.wait_for_call("views.open", after=before).args["view"]
    assert modal["callback_id"] == View.CHECKIN_ANSWERS
    blocks = [b["block_id"] for b in modal["blocks"] if b["type"] == "input"]
    said = ["Shipped the export", "The import", f"Waiting for the API keys {tag}"]
    answers = {block: {"value": text} for block, text in zip(blocks, said, strict=True)}
    assert surfaces.submit(kairos, modal, organizer, answers).text == ""
    posted = wait_until(lambda: _in_thread(fake, channel, thread, f"<@{organizer}> answered"))
    assert len(posted) == 1
    assert "Shipped the export" in str(posted[0]["blocks"])

    # Halfway: the one reminder goes to the colleague, who has not answered.
    _move_round(kairos, first, remind_at=datetime.now(UTC) - timedelta(minutes=1))
    _dm_with(fake, colleague, "A gentle reminder")
    # Due: the wrap-up in the thread, the blocker on top; then the one ask to cancel.
    _move_round(kairos, first, due_at=datetime.now(UTC) - timedelta(seconds=1))
    wrapped = wait_until(lambda: _in_thread(fake, channel, thread, "Check-in closed"), steps.SWEEPS)
    assert "1 of 2 people answered" in wrapped[0]["text"]
    assert f"API keys {tag}" in str(wrapped[0]["blocks"])
    _dm_with(fake, organizer, "The first round of the check-in")

    # A later sweep opens the next round: the first one's wrap-up is still there once.
    _move_round(kairos, second, opens_at=datetime.now(UTC) - timedelta(minutes=1))
    wait_until(lambda: len(_posted(fake, channel, lambda m: "Check-in for" in m["text"])) == 2)
    assert len(_in_thread(fake, channel, thread, "Check-in closed")) == 1
    assert len(_in_thread(fake, channel, thread, f"<@{organizer}> answered")) == 1
    reminders = [
        m for m in fake.messages_in(fake.open_dm(colleague)) if "gentle reminder" in m["text"]
    ]
    assert len(reminders) == 1
    cancel_asks = [
        m for m in fake.messages_in(fake.open_dm(organizer)) if "first round" in m["text"]
    ]
    assert len(cancel_asks) == 1

    # Stop, from the list: the reply takes the list's place, and no more rounds are planned.
    listed, _ = surfaces.kairos_command(kairos, fake, organizer, "async", channel)
    stop = surfaces.button(listed, Action.CHECKIN_STOP)
    stop_url = fake.new_response_url()
    pressed = payloads.block_action_payload(
        Action.CHECKIN_STOP, stop["value"], user_id=organizer, channel_id=channel,
        response_url=stop_url, trigger_id=fake.new_trigger_id(organizer),
    )  # fmt: skip
    assert kairos.post_form(payloads.block_actions_form(pressed)).status_code == 200
    stopped = fake.wait_for_response(stop_url)[-1]
    assert stopped["text"].startswith(f"Stopped *{title}*")
    assert stopped["replace_original"] is True
    assert kairos.scalars(select(CheckIn.status).where(CheckIn.id == checkin_id)) == ["stopped"]
