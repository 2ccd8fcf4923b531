"""The fake Slack's Socket Mode: apps.connections.open, the protocol, and Bolt's own Socket
Mode client end to end."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import Ack, App, Respond, Say
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from websockets.sync.client import connect as ws_connect

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.slack.answers import slack_error

# ---- Socket Mode


def test_apps_connections_open_takes_only_the_app_token(
    fake_slack: FakeSlack, bot_client: WebClient
) -> None:
    error = slack_error(lambda: bot_client.apps_connections_open(app_token=fake_slack.bot_token))
    assert error["error"] == "not_allowed_token_type"
    url = bot_client.apps_connections_open(app_token=fake_slack.app_token)["url"]
    assert url.startswith(f"ws://127.0.0.1:{fake_slack.base_url.rsplit(':', 1)[1]}/link/?ticket=")


def test_socket_mode_protocol(fake_slack: FakeSlack, bot_client: WebClient) -> None:
    url = bot_client.apps_connections_open(app_token=fake_slack.app_token)["url"]
    with ws_connect(url) as ws:
        hello = json.loads(ws.recv(timeout=5))
        assert hello["type"] == "hello"
        assert hello["connection_info"] == {"app_id": "A0001"}
        assert fake_slack.wait_for_socket() == 1
        payload = payloads.event_callback(payloads.app_home_opened_event("U1"))
        envelope_id = fake_slack.socket_send_nowait("events_api", payload)
        envelope = json.loads(ws.recv(timeout=5))
        assert envelope == {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        ws.send(json.dumps({"envelope_id": envelope_id}))
        assert fake_slack.wait_for_ack(envelope_id) == {"envelope_id": envelope_id}
        fake_slack.socket_disconnect(wait_for_reconnect=False)
        assert json.loads(ws.recv(timeout=5))["type"] == "disconnect"
    bad_ticket = url.replace("ticket=", "ticket=x")
    with pytest.raises(Exception, match="403"):
        ws_connect(bad_ticket)


@pytest.fixture
def bolt_app(fake_slack: FakeSlack) -> App:
    client = WebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url)
    return App(client=client, process_before_response=True)


@pytest.fixture
def socket_mode(fake_slack: FakeSlack, bolt_app: App) -> Iterator[SocketModeHandler]:
    handler = SocketModeHandler(bolt_app, fake_slack.app_token)
    # connect() returns even when the connection failed: wait_for_socket() tells.
    handler.connect()  # type: ignore[no-untyped-call]
    try:
        yield handler
    finally:
        fake_slack.close_socket_client(handler.client)


def test_bolt_socket_mode_end_to_end(
    workspace: FakeSlack, bolt_app: App, socket_mode: SocketModeHandler
) -> None:
    @bolt_app.event("app_mention")
    def mention(event: dict[str, Any], say: Say) -> None:
        say(f"hi <@{event['user']}>", thread_ts=event["ts"])

    @bolt_app.command("/kairos")
    def command(ack: Ack, respond: Respond, command: dict[str, Any]) -> None:
        ack(f"starting {command['text']}")
        respond("started")

    assert workspace.wait_for_socket() == 1
    event = payloads.app_mention_event("U1", "C1", "<@UBOT> agenda")
    ack = workspace.socket_send("events_api", payloads.event_callback(event))
    assert set(ack) == {"envelope_id"}
    reply = workspace.wait_for_call("chat.postMessage")
    assert reply.args["thread_ts"] == event["ts"]
    assert workspace.last_message("C1")["text"] == "hi <@U1>"

    response_url = workspace.new_response_url()
    command_payload = payloads.slash_command(
        "/kairos", "focus 25", user_id="U1", channel_id="C1", response_url=response_url
    )
    ack = workspace.socket_send("slash_commands", command_payload)
    assert ack["payload"] == {"text": "starting focus 25"}
    assert workspace.wait_for_response(response_url) == [{"text": "started"}]

    # Slack rotates connections: the client reconnects with a new URL, events keep flowing.
    workspace.socket_disconnect("refresh_requested")
    assert workspace.wait_for_socket(connections=2) == 2
    assert len(workspace.calls_to("apps.connections.open")) == 2
    ack = workspace.socket_send("slash_commands", command_payload)
    assert ack["payload"] == {"text": "starting focus 25"}

    # No listener, no ack (Bolt answers 404 internally): Slack would retry.
    unhandled = payloads.event_callback(payloads.app_home_opened_event("U1"))
    envelope_id = workspace.socket_send_nowait("events_api", unhandled)
    with pytest.raises(AssertionError, match="no ack"):
        workspace.wait_for_ack(envelope_id, timeout=0.3)


def test_stop_leaves_no_threads() -> None:
    before = set(threading.enumerate())
    fake = FakeSlack()
    fake.start()
    WebClient(token=fake.bot_token, base_url=fake.api_url).auth_test()
    fake.stop()
    assert set(threading.enumerate()) <= before
    fake.stop()  # stopping twice is harmless
