"""The weekly summary's "Make it async" end to end, through signed requests to a running
Kairos with a calendar feed served over HTTP and Slack's Web API faked: a recurring
candidate carries the button; a colleague who presses it gets a kind word only they see; its
organizer gets the setup form and sets up a check-in; when a later calendar sync shows the
series cancelled, the hours given back are recorded and the next summary shows them.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.checkins.tables import CheckIn
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import Action, View
from bot.meetings.tables import CalendarFeed
from tests.e2e import checkin_steps as steps
from tests.e2e import surfaces
from tests.e2e.conftest import RunningKairos, kairos_fixture, wait_until, with_calendars
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

pytestmark = pytest.mark.e2e

kairos = kairos_fixture("summary_async", **with_calendars())


def _make_async_button(post: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The block id and the button of the summary's one "Make it async"."""
    (found,) = [
        (block.get("block_id", "candidate"), block["accessory"])
        for block in post["blocks"]
        if block.get("accessory", {}).get("action_id") == Action.SUMMARY_MAKE_ASYNC
    ]
    return found


def _press(
    kairos: RunningKairos, fake: FakeSlack, user: str, channel: str, post: dict[str, Any]
) -> tuple[int, str]:
    """Press the summary's "Make it async"; the fake's call index before, and the press's
    response_url."""
    block_id, button = _make_async_button(post)
    before, response_url = len(fake.calls), fake.new_response_url()
    payload = payloads.block_action_payload(
        Action.SUMMARY_MAKE_ASYNC, button["value"], user_id=user, channel_id=channel,
        message=post, block_id=block_id, response_url=response_url,
        trigger_id=fake.new_trigger_id(user),
    )  # fmt: skip
    assert kairos.post_form(payloads.block_actions_form(payload)).status_code == 200
    return before, response_url


def _summary_post(fake: FakeSlack, channel: str, words: str) -> dict[str, Any]:
    def found() -> dict[str, Any] | None:
        for message in fake.messages_in(channel):
            if words in json.dumps(message.get("blocks", []), ensure_ascii=False):
                return message
        return None

    return dict(wait_until(found, timeout=steps.SWEEPS))


def test_make_it_async_from_the_summary_and_the_hours_its_series_gives_back(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    fake, tag = fake_slack, uuid.uuid4().hex[:6].upper()
    admin, organizer, colleague = f"UADM{tag}", f"UORG{tag}", f"UCOL{tag}"
    channel = f"CTEAM{tag}"
    emails = {organizer: f"o{tag.lower()}@acme.test", colleague: f"c{tag.lower()}@acme.test"}
    fake.add_user(admin, name=f"adm{tag}", is_admin=True, tz="UTC")
    fake.add_user(organizer, name=f"org{tag}", email=emails[organizer], tz="UTC")
    fake.add_user(colleague, name=f"col{tag}", email=emails[colleague], tz="UTC")
    members = [admin, organizer, colleague, fake.bot_user_id]
    fake.add_channel(channel, name=f"team{tag.lower()}", members=members)
    surfaces.kairos_command(kairos, fake, admin, "summary here", channel)
    title = f"Status sync {tag}"
    path = f"/{uuid.uuid4().hex}/weekly.ics"
    feeds.routes[path] = Route(body=calendar(steps.weekly_event(*emails.values(), title)).encode())
    for person in (organizer, colleague):
        steps.connect_calendar(kairos, fake, person, feeds.url(path))

    # The summary: the recurring meeting is a candidate, with its "Make it async".
    surfaces.kairos_command(kairos, fake, admin, "summary post", channel)
    post = _summary_post(fake, channel, title)
    _block, button = _make_async_button(post)
    assert button["text"]["text"] == "Make it async"

    # A colleague presses it: a kind word for them alone, and no form.
    before, reply_url = _press(kairos, fake, colleague, channel, post)
    reply = fake.wait_for_response(reply_url)[-1]
    assert reply["response_type"] == "ephemeral"
    assert "Only the organizer of this meeting can set up a check-in" in reply["text"]
    assert title not in reply["text"]
    assert not [c for c in fake.calls[before:] if c.method == "views.open"]

    # Its organizer presses it: the setup form, filled in; submitted unchanged, it is set up.
    before, _url = _press(kairos, fake, organizer, channel, post)
    setup = fake.wait_for_call("views.open", after=before).args["view"]
    assert setup["callback_id"] == View.CHECKIN_SETUP
    inputs = surfaces.inputs_of(setup)
    assert inputs["channel"]["initial_conversation"] == channel
    assert surfaces.submit(kairos, setup, organizer, surfaces.filled_in(setup)).text == ""
    made = select(CheckIn.series_key).where(CheckIn.organizer_id == organizer)
    assert kairos.scalars(made) == [button["value"]]

    # The organizer cancels the series in their calendar; the next sync records what the
    # meeting gave back: two people, half an hour, weekly.
    feeds.routes[path] = Route(body=calendar().encode())
    engine = kairos.engine()
    try:
        with engine.begin() as connection:
            due = update(CalendarFeed).where(CalendarFeed.user_id.in_([organizer, colleague]))
            connection.execute(due.values(next_poll_at=datetime.now(UTC) - timedelta(seconds=1)))
    finally:
        engine.dispose()
    hours = select(CheckIn.hours_given_back).where(CheckIn.organizer_id == organizer)
    wait_until(lambda: kairos.scalars(hours) != [None], timeout=steps.SWEEPS)
    assert kairos.scalars(hours) == [1.0]

    # The next summary shows the hours given back, naming nobody.
    _answer, preview_url = surfaces.kairos_command(kairos, fake, admin, "summary preview", channel)
    preview = fake.wait_for_response(preview_url, timeout=15)[-1]
    shown = json.dumps(preview["blocks"], ensure_ascii=False)
    assert "1.0 attendee-hours a week given back by meetings made async" in shown
    assert "(1.0 of them this week)" in shown
    for person in (organizer, colleague, f"org{tag}", f"col{tag}"):
        assert person not in shown
