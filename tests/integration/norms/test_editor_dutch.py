"""The norms editor and the joining note through the real Bolt app (its language middleware,
the norms listener) on both backends: a Dutch creator gets the editor and its refusals in
Dutch, the change is posted in the channel's language, and a newcomer is welcomed in theirs."""

from __future__ import annotations

import contextvars
import json
from typing import Any

import pytest
from slack_bolt import App, BoltRequest, BoltResponse

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.norms.messages import EDITOR_INPUT
from bot.norms.model import KIND, NOT_FOR, PURPOSE, RESPONSE, URGENT_CHANNEL, URGENT_OTHER
from bot.workspace.languages import set_channel_language
from tests.support.bolt_app import kairos_app

SEM, ALEX, NIEUW = "U0SEM", "U0ALEX", "U0NIEUW"
ROOM = "C0BETALEN"
FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
def fake_slack(fake_slack: FakeSlack, uow: UnitOfWork, clock: FakeClock) -> FakeSlack:
    """Sem (Dutch) made the channel Alex is in; Nieuw (Dutch) and Alex have not joined yet."""
    fake_slack.add_user(SEM, name="sem", tz="Europe/Amsterdam", locale="nl-NL")
    fake_slack.add_user(ALEX, name="alex", tz="Europe/London", locale="en-GB")
    fake_slack.add_user(NIEUW, name="nieuw", tz="Europe/Amsterdam", locale="nl-NL")
    fake_slack.add_channel(ROOM, name="betalen", members=[SEM])
    with uow() as session:
        focus_repo.add_person(session, SEM, "Europe/Amsterdam", clock.now(), slack_locale="nl-NL")
        nieuw = focus_repo.add_person(session, NIEUW, "Europe/Amsterdam", clock.now())
        nieuw.language = "nl"
    return fake_slack


def _dispatch(app: App, body: str, content_type: str = FORM["content-type"]) -> BoltResponse:
    """One request in a context of its own, as bot/slack/dispatch.py runs each: the language
    the middleware sets stays with it."""
    request = BoltRequest(body=body, headers={"content-type": content_type})
    return contextvars.copy_context().run(app.dispatch, request)


def _open_editor(app: App, fake: FakeSlack) -> dict[str, Any]:
    body = payloads.slash_command_form(
        "/kairos", "norms edit", user_id=SEM, channel_id=ROOM,
        response_url=fake.new_response_url(), trigger_id=fake.new_trigger_id(SEM),
    )  # fmt: skip
    before = len(fake.calls)
    assert _dispatch(app, body).status == 200
    view: dict[str, Any] = fake.wait_for_call("views.open", after=before).args["view"]
    return view


def _submit(app: App, view: dict[str, Any], fields: dict[str, Any]) -> str:
    payload = payloads.view_submission_payload(
        view["callback_id"],
        {block: {EDITOR_INPUT: value} for block, value in fields.items()},
        user_id=SEM,
        private_metadata=view["private_metadata"],
        blocks=view["blocks"],
    )
    response = _dispatch(app, payloads.block_actions_form(payload))
    assert response.status == 200, response.body
    return response.body


def _form(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        PURPOSE: "Vragen over betalingen",
        KIND: {"type": "radio_buttons", "selected_option": {"value": "async"}},
        RESPONSE: "binnen 4 werkuur",
        URGENT_CHANNEL: {"type": "conversations_select", "selected_conversation": None},
        URGENT_OTHER: "bel de persoon",
        NOT_FOR: None,
    }
    fields.update(changes)
    return fields


def _posted(fake: FakeSlack) -> list[str]:
    return [str(m["text"]) for m in fake.messages_in(ROOM) if m.get("bot_id")]


def test_a_dutch_creator_edits_in_dutch_and_the_channel_reads_its_own_language(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    app = kairos_app(uow, clock, fake_slack)
    view = _open_editor(app, fake_slack)
    assert view["title"]["text"] == "Kanaalafspraken"
    labels = [b["label"]["text"] for b in view["blocks"]]
    assert labels[0] == "Waar dit kanaal voor is"

    refused = json.loads(_submit(app, view, _form(**{PURPOSE: " ", RESPONSE: "ooit"})))
    assert refused["response_action"] == "errors"
    assert refused["errors"] == {
        PURPOSE: "Zeg in één regel waar dit kanaal voor is.",
        RESPONSE: "“ooit” is geen reactietijd. Probeer “binnen 4 werkuur”, “volgende werkdag” "
        "of “dezelfde dag”, of laat het leeg.",
    }
    assert _posted(fake_slack) == []

    # Saved in Dutch, posted in the channel's language: the workspace's English.
    assert _submit(app, view, _form()) == ""
    assert _posted(fake_slack)[-1] == (
        "Norms set by <@U0SEM>: purpose: “Vragen over betalingen”; kind: async; response "
        "time: within 4 working hours; urgent route: call the person."
    )
    # The channel chose Dutch: the next change is posted in Dutch.
    with uow() as session:
        set_channel_language(session, ROOM, "nl", SEM, clock.now())
    again = _open_editor(app, fake_slack)
    filled = {b["block_id"]: b["element"] for b in again["blocks"]}
    assert filled[RESPONSE]["initial_value"] == "binnen 4 werkuur"
    assert filled[URGENT_OTHER]["initial_value"] == "bel de persoon"
    assert _submit(app, again, _form(**{RESPONSE: "volgende werkdag"})) == ""
    assert _posted(fake_slack)[-1] == (
        "Afspraken aangepast door <@U0SEM>: reactietijd: uiterlijk de volgende werkdag."
    )


def _join(app: App, user: str) -> None:
    event = payloads.event_callback(payloads.member_joined_channel_event(user, ROOM))
    assert _dispatch(app, json.dumps(event), "application/json").status == 200


def _dm(fake: FakeSlack, user: str) -> str:
    (message,) = fake.messages_in(fake.open_dm(user))
    return str(message["text"])


def test_each_newcomer_is_welcomed_in_their_language(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    app = kairos_app(uow, clock, fake_slack)
    assert _submit(app, _open_editor(app, fake_slack), _form()) == ""
    _join(app, NIEUW)
    _join(app, ALEX)
    assert _dm(fake_slack, NIEUW).startswith("Welkom in <#C0BETALEN>! Dit zijn de afspraken")
    assert "*Reactietijd:* binnen 4 werkuren" in _dm(fake_slack, NIEUW)
    assert _dm(fake_slack, ALEX).startswith("Welcome to <#C0BETALEN>. The channel agreed")


def test_a_dutch_workspace_welcomes_someone_kairos_knows_nothing_of_in_dutch(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    app = kairos_app(uow, clock, fake_slack, language="nl")
    assert _submit(app, _open_editor(app, fake_slack), _form()) == ""
    assert _posted(fake_slack)[-1].startswith("Afspraken vastgelegd door <@U0SEM>")
    _join(app, ALEX)
    assert _dm(fake_slack, ALEX).startswith("Welkom in <#C0BETALEN>!")
