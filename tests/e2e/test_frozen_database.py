"""A PostgreSQL server that stops answering (SIGSTOP) while `kairos run --http` is serving.

A frozen server is the hard case: the kernel still accepts connections and acknowledges
packets, so nothing ever fails; statements simply never return. Slack must still get its
answer within 3 seconds, /healthz its 503 within 2, and everything must recover alone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.db.dedupe import ProcessedEvent
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.messages import urgent_value
from tests.e2e.conftest import SLACK_TIMEOUT, RunningKairos, start_kairos, stop_and_show
from tests.support.postgres import PostgresServer, start_throwaway_server

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

HEALTH_TIMEOUT = 2.0


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of this test's own: freezing the shared one would stall every other test."""
    server = start_throwaway_server()
    if server is None:
        if os.environ.get("KAIROS_REQUIRE_POSTGRES", "") not in ("", "0", "false"):
            pytest.fail("KAIROS_REQUIRE_POSTGRES is set but PostgreSQL cannot be started")
        pytest.skip("no PostgreSQL server binaries")
    try:
        yield server
    finally:
        server.stop()


def _server_pids(server: PostgresServer) -> list[int]:
    """The postmaster, then every backend and helper process it forked."""
    postmaster = int((server.root / "data" / "postmaster.pid").read_text().split()[0])
    children = subprocess.run(
        ["pgrep", "-P", str(postmaster)], capture_output=True, text=True, check=False
    ).stdout.split()
    return [postmaster, *(int(pid) for pid in children)]


def _signal_all(pids: list[int], sig: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def _stored(kairos: RunningKairos, event_id: str) -> bool:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            found = connection.scalar(
                select(ProcessedEvent.event_id).where(ProcessedEvent.event_id == event_id)
            )
    finally:
        engine.dispose()
    return found is not None


def _deleted_event() -> tuple[str, dict[str, object]]:
    # A deletion is always stored, with its event id, in one transaction.
    event_id = payloads.new_event_id()
    event = payloads.event_callback(
        payloads.message_deleted_event("C1", payloads.new_ts()), event_id=event_id
    )
    return event_id, event


def _healthz(kairos: RunningKairos) -> httpx.Response:
    return httpx.get(f"http://127.0.0.1:{kairos.port}/healthz", timeout=HEALTH_TIMEOUT)


def _wait_until(condition: object, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} within {timeout}s")


def test_a_frozen_database_gets_answers_within_slacks_timeout_and_recovers(
    own_postgres: PostgresServer, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    kairos = start_kairos(fake_slack, own_postgres.url, tmp_path)
    pids: list[int] = []
    try:
        # Warm the pool, as a running Kairos would have it.
        warm_id, warm = _deleted_event()
        assert kairos.post_json(warm).status_code == 200
        assert _healthz(kairos).status_code == 200

        pids = _server_pids(own_postgres)
        _signal_all(pids, signal.SIGSTOP)

        # The client timeouts are the bounds: Slack gives up after 3 s.
        event_id, event = _deleted_event()
        assert kairos.post_json(event).status_code == 500  # Slack will retry it

        for _ in range(3):  # the first probe hangs; the next ones must not wait for it
            health = _healthz(kairos)
            assert health.status_code == 503
            assert health.json()["database"] == "unreachable"

        user = "UF" + uuid.uuid4().hex[:6].upper()
        fake_slack.add_user(user, name="frozen")
        command = payloads.slash_command_form(
            "/focus", "", user_id=user, channel_id="C1", response_url="https://x.invalid/r"
        )
        reply = kairos.post_form(command)
        assert reply.status_code == 200
        assert reply.json()["response_type"] == "ephemeral"
        assert "database" in reply.json()["text"]
        assert "Traceback" not in reply.text

        response_url = fake_slack.new_response_url()
        press = payloads.block_actions_form(
            payloads.block_action_payload(
                "focus.urgent",
                urgent_value("C1", payloads.new_ts()),
                user_id=user,
                channel_id="C1",
                message={"ts": payloads.new_ts()},
                response_url=response_url,
            )
        )
        assert kairos.post_form(press).status_code == 200
        private = fake_slack.wait_for_response(response_url)
        assert "database" in private[0]["text"]
        assert private[0].get("response_type", "ephemeral") == "ephemeral"

        _signal_all(pids, signal.SIGCONT)

        _wait_until(lambda: _healthz(kairos).status_code == 200, "/healthz back to 200")
        fresh_id, fresh = _deleted_event()
        assert kairos.post_json(fresh).status_code == 200
        assert _stored(kairos, fresh_id)
        # Slack's retry of the event that timed out is handled (or found handled) now.
        assert kairos.post_json(event).status_code == 200
        assert _stored(kairos, event_id)
        assert _stored(kairos, warm_id)
        assert "Traceback" not in kairos.process.output()
    finally:
        _signal_all(pids, signal.SIGCONT)
        stop_and_show(kairos)


def test_socket_mode_acks_in_time_with_a_frozen_database(
    own_postgres: PostgresServer, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    kairos = start_kairos(fake_slack, own_postgres.url, tmp_path, socket_mode=True)
    pids: list[int] = []
    try:
        fake_slack.wait_for_socket(timeout=15)
        warm_id, warm = _deleted_event()
        assert "envelope_id" in fake_slack.socket_send("events_api", warm)

        pids = _server_pids(own_postgres)
        _signal_all(pids, signal.SIGSTOP)

        user = "US" + uuid.uuid4().hex[:6].upper()
        fake_slack.add_user(user, name="frozen-socket")
        command = payloads.slash_command(
            "/focus", "", user_id=user, channel_id="C1", response_url="https://x.invalid/r"
        )
        ack = fake_slack.socket_send("slash_commands", command, timeout=SLACK_TIMEOUT)
        assert ack["payload"]["response_type"] == "ephemeral"
        assert "database" in ack["payload"]["text"]

        # An event that cannot be stored is not acked, so that Slack delivers it again.
        event_id, event = _deleted_event()
        envelope_id = fake_slack.socket_send_nowait("events_api", event)
        kairos.wait_for_output("status 500)", timeout=SLACK_TIMEOUT)  # the late answer's line
        assert fake_slack.ack_for(envelope_id) is None

        _signal_all(pids, signal.SIGCONT)

        _wait_until(lambda: _healthz(kairos).status_code == 200, "/healthz back to 200")
        retry = fake_slack.socket_send("events_api", event, retry_attempt=1, retry_reason="timeout")
        assert "envelope_id" in retry
        assert _stored(kairos, event_id)
        assert _stored(kairos, warm_id)
        assert "Traceback" not in kairos.process.output()
    finally:
        _signal_all(pids, signal.SIGCONT)
        stop_and_show(kairos)
