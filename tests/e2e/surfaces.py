"""Steps on Slack's surfaces that the end-to-end flows share, against a running Kairos and the
fake Slack: opening App Home, a `/kairos` command, a message's button pressed, the modal a
press opened, and a modal submitted with the values Slack sends for it."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.e2e.conftest import RunningKairos
from tests.unit.view_checks import check_modal


def open_home(kairos: RunningKairos, fake: FakeSlack, user: str) -> dict[str, Any]:
    """A signed app_home_opened; the tab Kairos published for the user."""
    before = len(fake.calls)
    event = payloads.event_callback(
        payloads.app_home_opened_event(user), event_id=f"Ev{uuid.uuid4().hex[:10].upper()}"
    )
    assert kairos.post_json(event).status_code == 200
    fake.wait_for_call("views.publish", after=before, predicate=lambda c: c.args["user_id"] == user)
    home = fake.home_view(user)
    assert home is not None
    return home


def opened(fake: FakeSlack, after: int, callback_id: str) -> dict[str, Any]:
    """The modal opened after call `after`, which must be `callback_id` and within Slack's
    limits."""
    view: dict[str, Any] = fake.wait_for_call("views.open", after=after).args["view"]
    assert view["callback_id"] == callback_id
    check_modal(view)
    return view


def kairos_command(
    kairos: RunningKairos, fake: FakeSlack, user: str, text: str, channel: str
) -> tuple[dict[str, Any], str]:
    """`/kairos <text>`: its answer (empty when it only acks), and its response_url."""
    response_url = fake.new_response_url()
    body = payloads.slash_command_form(
        "/kairos", text, user_id=user, channel_id=channel, response_url=response_url,
        trigger_id=fake.new_trigger_id(user),
    )  # fmt: skip
    response = kairos.post_form(body)
    assert response.status_code == 200, response.text
    return (response.json() if response.text else {}), response_url


def inputs_of(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """block_id -> element of every input of a modal."""
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def filled_in(view: dict[str, Any], **changes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """view.state.values as Slack sends them for the modal as it was opened, with `changes`
    replacing whole inputs by block id."""
    initial: dict[str, tuple[str, str, Any]] = {
        "plain_text_input": ("value", "initial_value", None),
        "conversations_select": ("selected_conversation", "initial_conversation", None),
        "multi_users_select": ("selected_users", "initial_users", []),
        "checkboxes": ("selected_options", "initial_options", []),
        "timepicker": ("selected_time", "initial_time", None),
        "radio_buttons": ("selected_option", "initial_option", None),
        "static_select": ("selected_option", "initial_option", None),
    }
    state: dict[str, dict[str, Any]] = {}
    for block_id, element in inputs_of(view).items():
        selected, given, nothing = initial[element["type"]]
        chosen = {"type": element["type"], selected: element.get(given, nothing)}
        chosen.update(changes.get(block_id, {}))
        state[block_id] = {element["action_id"]: chosen}
    return state


def submit(
    kairos: RunningKairos, view: dict[str, Any], user: str, values: dict[str, dict[str, Any]]
) -> httpx.Response:
    """Submit the modal with these values; Kairos's answer (200)."""
    payload = payloads.view_submission_payload(
        view["callback_id"], values, user_id=user,
        private_metadata=view["private_metadata"], blocks=view["blocks"],
    )  # fmt: skip
    response = kairos.post_form(payloads.block_actions_form(payload))
    assert response.status_code == 200
    return response


def button(message: dict[str, Any], action: str) -> dict[str, Any]:
    """A button of a message: in an actions block or a section's accessory."""
    for block in message.get("blocks", []):
        elements = block.get("elements", []) if block.get("type") == "actions" else []
        for element in [*elements, block.get("accessory") or {}]:
            if element.get("action_id") == action:
                return dict(element)
    raise AssertionError(f"no {action} button in {message.get('text')!r}")


def press(
    kairos: RunningKairos,
    fake: FakeSlack,
    user: str,
    message: dict[str, Any],
    action: str,
    *,
    channel: str | None = None,
    response_url: str | None = None,
    trigger_id: str | None = None,
) -> int:
    """Press a button of a message (in the user's DM unless `channel`); the index of the
    fake's next call, to wait for what follows."""
    pressed = button(message, action)
    before = len(fake.calls)
    payload = payloads.block_action_payload(
        action, pressed["value"], user_id=user, channel_id=channel or fake.open_dm(user),
        message=message, response_url=response_url or fake.new_response_url(),
        trigger_id=trigger_id or fake.new_trigger_id(user),
    )  # fmt: skip
    assert kairos.post_form(payloads.block_actions_form(payload)).status_code == 200
    return before
