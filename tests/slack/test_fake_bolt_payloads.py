"""Requests signed as Slack signs them, and the test payloads, through Bolt's own checks."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import Ack, App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.signing import signed_headers, slack_signature
from bot.demo.fake_slack.slack_api import FakeSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def bolt_headers(secret: str, body: str) -> dict[str, str | Sequence[str]]:
    """signed_headers() typed as BoltRequest wants them."""
    return dict(signed_headers(secret, body))


# ---- signing and payloads through Bolt's own checks


def test_signature_matches_slacks_documented_example() -> None:
    body = (
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
        "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook"
        "-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F3977"
        "00885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d1"
        "0d2c447fce8b6703c"
    )
    assert slack_signature(SECRET, 1531420618, body) == (
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )
    headers = signed_headers(SECRET, body)
    assert set(headers) == {"Content-Type", "X-Slack-Request-Timestamp", "X-Slack-Signature"}
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert SignatureVerifier(SECRET).is_valid_request(body, headers)
    stale = signed_headers(SECRET, body, timestamp=int(time.time()) - 301)
    assert not SignatureVerifier(SECRET).is_valid_request(body, stale)
    assert signed_headers(SECRET, "{}")["Content-Type"] == "application/json"


def test_payloads_parse_in_bolt_over_http(workspace: FakeSlack) -> None:
    client = WebClient(token=workspace.bot_token, base_url=workspace.api_url)
    app = App(client=client, signing_secret=SECRET, process_before_response=True)
    seen: dict[str, Any] = {}

    @app.event("message")
    def on_message(event: dict[str, Any]) -> None:
        seen["message"] = event

    @app.command("/kairos")
    def on_command(ack: Ack, command: dict[str, Any]) -> None:
        seen["command"] = command
        ack()

    @app.action("snooze")
    def on_action(ack: Ack, body: dict[str, Any]) -> None:
        seen["action"] = body["actions"][0]
        ack()

    @app.view("focus_start")
    def on_view(ack: Ack, view: dict[str, Any]) -> None:
        seen["values"] = view["state"]["values"]
        ack(response_action="clear")

    def post(body: str) -> Any:
        return app.dispatch(BoltRequest(body=body, headers=bolt_headers(SECRET, body)))

    event = payloads.message_event("U1", "C1", "ping <@U2> in <#C1|general> &amp; <!here>")
    assert post(json.dumps(payloads.event_callback(event))).status == 200
    elements = seen["message"]["blocks"][0]["elements"][0]["elements"]
    assert [e["type"] for e in elements] == [
        "text",
        "user",
        "text",
        "channel",
        "text",
        "broadcast",
    ]
    assert elements[4]["text"] == " & "

    challenge = post(json.dumps(payloads.url_verification("abc")))
    assert (challenge.status, json.loads(challenge.body)) == (200, {"challenge": "abc"})

    form = payloads.slash_command_form(
        "/kairos", "focus 25", user_id="U1", channel_id="C1", response_url="https://x/y"
    )
    assert dict(parse_qsl(form))["command"] == "/kairos"
    assert "command=%2Fkairos&text=focus+25" in form
    assert post(form).status == 200
    assert seen["command"]["text"] == "focus 25"

    message = {"type": "message", "ts": "1700000000.000100", "text": "Focus?"}
    action = payloads.block_action_payload(
        "snooze", "30", user_id="U1", channel_id="C1", message=message
    )
    assert post(payloads.block_actions_form(action)).status == 200
    assert seen["action"]["value"] == "30"
    select = payloads.block_action_payload(
        "snooze", "60", user_id="U1", view={"id": "V1"}, action_type="static_select"
    )
    assert post(payloads.block_actions_form(select)).status == 200
    assert seen["action"]["selected_option"]["value"] == "60"

    submission = payloads.view_submission_payload(
        "focus_start", {"minutes": {"value": "25"}}, user_id="U1"
    )
    answer = post(payloads.block_actions_form(submission))
    assert (answer.status, json.loads(answer.body)) == (200, {"response_action": "clear"})
    assert seen["values"] == {"minutes": {"value": {"type": "plain_text_input", "value": "25"}}}

    tampered = bolt_headers("wrong-secret", form)
    assert app.dispatch(BoltRequest(body=form, headers=tampered)).status == 401
