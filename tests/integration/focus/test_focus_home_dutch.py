"""Leave, public holidays, App Home and the focus-hours form each in the requester's own
language, through the real Bolt app (its language middleware, listeners and error handler)
on both backends: Anouk chose Dutch, Alex speaks English, and each gets their own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_bolt import App

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import Action
from bot.slack.gateway import SlackGateway
from tests.support.bolt_app import dispatch, kairos_app
from tests.support.two_languages import ALEX, ANOUK, seat_both, store_both
from tests.unit.view_checks import check_blocks, check_modal, texts

ROOM = "C0ROOM"


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    # Both have an English Slack: Anouk's own choice of Dutch is what makes her Dutch.
    return seat_both(fake_slack, ROOM, "room")


@pytest.fixture
def app(uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway) -> App:
    with uow() as session:
        store_both(session, clock.now())
    return kairos_app(uow, clock, fake_slack, slack=slack)


def _focus(app: App, fake: FakeSlack, user_id: str, text: str) -> str:
    body = payloads.slash_command_form(
        "/focus", text, user_id=user_id, channel_id=ROOM, response_url=fake.new_response_url()
    )
    response = dispatch(app, body)
    return str(json.loads(response.body)["text"])


def _open_home(app: App, fake: FakeSlack, user_id: str) -> dict[str, Any]:
    event = payloads.event_callback(payloads.app_home_opened_event(user_id))
    dispatch(app, json.dumps(event), "application/json")
    view = fake.home_view(user_id)
    assert view is not None
    return view


def _open_editor(app: App, fake: FakeSlack, user_id: str, home: dict[str, Any]) -> dict[str, Any]:
    payload = payloads.block_action_payload(
        Action.FOCUS_EDIT,
        "edit",
        user_id=user_id,
        view=home,
        trigger_id=fake.new_trigger_id(user_id),
    )
    dispatch(app, payloads.block_actions_form(payload))
    # The view as Kairos sent it (the fake's stored copy adds Slack's own fields).
    (opened,) = [call for call in fake.calls_to("views.open") if call.response.get("ok")][-1:]
    view: dict[str, Any] = opened.args["view"]
    return view


def test_leave_is_answered_in_each_persons_own_language(app: App, fake_slack: FakeSlack) -> None:
    dutch = _focus(app, fake_slack, ANOUK, "away tomorrow")
    english = _focus(app, fake_slack, ALEX, "away tomorrow")
    assert dutch.startswith("Geniet ervan! Je bent ")
    assert "*Verlof*: " in dutch
    assert "*Feestdagen*: geen (stel ze in met `/focus holidays nl`)" in dutch
    assert "Enjoy your time off" not in dutch
    assert english.startswith("Enjoy your time off! You're on leave tomorrow.")
    assert "*Public holidays*: none (`/focus holidays nl` sets them)" in english
    assert "Geniet" not in english


def test_holidays_and_their_refusals_speak_dutch(app: App, fake_slack: FakeSlack) -> None:
    assert _focus(app, fake_slack, ANOUK, "holidays nl").startswith(
        "Feestdagen in Nederland (nl) zijn nu je vrije dagen"
    )
    assert _focus(app, fake_slack, ALEX, "holidays nl").startswith(
        "Public holidays in Netherlands (nl) are now your days off"
    )
    # The error handler shows a refusal as the listener's reply, in her language.
    refused = _focus(app, fake_slack, ANOUK, "holidays xx")
    assert "Ik ken geen feestdagen voor `xx`." in refused


def test_app_home_and_the_form_are_dutch_for_anouk_and_english_for_alex(
    app: App, fake_slack: FakeSlack
) -> None:
    _focus(app, fake_slack, ANOUK, "holidays de")
    home = _open_home(app, fake_slack, ANOUK)
    check_blocks(home["blocks"])
    assert "*Feestdagen*: Duitsland (de)" in texts(home["blocks"])
    form = _open_editor(app, fake_slack, ANOUK, home)
    check_modal(form)
    assert form["title"]["text"] == "Focusuren"
    assert "*Focusblokken*" in texts(form["blocks"])
    assert "Focusblok toevoegen" in texts(form["blocks"])

    home = _open_home(app, fake_slack, ALEX)
    assert "*Public holidays*: none" in texts(home["blocks"])
    form = _open_editor(app, fake_slack, ALEX, home)
    assert form["title"]["text"] == "Focus hours"
    assert "Add focus block" in texts(form["blocks"])
