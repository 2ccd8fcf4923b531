"""`kairos run` in Socket Mode: the fake Slack delivers envelopes over a local WebSocket."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.e2e.conftest import RunningKairos, start_kairos

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def kairos_socket(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """`kairos run` with SLACK_APP_TOKEN set, connected to the fake's WebSocket."""
    running = start_kairos(
        fake_slack, e2e_database_url, tmp_path_factory.mktemp("socket"), socket_mode=True
    )
    try:
        fake_slack.wait_for_socket(timeout=15)
        yield running
    finally:
        running.process.cleanup()


def test_socket_mode_serves_only_the_health_check(kairos_socket: RunningKairos) -> None:
    base = f"http://127.0.0.1:{kairos_socket.port}"
    assert httpx.get(f"{base}/healthz", timeout=3).status_code == 200
    assert httpx.post(f"{base}/slack/events", content="{}", timeout=3).status_code in (404, 405)


def test_event_envelope_is_acknowledged(
    kairos_socket: RunningKairos, fake_slack: FakeSlack
) -> None:
    event = payloads.event_callback(payloads.message_event("U1", "C1", "hello"), event_id="EvSock1")
    ack = fake_slack.socket_send("events_api", event)
    assert "envelope_id" in ack


def test_retried_event_envelope_is_acknowledged_once_handled(
    kairos_socket: RunningKairos, fake_slack: FakeSlack
) -> None:
    event_id = "Ev" + uuid.uuid4().hex[:8].upper()
    event = payloads.event_callback(
        payloads.message_deleted_event("C1", payloads.new_ts()), event_id=event_id
    )
    fake_slack.socket_send("events_api", event)
    retry_ack = fake_slack.socket_send("events_api", event, retry_attempt=1, retry_reason="timeout")
    assert "envelope_id" in retry_ack
    kairos_socket.wait_for_output(f"event {event_id} was already handled")


def test_slash_command_envelope_is_answered_in_the_ack(
    kairos_socket: RunningKairos, fake_slack: FakeSlack
) -> None:
    command = payloads.slash_command(
        "/kairos", "help", user_id="U1", channel_id="C1", response_url=fake_slack.new_response_url()
    )
    ack = fake_slack.socket_send("slash_commands", command)
    assert ack["payload"]["response_type"] == "ephemeral"
    assert "Focus hours" in ack["payload"]["text"]


def test_interaction_envelope_is_acknowledged_and_handled(
    kairos_socket: RunningKairos, fake_slack: FakeSlack
) -> None:
    user = f"UI{uuid.uuid4().hex[:6].upper()}"
    fake_slack.add_user(user, name="socket-clicker")
    ack = fake_slack.socket_send(
        "interactive", payloads.block_action_payload("home.show_help", "", user_id=user)
    )
    assert "envelope_id" in ack
    fake_slack.wait_for_call("chat.postMessage", predicate=lambda c: c.args.get("channel") == user)


def test_disconnect_makes_the_bot_reconnect(
    kairos_socket: RunningKairos, fake_slack: FakeSlack
) -> None:
    before = fake_slack.socket_connections
    fake_slack.socket_disconnect("refresh_requested")
    assert fake_slack.wait_for_socket(timeout=15, connections=before + 1) >= before + 1
    event = payloads.event_callback(
        payloads.message_event("U1", "C1", "after"), event_id="EvAfter1"
    )
    assert "envelope_id" in fake_slack.socket_send("events_api", event)
