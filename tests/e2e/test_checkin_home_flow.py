"""Check-ins from App Home end to end, with signed requests against the fake Slack: the
organizer opens App Home, finds their weekly meeting (from their own feed) with "Make it
async", which opens the setup modal filled in; submitted unchanged it sets up the check-in,
which the tab then lists with Pause, Edit and Stop. Edit opens the modal filled in with the
plan, and saving it changes the check-in (its rounds still to come follow); `/kairos async`'s
list has Edit too; Pause, Resume and Stop publish the tab again."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.checkins.tables import CheckIn, CheckInPerson, CheckInRound
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import Action, View
from tests.e2e import checkin_steps as steps
from tests.e2e import surfaces
from tests.e2e.conftest import RunningKairos, kairos_fixture, wait_until, with_calendars
from tests.support.feeds import FeedServer
from tests.unit.view_checks import buttons, check_blocks, texts

pytestmark = pytest.mark.e2e

kairos = kairos_fixture("checkins-home", **with_calendars())


def _press_home(kairos: RunningKairos, fake: FakeSlack, user: str, action: str, value: str) -> int:
    """A signed press of a Home tab button; the index of the fake's next call."""
    before = len(fake.calls)
    home = fake.home_view(user)
    assert home is not None
    payload = payloads.block_action_payload(
        action, value, user_id=user, view=home, trigger_id=fake.new_trigger_id(user)
    )
    assert kairos.post_form(payloads.block_actions_form(payload)).status_code == 200
    return before


def _checkin(kairos: RunningKairos, organizer: str) -> Any:
    """The organizer's one check-in as stored (a row of its columns), waiting for it: the
    setup may be stored after the modal's ack."""

    def stored() -> Any:
        engine = kairos.engine()
        try:
            with engine.connect() as connection:
                return connection.execute(
                    select(CheckIn.__table__).where(CheckIn.organizer_id == organizer)
                ).one_or_none()
        finally:
            engine.dispose()

    return wait_until(stored, timeout=steps.SWEEPS)


def test_app_home_makes_a_meeting_async_then_edits_pauses_and_stops_its_check_in(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    fake, team = fake_slack, steps.team_of_two(fake_slack)
    tag, organizer, colleague, channel = team.tag, team.organizer, team.colleague, team.channel
    # The weekly summary's channel is the setup's default channel.
    here, _ = surfaces.kairos_command(kairos, fake, organizer, "summary here", channel)
    assert "every Friday" in here["text"]
    title = f"Planning {tag}"
    url = steps.weekly_feed(feeds, team.emails[organizer], team.emails[colleague], title)
    steps.connect_calendar(kairos, fake, organizer, url)

    # App Home: the weekly meeting, with "Make it async".
    home = surfaces.open_home(kairos, fake, organizer)
    check_blocks(home["blocks"])
    assert f"*{title}*\nNext: " in texts(home["blocks"])
    series = buttons(home["blocks"])[Action.HOME_MAKE_ASYNC]

    # It opens the setup modal filled in; submitted unchanged, the check-in is set up.
    before = _press_home(kairos, fake, organizer, Action.HOME_MAKE_ASYNC, series)
    setup = surfaces.opened(fake, before, View.CHECKIN_SETUP)
    inputs = surfaces.inputs_of(setup)
    assert inputs["channel"]["initial_conversation"] == channel
    assert set(inputs["people"]["initial_users"]) == {organizer, colleague}
    assert surfaces.submit(kairos, setup, organizer, surfaces.filled_in(setup)).text == ""
    checkin = _checkin(kairos, organizer)
    assert (checkin.channel_id, checkin.series_key, checkin.status) == (channel, series, "active")
    key = str(checkin.id)

    # The tab lists the check-in with its buttons; the meeting has one now, so it is gone.
    home = surfaces.open_home(kairos, fake, organizer)
    shown = buttons(home["blocks"])
    assert Action.HOME_MAKE_ASYNC not in shown
    assert shown[Action.HOME_CHECKIN_PAUSE] == shown[Action.CHECKIN_EDIT] == key
    assert shown[Action.HOME_CHECKIN_STOP] == key

    # Edit: the modal filled in with the plan; saved with two days, due in 2 hours, the
    # organizer alone. The rounds still to come follow; the tab is published again.
    before = _press_home(kairos, fake, organizer, Action.CHECKIN_EDIT, key)
    edit = surfaces.opened(fake, before, View.CHECKIN_EDIT)
    inputs = surfaces.inputs_of(edit)
    assert inputs["channel"]["initial_conversation"] == channel
    assert set(inputs["people"]["initial_users"]) == {organizer, colleague}
    days = inputs["weekdays"]["options"]
    two_days = [days[1], days[3]]  # Tuesday and Thursday
    due = inputs["due"]["options"][0]
    changes = {
        "weekdays": {"selected_options": two_days},
        "due": {"selected_option": due},
        "people": {"selected_users": [organizer]},
    }
    before = len(fake.calls)
    assert surfaces.submit(kairos, edit, organizer, surfaces.filled_in(edit, **changes)).text == ""
    fake.wait_for_call("views.publish", after=before,
                       predicate=lambda c: c.args["user_id"] == organizer)  # fmt: skip
    checkin = _checkin(kairos, organizer)
    assert (checkin.weekdays, checkin.due_working_minutes) == ("1,3", 120)
    people = kairos.scalars(
        select(CheckInPerson.user_id).where(CheckInPerson.checkin_id == checkin.id)
    )
    assert people == [organizer]
    opens = kairos.scalars(
        select(CheckInRound.opens_at).where(CheckInRound.checkin_id == checkin.id)
    )
    zone = ZoneInfo(checkin.zone)
    assert opens
    assert {moment.astimezone(zone).weekday() for moment in opens} == {1, 3}

    # `/kairos async` lists it with Edit too, which opens the same modal.
    listed, _url = surfaces.kairos_command(kairos, fake, organizer, "async", channel)
    assert buttons(listed["blocks"])[Action.CHECKIN_EDIT] == key
    pressed = payloads.block_action_payload(
        Action.CHECKIN_EDIT, key, user_id=organizer, channel_id=channel,
        response_url=fake.new_response_url(), trigger_id=fake.new_trigger_id(organizer),
    )  # fmt: skip
    before = len(fake.calls)
    assert kairos.post_form(payloads.block_actions_form(pressed)).status_code == 200
    again = surfaces.opened(fake, before, View.CHECKIN_EDIT)
    again_inputs = surfaces.inputs_of(again)
    assert again_inputs["due"]["initial_option"]["value"] == "120"

    # Pause and Resume: each publishes the tab again, showing what the check-in is now.
    before = _press_home(kairos, fake, organizer, Action.HOME_CHECKIN_PAUSE, key)
    fake.wait_for_call("views.publish", after=before)
    assert _checkin(kairos, organizer).status == "paused"
    assert Action.HOME_CHECKIN_RESUME in buttons(fake.home_view(organizer)["blocks"])
    before = _press_home(kairos, fake, organizer, Action.HOME_CHECKIN_RESUME, key)
    fake.wait_for_call("views.publish", after=before)
    assert _checkin(kairos, organizer).status == "active"

    # Stop: the check-in is gone from the tab, and the meeting can be made async again.
    before = _press_home(kairos, fake, organizer, Action.HOME_CHECKIN_STOP, key)
    fake.wait_for_call("views.publish", after=before)
    assert _checkin(kairos, organizer).status == "stopped"
    shown = wait_until(lambda: buttons(fake.home_view(organizer)["blocks"]))
    assert Action.HOME_CHECKIN_PAUSE not in shown
    assert shown[Action.HOME_MAKE_ASYNC] == series
