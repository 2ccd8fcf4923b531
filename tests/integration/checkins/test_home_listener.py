"""The check-ins of App Home through the real Bolt app on the fake Slack, on SQLite and
PostgreSQL, each person in their own language: Anouk (Dutch) organizes a check-in and a
weekly meeting; her tab lists both, Pause / Resume / Stop publish it again, Edit opens the
modal filled in and saving it changes the check-in, "Make it async" opens the setup modal;
Alex (English) pressing Edit on her check-in is refused in English, by DM (a Home tab
button has no response_url)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from slack_bolt import App

from bot.checkins import repo
from bot.checkins.tables import Status
from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import Action, View
from bot.meetings.tables import CalendarFeed, Meeting, MeetingSighting
from bot.slack.gateway import SlackGateway
from tests.integration.checkins.building import PLAN, TEAM, add_checkin, status
from tests.support.bolt_app import dispatch, kairos_app
from tests.support.two_languages import ALEX, ANOUK, seat_both, store_both
from tests.unit.checkins.test_messages import submitted
from tests.unit.view_checks import buttons, check_blocks, check_modal, texts

SERIES = "series-weekly"


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """Anouk and Alex in the team's channel (in place of conftest.py's team)."""
    return seat_both(fake_slack, TEAM, "team")


@pytest.fixture
def app(uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway) -> App:
    now = clock.now()
    with uow() as session:
        store_both(session, now)
        session.add(CalendarFeed(user_id=ANOUK, url_encrypted="x", host="calendar.example",
                                 created_at=now, next_poll_at=now))  # fmt: skip
        for week in range(2):
            starts = now + timedelta(days=1 + 7 * week)
            meeting = Meeting(
                series_key=SERIES, slot=starts, title="Weekoverleg", starts_at=starts,
                ends_at=starts + timedelta(minutes=30), people=2, is_recurring=True,
                is_private=False, has_agenda=False, agenda_reason="none", minutes=30,
                flags="", organizer_id=ANOUK, updated_at=now,
            )  # fmt: skip
            session.add(meeting)
            session.flush()
            session.add(MeetingSighting(meeting_id=meeting.id, user_id=ANOUK))
    return kairos_app(uow, clock, fake_slack, slack=slack)


def _open_home(app: App, fake: FakeSlack, user_id: str) -> dict[str, Any]:
    event = payloads.event_callback(payloads.app_home_opened_event(user_id))
    dispatch(app, json.dumps(event), "application/json")
    view = fake.home_view(user_id)
    assert view is not None
    return view


def _press(app: App, fake: FakeSlack, user_id: str, home: dict[str, Any], action: str,
           value: str) -> str:  # fmt: skip
    """Press a button of the Home tab; the trigger id it carried."""
    trigger = fake.new_trigger_id(user_id)
    payload = payloads.block_action_payload(
        action, value, user_id=user_id, view=home, trigger_id=trigger
    )
    dispatch(app, payloads.block_actions_form(payload))
    return trigger


def _opened(fake: FakeSlack) -> dict[str, Any]:
    (call,) = [c for c in fake.calls_to("views.open") if c.response.get("ok")][-1:]
    view: dict[str, Any] = call.args["view"]
    return view


def test_the_organizers_home_tab_runs_her_check_in_in_dutch(
    app: App, uow: UnitOfWork, fake_slack: FakeSlack
) -> None:
    checkin_id = add_checkin(uow, PLAN, organizer=ANOUK)
    key = str(checkin_id)
    home = _open_home(app, fake_slack, ANOUK)
    check_blocks(home["blocks"])
    said = texts(home["blocks"])
    assert "*Jouw async check-ins*" in said
    assert "*Jouw terugkerende meetings*" in said
    assert "*Weekoverleg*\nVolgende keer: " in said
    shown = buttons(home["blocks"])
    assert shown[Action.HOME_MAKE_ASYNC] == SERIES
    assert shown[Action.HOME_CHECKIN_PAUSE] == shown[Action.CHECKIN_EDIT] == key

    _press(app, fake_slack, ANOUK, home, Action.HOME_CHECKIN_PAUSE, key)
    assert status(uow, checkin_id) == Status.PAUSED
    home = fake_slack.home_view(ANOUK)
    assert "· gepauzeerd" in texts(home["blocks"])
    assert Action.HOME_CHECKIN_RESUME in buttons(home["blocks"])
    _press(app, fake_slack, ANOUK, home, Action.HOME_CHECKIN_RESUME, key)
    assert status(uow, checkin_id) == Status.ACTIVE
    assert "· actief" in texts(fake_slack.home_view(ANOUK)["blocks"])

    # Edit: the modal filled in with the plan, in Dutch; saved with other people.
    _press(app, fake_slack, ANOUK, home, Action.CHECKIN_EDIT, key)
    modal = _opened(fake_slack)
    check_modal(modal)
    assert modal["callback_id"] == View.CHECKIN_EDIT
    assert modal["title"]["text"] == "Check-in aanpassen"
    state = submitted(modal, people={"selected_users": [ANOUK, ALEX]})
    saved = payloads.view_submission_payload(
        View.CHECKIN_EDIT, state, user_id=ANOUK, private_metadata=modal["private_metadata"]
    )
    published = len(fake_slack.calls_to("views.publish"))
    assert dispatch(app, payloads.block_actions_form(saved)).body == ""
    with uow() as session:
        assert repo.people_of(session, checkin_id) == [ANOUK, ALEX]
    assert len(fake_slack.calls_to("views.publish")) == published + 1  # the tab again

    # A channel Kairos cannot post in is refused next to the channel, in Dutch.
    elsewhere = submitted(modal, channel={"selected_conversation": "C0NOWHERE"})
    refused = payloads.view_submission_payload(
        View.CHECKIN_EDIT, elsewhere, user_id=ANOUK, private_metadata=modal["private_metadata"]
    )
    answer = json.loads(dispatch(app, payloads.block_actions_form(refused)).body)
    assert answer["response_action"] == "errors"
    assert "kanaal" in answer["errors"]["channel"]

    # Make it async on her weekly meeting: the setup modal, filled in from the series.
    _press(app, fake_slack, ANOUK, home, Action.HOME_MAKE_ASYNC, SERIES)
    setup = _opened(fake_slack)
    assert setup["callback_id"] == View.CHECKIN_SETUP
    assert setup["title"]["text"] == "Maak het async"
    assert "*Weekoverleg*" in texts(setup["blocks"])

    # Stop: gone from the tab.
    _press(app, fake_slack, ANOUK, home, Action.HOME_CHECKIN_STOP, key)
    assert status(uow, checkin_id) == Status.STOPPED
    assert Action.HOME_CHECKIN_PAUSE not in buttons(fake_slack.home_view(ANOUK)["blocks"])


def test_someone_else_pressing_edit_is_refused_by_dm_in_their_own_language(
    app: App, uow: UnitOfWork, fake_slack: FakeSlack
) -> None:
    anouks = add_checkin(uow, PLAN, organizer=ANOUK)
    alexs = add_checkin(uow, PLAN, organizer=ALEX)
    home = _open_home(app, fake_slack, ALEX)
    assert "*Your async check-ins*" in texts(home["blocks"])
    opened = len(fake_slack.calls_to("views.open"))
    _press(app, fake_slack, ALEX, home, Action.CHECKIN_EDIT, str(anouks))
    _press(app, fake_slack, ANOUK, home, Action.CHECKIN_EDIT, str(alexs))
    assert len(fake_slack.calls_to("views.open")) == opened  # no modal for either
    english = [m["text"] for m in fake_slack.messages_in(fake_slack.open_dm(ALEX))]
    dutch = [m["text"] for m in fake_slack.messages_in(fake_slack.open_dm(ANOUK))]
    assert english == ["Only the organizer of this check-in can change it."]
    assert dutch == ["Alleen de organisator van deze check-in kan hem aanpassen."]
    # Pause pressed by someone else changes nothing.
    _press(app, fake_slack, ALEX, home, Action.HOME_CHECKIN_PAUSE, str(anouks))
    assert status(uow, anouks) == Status.ACTIVE


def test_a_home_button_value_kairos_did_not_make_changes_nothing(
    app: App, uow: UnitOfWork, fake_slack: FakeSlack
) -> None:
    checkin_id = add_checkin(uow, PLAN, organizer=ANOUK)
    home = _open_home(app, fake_slack, ANOUK)
    for action in (Action.HOME_CHECKIN_STOP, Action.CHECKIN_EDIT):
        _press(app, fake_slack, ANOUK, home, action, f"{checkin_id}; drop table")
    assert status(uow, checkin_id) == Status.ACTIVE
    assert fake_slack.calls_to("views.open") == []
